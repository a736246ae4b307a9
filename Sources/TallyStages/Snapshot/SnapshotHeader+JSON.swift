import TallyCore
import TallyEvents
import TallySnapshot

extension SnapshotHeader {
    /// Writes the header's members (no braces), shared by snapshot files and `inspect --format json`.
    package func writeFields(into out: inout JSONOutput) {
        let h = self
        out.raw("\"format\":\"")
        out.raw(SnapshotHeader.formatName)
        out.raw("\",\"version\":")
        out.int(h.version)
        out.member("sequence", h.sequence)
        out.member("created_at_ms", h.createdAtMs)
        out.raw(",\"created_at\":")
        out.string(Timestamp.format(ms: h.createdAtMs))
        if h.hasWatermark {
            out.member("watermark_ms", h.watermarkMs)
            out.raw(",\"watermark\":")
            out.string(Timestamp.format(ms: h.watermarkMs))
        } else {
            out.raw(",\"watermark_ms\":null,\"watermark\":null")
        }
        out.raw(",\"windows\":[")
        for (i, w) in h.windows.enumerated() {
            if i > 0 { out.raw(",") }
            out.raw("{\"name\":\"")
            out.raw(w.name)
            out.raw("\",\"unit\":\"")
            out.raw(w.unit == .hour ? "hour" : "day")
            out.raw("\",\"length\":")
            out.int(w.length)
            if h.hasWatermark {
                let start = w.startMs(watermarkMs: h.watermarkMs)
                let end = (Timestamp.floorDiv(h.watermarkMs, w.unit.milliseconds) + 1) * w.unit.milliseconds
                out.raw(",\"start\":")
                out.string(Timestamp.format(ms: start))
                out.raw(",\"end\":")
                out.string(Timestamp.format(ms: end))
            }
            out.raw("}")
        }
        let c = h.counters
        out.raw("],\"input\":{\"lines\":")
        out.int(c.linesRead)
        out.member("bytes", c.decodedBytes)
        out.raw(",")
        Self.writePositions(sources: h.sources, follow: h.follow, kafka: h.kafka, into: &out)
        out.raw("},\"events\":{\"accepted\":")
        out.int(c.eventsAccepted)
        out.member("usage", c.usageEvents)
        out.member("outcomes", c.outcomeEvents)
        out.member("late", c.lateEvents)
        out.member("duplicates", c.duplicateEvents)
        out.member("blank_lines", c.blankLines)
        out.member("rejected_total", c.rejectedTotal)
        out.raw(",\"rejected\":")
        out.counts(RejectReason.allCases.map(\.name)) { c.rejectedByReason[$0] }
        out.member("skipped_total", c.skippedTotal)
        out.raw(",\"skipped\":")
        out.counts(SkipReason.allCases.map(\.name)) { c.skippedByReason[$0] }
        out.member("extra_records", c.extraRecords)
        out.raw("},\"keys\":")
        out.counts(KeyDimension.allCases.map(\.name)) { h.keysByDimension[$0] }
        out.raw(",\"limits\":{\"keys_max\":")
        out.int(h.keysMax)
        out.member("dropped_updates", h.droppedUpdates)
        out.raw(",\"dropped_updates_by_dimension\":")
        out.counts(KeyDimension.allCases.map(\.name)) { h.droppedUpdatesByDimension[$0] }
        out.member("saturated_sums", h.saturatedSums)
        out.member("line_bytes_max", h.lineBytesMax)
        out.member("max_future_ms", h.maxFutureMs)
        out.raw("},\"dedup\":{\"horizon_hours\":")
        out.int(h.dedupHorizonHours)
        out.member("ids", h.dedupIDs)
        out.member("ids_max", h.dedupIDsMax)
        out.member("horizon_shortenings", h.dedupHorizonShortenings)
        out.member("ids_forgotten", h.dedupIDsForgotten)
        out.raw("},\"insights\":{\"records_max\":")
        out.int(h.insightRecordsMax)
        out.member("refused", h.insightRecordsRefused)
        out.member("name_collisions", h.insightNameCollisions)
        out.raw("},\"governance\":{\"pseudonymized\":")
        out.raw(h.pseudonymKeyFingerprint == nil ? "false" : "true")
        out.raw(",\"key_fingerprint\":")
        if let fingerprint = h.pseudonymKeyFingerprint { out.string(fingerprint) } else { out.raw("null") }
        out.raw(h.sessionsPseudonymized ? ",\"sessions_pseudonymized\":true" : ",\"sessions_pseudonymized\":false")
        out.raw(h.tasksPseudonymized ? ",\"tasks_pseudonymized\":true" : ",\"tasks_pseudonymized\":false")
        out.raw(h.leaderboardAllowed ? ",\"leaderboard_allowed\":true}" : ",\"leaderboard_allowed\":false}")
        out.raw(",\"cost\":{\"price_table\":")
        if let table = h.priceTable { out.string(table) } else { out.raw("null") }
        out.member("reported_events", c.costReportedEvents)
        out.member("estimated_events", c.costEstimatedEvents)
        out.member("unpriced_events", c.costUnpricedEvents)
        out.raw(",\"estimated_usd\":")
        out.nano(c.costEstimatedNanoUSD)
        out.raw(",\"unpriced_models\":{")
        for (i, (name, events)) in c.unpricedModelsByEvents.enumerated() {
            if i > 0 { out.raw(",") }
            out.string(name)
            out.raw(":")
            out.int(events)
        }
        out.raw("}}")
        if h.isMerged { writeMerge(into: &out) }
    }

