import TallyCore

/// What every snapshot of a run says of the run's settings: the same at each cut. The pipeline
/// fills it once, after resuming; `SnapshotStaging.finishedHeader` copies it into each header.
package struct SnapshotRun: Sendable {
    package var windows: [WindowSpec] = []
    package var keysMax = 0
    package var lineBytesMax = 0
    package var maxFutureMs: Int64 = 0
    package var insightRecordsMax = 0
    package var leaderboardAllowed = false
    package var pseudonymKeyFingerprint: String?
    package var sessionsPseudonymized = false
    package var tasksPseudonymized = false
    package var priceTable: String?
    /// Key updates dropped in the runs a resumed snapshot comes from, before drops were counted by
    /// dimension: carried on in the total.
    package var droppedUpdatesUnattributed = 0

    package init() {}
}
