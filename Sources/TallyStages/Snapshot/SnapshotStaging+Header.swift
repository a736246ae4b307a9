import TallyCore

extension SnapshotStaging {
    /// The cut's header: the run's and the sequencer's part, which the pipeline put in `header` at
    /// the cut, completed with what only the stages' images know (keys, drops and saturations by
    /// dimension, insights refusals and collisions, dedup ids) and the file's sequence and time.
    /// - Complexity: O(keys).
    package func finishedHeader(sequence: Int, createdAtMs: Int64) -> SnapshotHeader {
        var header = self.header
        header.version = SnapshotHeader.currentVersion
        header.sequence = sequence
        header.createdAtMs = createdAtMs
        header.keysByDimension = [Int](repeating: 0, count: KeyDimension.count)
        header.droppedUpdatesByDimension = [Int](repeating: 0, count: KeyDimension.count)
        header.saturatedSums = insights.reduce(0) { $0 + $1.saturatedSums }
        header.insightRecordsRefused = insights.reduce(0) { $0 + $1.refused }
        header.insightNameCollisions = insights.reduce(0) { $0 + $1.nameCollisions }
        header.dedupIDs = duplicateIDs.count
        for image in images {
            for d in image.keyDimensions { header.keysByDimension[Int(d)] += 1 }
            for d in 0..<KeyDimension.count { header.droppedUpdatesByDimension[d] += image.droppedUpdates[d] }
            header.saturatedSums += image.saturatedSums
        }
        // The pipeline's part brings the drops a resumed pre-split snapshot could not attribute.
        header.droppedUpdates += header.droppedUpdatesByDimension.reduce(0, +)
        return header
    }
}
