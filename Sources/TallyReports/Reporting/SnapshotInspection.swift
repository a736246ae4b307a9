import TallyCore
import TallyEvents
import TallyStages

/// `tokentally inspect`: a snapshot's header, for people or as JSON.
public struct SnapshotInspection: Sendable {
    /// Followed files listed one per line (`--follow`); the rest are counted.
    static let followedFilesShown = 20
    public let file: SnapshotFile

    public init(file: SnapshotFile) { self.file = file }

    public func render(_ format: OutputFormat) -> String {
        let h = file.header
        let c = h.counters
        switch format {
        case .json, .csv:
            // The header exactly as the file holds it, plus where it came from and the checksum verdict.
            var out = JSONOutput()
            out.raw("{\"path\":")
            out.string(file.path)
            out.raw(",\"checksum\":{\"algorithm\":\"xxh64\",\"value\":\"")
            out.raw(file.checksum)
            out.raw("\",\"verified\":true},")
            h.writeFields(into: &out)
            if !file.sections.isEmpty {
                out.raw(",\"sections\":[")
                for (i, section) in file.sections.enumerated() {
                    out.raw(i > 0 ? ",{" : "{")
                    section.writeFields(into: &out)
                    out.raw("}")
                }
                out.raw("]")
            }
            out.raw("}\n")
            return out.text
        case .table:
            var lines: [String] = []
            func add(_ label: String, _ value: String) {
                lines.append(label.padding(toLength: 20) + TerminalText.escaped(value))  // paths and names from input
            }
            add("snapshot", file.path)
            add("format", "\(SnapshotHeader.formatName) version \(h.version), sequence \(h.sequence)")
            add("created", Timestamp.format(ms: h.createdAtMs))
            add("checksum", "xxh64 \(file.checksum) (verified)")
            for section in file.sections {
                // Each section's checksum is verified when a reader decodes it, not here.
                add("section", "\(section.kind.name) (version \(section.version)): \(section.rows) rows, "
                    + "\(section.bytes) bytes, \(section.compressedBytes) compressed")
            }
            add("watermark", h.hasWatermark ? Timestamp.format(ms: h.watermarkMs) : "none (no events yet)")
            add("windows", h.windows.map(\.name).joined(separator: ", "))
            if h.isMerged { addMerge(h, add) }
            add("input", "\(c.linesRead) lines, \(c.decodedBytes) bytes")
            for s in h.sources {
                add("  source", "\(s.name): \(s.linesRead) lines, \(s.decodedBytesRead) bytes"
                    + (s.compressed ? " (zstd)" : "") + (s.format.map { ", format \($0.rawValue)" } ?? "")
                    + (s.finished ? ", finished" : ", in progress"))
            }
            if !h.kafka.isEmpty {
                // The lag is the cut's: messages the partition had, as the reader last saw its end, past the offset.
                add("  kafka", KafkaLag(h.kafka).map { $0.text + " as of the cut" } ?? "lag unknown (no partition ends recorded)")
                for k in h.kafka {
                    add("", "\(k.topic) partition \(k.partition): offset \(k.offset)"
                        + (k.highWatermark.map { ", end \($0), lag \($0 - k.offset)" } ?? "")
                        + (k.watermarkMs.map { ", newest event \(Timestamp.format(ms: $0))" } ?? ""))
                }
            }
            if !h.follow.isEmpty {
                // By path; for a tree of thousands, the first few.
                add("  followed", "\(h.follow.count) files")
                for f in h.follow.prefix(Self.followedFilesShown) {
                    add("", "\(f.path): \(f.linesRead) lines, offset \(f.offset)")
                }
                if h.follow.count > Self.followedFilesShown { add("", "(\(h.follow.count - Self.followedFilesShown) more)") }
            }
            add("accepted", "\(c.eventsAccepted) (\(c.usageEvents) usage, \(c.outcomeEvents) outcome)")
            add("late", String(c.lateEvents))
            add("duplicates", String(c.duplicateEvents))
            add("blank lines", String(c.blankLines))
            if c.skippedTotal > 0 || c.extraRecords > 0 {
                add("skipped", String(c.skippedTotal))
                for reason in SkipReason.allCases where c.skipped(reason) > 0 {
                    add("  " + reason.name, String(c.skipped(reason)))
                }
                add("extra records", "\(c.extraRecords) (lines that held more than one record)")
            }
            add("rejected", String(c.rejectedTotal))
            for reason in RejectReason.allCases where c.rejected(reason) > 0 {
                add("  " + reason.name, String(c.rejected(reason)))
            }
            add("cost", UsageReport.costNote(h).dropFirst("cost_usd: ".count).description)
            for (name, events) in c.unpricedModelsByEvents {
                add("  unpriced", "\(name): \(events) events")
            }
            add("keys", KeyDimension.allCases.map { "\($0.name) \(h.keysByDimension[$0.rawValue])" }.joined(separator: ", "))
            if h.droppedUpdates > 0 {
                let byDimension = KeyDimension.allCases.filter { h.droppedUpdatesByDimension[$0.rawValue] > 0 }
                    .map { "\($0.name) \(h.droppedUpdatesByDimension[$0.rawValue])" }
                add("dropped updates", "\(h.droppedUpdates) (key limit \(h.keysMax) reached)"
                    + (byDimension.isEmpty ? "" : ": " + byDimension.joined(separator: ", ")))
            }
            if h.dedupHorizonShortenings > 0 {
                add("dedup forgot", "\(h.dedupIDsForgotten) ids early, \(h.dedupHorizonShortenings) times (limit \(h.dedupIDsMax) ids)")
            }
            if h.saturatedSums > 0 {
                add("saturated sums", "\(h.saturatedSums) additions stopped at 9,223,372,036,854,775,807 (or a bucket's count limit): "
                    + "the totals that hold them are lower bounds")
            }
            add("user ids", h.pseudonymKeyFingerprint.map { "pseudonymised (key fingerprint \($0))" } ?? "raw")
            add("session ids", h.sessionsPseudonymized ? "pseudonymised" : "raw")
            add("task ids", h.tasksPseudonymized ? "pseudonymised (ingest --pseudonymize-tasks)" : "raw")
            add("leaderboard", h.leaderboardAllowed ? "allowed (ingest --allow-leaderboard)" : "not allowed")
            if h.insightRecordsRefused > 0 {
                add("insights refused", "\(h.insightRecordsRefused) records (limit \(h.insightRecordsMax) per table): figures are lower bounds")
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// A merged snapshot's parts, completeness watermark and caveats.
    private func addMerge(_ h: SnapshotHeader, _ add: (String, String) -> Void) {
        add("merged", "\(h.mergedParts.count) parts, complete through "
            + (h.completenessWatermarkMs == Int64.min ? "none (a part had no events)" : Timestamp.format(ms: h.completenessWatermarkMs))
            + " (the earliest part's watermark)")
        for part in h.mergedParts {
            add("  part", "\(part.path): sequence \(part.sequence), watermark "
                + (part.watermarkMs == Int64.min ? "none" : Timestamp.format(ms: part.watermarkMs))
                + ", \(part.sources.reduce(0) { $0 + $1.linesRead }) lines"
                + (part.kafka.isEmpty ? "" : ", kafka " + part.kafka.map { "\($0.topic)/\($0.partition)@\($0.offset)" }.joined(separator: " ")))
        }
        if h.inexactTaskRuns > 0 {
            add("caveat", "task_calls_since_status: \(h.inexactTaskRuns) tasks' calls and latest status came from different parts, "
                + "so their calls since that status are not exact (each part's since its own latest status, added)")
        }
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}