    /// `"merge"`: a merged snapshot's completeness watermark, caveats and parts.
    private func writeMerge(into out: inout JSONOutput) {
        out.raw(",\"merge\":{")
        Self.writeInstant("completeness_watermark", completenessWatermarkMs, into: &out)
        out.raw(",\"caveats\":{\"task_calls_since_status\":")
        out.int(inexactTaskRuns)
        out.raw("},\"parts\":[")
        for (i, part) in mergedParts.enumerated() {
            out.raw(i > 0 ? ",{\"path\":" : "{\"path\":")
            out.string(part.path)
            out.member("sequence", part.sequence)
            out.member("created_at_ms", part.createdAtMs)
            out.raw(",")
            Self.writeInstant("watermark", part.watermarkMs, into: &out)
            out.raw(",\"input\":{")
            Self.writePositions(sources: part.sources, follow: part.follow, kafka: part.kafka, into: &out)
            out.raw("}}")
        }
        out.raw("]}")
    }

    /// `"NAME_ms":N,"NAME":"<ISO time>"`, both `null` for `Int64.min`.
    private static func writeInstant(_ name: String, _ ms: Int64, into out: inout JSONOutput) {
        out.raw("\"\(name)_ms\":")
        if ms == Int64.min { out.raw("null") } else { out.int(ms) }
        out.raw(",\"\(name)\":")
        if ms == Int64.min { out.raw("null") } else { out.string(Timestamp.format(ms: ms)) }
    }

    /// `"sources":[...]`, then `"follow"` and `"kafka"` when not empty: a run's input positions.
    private static func writePositions(
        sources: [SourcePosition], follow: [FollowPosition], kafka: [KafkaPosition], into out: inout JSONOutput
    ) {
        out.raw("\"sources\":[")
        for (i, s) in sources.enumerated() {
            if i > 0 { out.raw(",") }
            out.raw("{\"name\":")
            out.string(s.name)
            out.raw(",\"size_bytes\":")
            if let size = s.sizeBytes { out.int(size) } else { out.raw("null") }
            out.raw(",\"file_id\":")
            if let id = s.fileID { out.string(id) } else { out.raw("null") }
            out.raw(s.compressed ? ",\"compressed\":true" : ",\"compressed\":false")
            if let format = s.format {
                out.raw(",\"format\":")
                out.string(format.rawValue)
            }
            out.member("bytes_read", s.decodedBytesRead)
            out.member("lines_read", s.linesRead)
            out.raw(s.finished ? ",\"finished\":true}" : ",\"finished\":false}")
        }
        out.raw("]")
        if !follow.isEmpty {
            // Device and inode are written as decimal numbers, the fingerprint as 16 hex digits.
            out.raw(",\"follow\":[")
            for (i, f) in follow.enumerated() {
                if i > 0 { out.raw(",") }
                out.raw("{\"path\":")
                out.string(f.path)
                out.raw(",\"device\":\(f.device),\"inode\":\(f.inode)")
                out.member("offset", f.offset)
                out.member("lines_read", f.linesRead)
                out.raw(",\"fingerprint\":")
                out.string(SnapshotRows.hex(f.fingerprint))
                out.member("fingerprint_bytes", f.fingerprintBytes)
                out.raw("}")
            }
            out.raw("]")
        }
        if !kafka.isEmpty {
            out.raw(",\"kafka\":[")
            for (i, k) in kafka.enumerated() {
                if i > 0 { out.raw(",") }
                out.raw("{\"topic\":")
                out.string(k.topic)
                out.raw(",\"partition\":\(k.partition),\"offset\":\(k.offset)")
                if let high = k.highWatermark { out.raw(",\"high_watermark\":\(high)") }
                if let ms = k.watermarkMs {
                    out.raw(",")
                    writeInstant("watermark", ms, into: &out)
                }
                out.raw("}")
            }
            out.raw("]")
        }
    }
}
