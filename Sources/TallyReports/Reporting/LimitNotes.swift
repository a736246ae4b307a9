import TallyCore
import TallyStages

/// What a snapshot's limits left out of the figures a reader shows, as sentences that the reader
/// puts next to those figures: events of keys that `--keys-max` kept out, insights records that
/// `--insight-records-max` refused, and ids that the duplicate filter forgot early under
/// `--dedup-ids-max`. Without them a reader's totals look complete when they are not.
public struct LimitNotes: Sendable, Equatable {
    /// One sentence per limit that was reached; empty when nothing was lost.
    public private(set) var lines: [String]
    /// The counts behind the sentences, for machine-readable output.
    public let header: SnapshotHeader

    /// - Parameters:
    ///   - dimensions: the dimensions whose totals the reader shows (their dropped events are named).
    ///   - insights: whether the reader shows figures from the insights records (outcomes, flags,
    ///     adoption, badges).
    public init(header h: SnapshotHeader, dimensions: [KeyDimension], insights: Bool) {
        header = h
        var lines: [String] = []
        let dropped = dimensions.filter { h.droppedUpdatesByDimension[$0.rawValue] > 0 }
        if !dropped.isEmpty {
            let counts = dropped.map { "\(h.droppedUpdatesByDimension[$0.rawValue]) events by \($0.name)" }
            lines.append("--keys-max \(h.keysMax) was reached: totals leave out \(counts.joined(separator: ", ")) "
                + "(their key was not kept)")
        }
        let unattributed = h.droppedUpdates - h.droppedUpdatesByDimension.reduce(0, +)
        if unattributed > 0 {
            lines.append("--keys-max \(h.keysMax) was reached: \(unattributed) key updates were dropped in dimensions "
                + "this snapshot does not record, so totals may leave out events")
        }
        if insights, h.insightRecordsRefused > 0 {
            lines.append("--insight-records-max \(h.insightRecordsMax) was reached: \(h.insightRecordsRefused) insights records "
                + "were refused, so outcome, adoption and flag figures are lower bounds")
        }
        if h.dedupIDsForgotten > 0 || h.dedupHorizonShortenings > 0 {
            let limit = h.dedupIDsMax > 0 ? "--dedup-ids-max \(h.dedupIDsMax)" : "--dedup-ids-max"
            let ids = h.dedupIDsForgotten > 0 ? "\(h.dedupIDsForgotten) event ids" : "event ids"
            lines.append("\(limit) was reached: the duplicate filter forgot \(ids) before their \(h.dedupHorizonHours)h horizon, "
                + "so any later copy of one of those events was counted again")
        }
        self.lines = lines
    }

    /// The sentence for a merged snapshot's tasks whose run since their latest status is not exact
    /// (`SnapshotHeader.inexactTaskRuns`), for readers that show that run; nil when there are none.
    public static func inexactTaskRuns(_ h: SnapshotHeader) -> String? {
        guard h.inexactTaskRuns > 0 else { return nil }
        return "merged snapshot: \(h.inexactTaskRuns) tasks' calls since their latest status are not exact (their calls "
            + "and that status came from different parts), so run flags of those tasks may overstate (task_calls_since_status)"
    }

    /// These notes and `line` (a reader's own, such as sums that saturated), if any.
    public func adding(_ line: String?) -> LimitNotes {
        var notes = self
        if let line { notes.lines.append(line) }
        return notes
    }

    /// `"dropped":{...}`, the counts behind `lines`, always present so that scripts can rely on it.
    package func writeMember(into out: inout JSONOutput) {
        let h = header
        out.raw(",\"dropped\":{\"keys_max\":")
        out.int(h.keysMax)
        out.raw(",\"events_by_dimension\":")
        out.counts(KeyDimension.allCases.map(\.name)) { h.droppedUpdatesByDimension[$0] }
        out.member("key_updates", h.droppedUpdates)
        out.member("insight_records_max", h.insightRecordsMax)
        out.member("insight_records_refused", h.insightRecordsRefused)
        out.member("dedup_ids_max", h.dedupIDsMax)
        out.member("dedup_ids_forgotten", h.dedupIDsForgotten)
        out.raw(",\"notes\":[")
        for (i, line) in lines.enumerated() {
            if i > 0 { out.raw(",") }
            out.string(line)
        }
        out.raw("]}")
    }

    /// The sentences as lines of a text report, each starting "Note: ".
    public var text: String { lines.map { "Note: \($0).\n" }.joined() }
}
