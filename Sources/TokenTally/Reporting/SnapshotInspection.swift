/// `tokentally inspect`: a snapshot's header, for people or as JSON.
public struct SnapshotInspection: Sendable {
    public let file: SnapshotFile

    public init(file: SnapshotFile) { self.file = file }

    public func render(_ format: OutputFormat) -> String {
        let h = file.header
        let c = h.counters
        switch format {
        case .json, .csv:
            var out = JSONOutput()
            out.raw("{\"path\":")
            out.string(file.path)
            out.raw(",\"version\":")
            out.int(h.version)
            out.raw(",\"sequence\":")
            out.int(h.sequence)
            out.raw(",\"created_at\":")
            out.string(Timestamp.format(ms: h.createdAtMs))
            out.raw(",\"watermark\":")
            if h.hasWatermark { out.string(Timestamp.format(ms: h.watermarkMs)) } else { out.raw("null") }
            out.raw(",\"watermark_ms\":")
            if h.hasWatermark { out.int(h.watermarkMs) } else { out.raw("null") }
            out.raw(",\"windows\":[")
            out.raw(h.windows.map { "\"\($0.name)\"" }.joined(separator: ","))
            out.raw("],\"checksum\":{\"algorithm\":\"xxh64\",\"value\":\"")
            out.raw(file.checksum)
            out.raw("\",\"verified\":true},\"input\":{\"lines\":")
            out.int(c.linesRead)
            out.raw(",\"bytes\":")
            out.int(c.decodedBytes)
            out.raw(",\"sources\":[")
            for (i, s) in h.sources.enumerated() {
                if i > 0 { out.raw(",") }
                out.raw("{\"name\":")
                out.string(s.name)
                out.raw(",\"bytes_read\":")
                out.int(s.decodedBytesRead)
                out.raw(",\"lines_read\":")
                out.int(s.linesRead)
                out.raw(s.finished ? ",\"finished\":true}" : ",\"finished\":false}")
            }
            out.raw("]},\"events\":{\"accepted\":")
            out.int(c.eventsAccepted)
            out.raw(",\"usage\":")
            out.int(c.usageEvents)
            out.raw(",\"outcomes\":")
            out.int(c.outcomeEvents)
            out.raw(",\"late\":")
            out.int(c.lateEvents)
            out.raw(",\"blank_lines\":")
            out.int(c.blankLines)
            out.raw(",\"rejected_total\":")
            out.int(c.rejectedTotal)
            out.raw(",\"rejected\":{")
            out.raw(RejectReason.allCases.map { "\"\($0.name)\":\(c.rejected($0))" }.joined(separator: ","))
            out.raw("}},\"keys\":{")
            out.raw(KeyDimension.allCases.map { "\"\($0.name)\":\(h.keysByDimension[$0.rawValue])" }.joined(separator: ","))
            out.raw("},\"dropped_updates\":")
            out.int(h.droppedUpdates)
            out.raw("}\n")
            return String(decoding: out.bytes, as: UTF8.self)
        case .table:
            var lines: [String] = []
            func add(_ label: String, _ value: String) {
                lines.append(label.padding(toLength: 20) + value)
            }
            add("snapshot", file.path)
            add("format", "\(SnapshotHeader.formatName) version \(h.version), sequence \(h.sequence)")
            add("created", Timestamp.format(ms: h.createdAtMs))
            add("checksum", "xxh64 \(file.checksum) (verified)")
            add("watermark", h.hasWatermark ? Timestamp.format(ms: h.watermarkMs) : "none (no events yet)")
            add("windows", h.windows.map(\.name).joined(separator: ", "))
            add("input", "\(c.linesRead) lines, \(c.decodedBytes) bytes")
            for s in h.sources {
                add("  source", "\(s.name): \(s.linesRead) lines, \(s.decodedBytesRead) bytes"
                    + (s.compressed ? " (zstd)" : "") + (s.finished ? ", finished" : ", in progress"))
            }
            add("accepted", "\(c.eventsAccepted) (\(c.usageEvents) usage, \(c.outcomeEvents) outcome)")
            add("late", String(c.lateEvents))
            add("blank lines", String(c.blankLines))
            add("rejected", String(c.rejectedTotal))
            for reason in RejectReason.allCases where c.rejected(reason) > 0 {
                add("  " + reason.name, String(c.rejected(reason)))
            }
            add("keys", KeyDimension.allCases.map { "\($0.name) \(h.keysByDimension[$0.rawValue])" }.joined(separator: ", "))
            if h.droppedUpdates > 0 { add("dropped updates", "\(h.droppedUpdates) (key limit \(h.keysMax) reached)") }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}
