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
    /// Each insights shard's records at the cut.
    package var insights: [InsightImage] = []

    /// The insights images, which the staging area then no longer holds: the section's encoder
    /// owns them alone and lets go of each kind's records once written (at the final cut, where
    /// the stage has let go too, that frees them). The next cut fills the area again.
    package func takeInsights() -> [InsightImage] {
        defer { insights = [] }
        return insights
    }

    package init(shardCount: Int) {
        images = Array(repeating: ShardImage(), count: shardCount)
    }
}
