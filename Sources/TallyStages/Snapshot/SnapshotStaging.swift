import TallyCore

/// The state of one snapshot cut, filled by the pipeline thread that holds each shard when the cut
/// batch passes it, then read by the snapshot writer. Ownership: the coordinator lends it to at most
/// one cut at a time and takes it back when the file is written.
package final class SnapshotStaging: @unchecked Sendable {
    /// The run's settings and the sequencer's position at the cut; with the images, all the header
    /// says (`finishedHeader`).
    package var run = SnapshotRun()
    package var position = Sequencer.Position()
    package var images: [ShardImage]
    /// The duplicate filter's ids within the horizon at the cut (unordered until the writer sorts them).
    package var duplicateIDs: [DuplicateFilter.Entry] = []
    /// Each insights shard's records at the cut (`holdInsights`), shared with the stage's tables
    /// (guarded by `insightsLoan`).
    package private(set) var insights: [InsightImage] = []
    private let insightsLoan = Loan()
    /// The counter shards' index and pool, which `images` share (`CounterShard.lend`): lent by the
    /// coordinator when a cut begins, before any shard fills its image, and released once the
    /// totals and the counters section have read them (idempotent). Each shard waits for it before it applies its next batch, so the
    /// counters are held once, not copied at each periodic cut (docs/performance.md, thirteenth
    /// round).
    package let countersLoan = Loan()

    /// Lends the insights images to the writer until `releaseInsights`. They share their arrays with
    /// the stage's tables, so the stage waits for the lending's release (the ticket) before it
    /// changes a record: changing one earlier would copy the whole table it lies in (copy on
    /// write), which at a periodic cut had doubled the stage's memory while the snapshot was
    /// written (docs/performance.md, twelfth round).
    @discardableResult
    package func holdInsights(_ images: [InsightImage]) -> Loan.Ticket {
        insightsLoan.lend { insights = images }
    }

    /// The insights images, which the staging area then no longer holds: the section's encoder
    /// owns them alone and lets go of each kind's records once written (at the final cut, where
    /// the stage has let go too, that frees them). The next cut fills the area again.
    package func takeInsights() -> [InsightImage] {
        insightsLoan.withLock {
            defer { insights = [] }
            return insights
        }
    }

    /// Called once the writer holds no insights record any more: encoded, given up or never taken
    /// (a write that failed first). Idempotent.
    package func releaseInsights() {
        insightsLoan.release { insights = [] }
    }

    /// Whether images lent at the cut are not released yet.
    package var isHoldingInsights: Bool { insightsLoan.isOut }

    package init(shardCount: Int) {
        images = Array(repeating: ShardImage(), count: shardCount)
    }
}
