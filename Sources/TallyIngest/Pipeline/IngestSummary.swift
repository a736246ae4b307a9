import TallyEvents
import TallyStages
import TallyCore

/// What an ingest run did, for the final summary line and the exit status.
public struct IngestSummary: Sendable {
    public var counters: IngestCounters
    public var watermarkMs: Int64
    public var elapsedNs: Int64
    public var snapshotsWritten: Int
    public var lastSnapshotPath: String?
    /// The longest a snapshot took to write (serialise, compress, fsync, rename), in nanoseconds.
    public var slowestSnapshotWriteNs: Int64 = 0
    /// The CPU time all snapshots took (the writer's threads), in nanoseconds: what periodic
    /// snapshots cost the ingest on a machine whose cores it keeps busy.
    public var snapshotCPUNs: Int64 = 0
    /// The signal that stopped the run early, if any.
    public var interruptedBySignal: Int32?
    /// The error that stopped the run, if any (input errors first, then snapshot errors).
    public var error: IngestError?
    public var rejectSamples: [(line: Int, reason: RejectReason)]
    /// Where rejected lines were written, and how many reached the file (bounded by `--rejects-max`).
    public var rejectsPath: String?
    public var rejectsWritten = 0
    /// Writing the rejects file failed (the run's error says why).
    public var rejectsFailed = false
    /// zstd frames decoded whole on the decode threads rather than streamed on the reader thread.
    public var framesDecodedInParallel = 0
    /// `--follow`: files that could not be read (permission denied) when the run ended, sorted.
    public var followUnreadablePaths: [String] = []

    public var eventsPerSecond: Double {
        elapsedNs > 0 ? Double(counters.linesRead) * 1e9 / Double(elapsedNs) : 0
    }

    /// One line for people: counts, rate and where the snapshot went.
    public var line: String {
        let seconds = Double(elapsedNs) / 1e9
        let c = counters
        var parts = [
            "\(c.linesRead) lines", "\(c.eventsAccepted) accepted", "\(c.lateEvents) late",
            "\(c.rejectedTotal) rejected",
        ]
        let reasons = RejectReason.allCases.filter { c.rejected($0) > 0 }.map { "\($0.name)=\(c.rejected($0))" }
        if !reasons.isEmpty { parts[3] += " (" + reasons.joined(separator: ", ") + ")" }
        if let rejectsPath {
            if rejectsFailed {
                parts[3] += ", writing \(rejectsPath) failed after \(rejectsWritten) lines"
            } else if rejectsWritten > 0 {
                parts[3] += ", \(rejectsWritten) written to \(rejectsPath)"
            }
        }
        if c.duplicateEvents > 0 { parts.insert("\(c.duplicateEvents) duplicates", at: 3) }
        if c.skippedTotal > 0 {
            let skipped = SkipReason.allCases.filter { c.skipped($0) > 0 }.map { "\($0.name)=\(c.skipped($0))" }
            parts.append("\(c.skippedTotal) skipped (" + skipped.joined(separator: ", ") + ")")
        }
        if c.extraRecords > 0 { parts.append("\(c.extraRecords) further records in batch lines") }
        if framesDecodedInParallel > 0 { parts.append("\(framesDecodedInParallel) zstd frames decoded in parallel") }
        if let first = followUnreadablePaths.first {
            let more = followUnreadablePaths.count > 1 ? " and \(followUnreadablePaths.count - 1) more" : ""
            let noun = followUnreadablePaths.count == 1 ? "file" : "files"
            parts.append("\(followUnreadablePaths.count) followed \(noun) not readable (permission denied: \(first)\(more))")
        }
        parts.append("in \(Self.fixed(seconds, 2)) s (\(Self.fixed(eventsPerSecond / 1e6, 2))M lines/s)")
        if watermarkMs != Int64.min { parts.append("watermark \(Timestamp.format(ms: watermarkMs))") }
        parts.append("snapshot \(lastSnapshotPath ?? "none")")
        if snapshotsWritten > 0 {
            let noun = snapshotsWritten == 1 ? "snapshot" : "snapshots"
            parts[parts.count - 1] += " (\(snapshotsWritten) \(noun) written, slowest in \(Self.fixed(Double(slowestSnapshotWriteNs) / 1e9, 2)) s, "
                + "\(Self.fixed(Double(snapshotCPUNs) / 1e9, 2)) s of CPU)"
        }
        return "tokentally: " + parts.joined(separator: ", ")
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        if digits == 0 { return String(Int(value.rounded())) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let have = text.distance(from: dot, to: text.endIndex) - 1
            if have < digits { text += String(repeating: "0", count: digits - have) }
        } else if digits > 0 {
            text += "." + String(repeating: "0", count: digits)
        }
        return text
    }
}
