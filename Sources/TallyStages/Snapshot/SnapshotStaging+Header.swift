import TallyCore

extension SnapshotStaging {
    /// The cut's header, the one place a header to write is built: the run's settings, the
    /// sequencer's position, what only the stages' images know (keys, drops and saturations by
    /// dimension, insights refusals and collisions, dedup ids) and the file's sequence and time.
    /// - Complexity: O(keys).
    package func finishedHeader(sequence: Int, createdAtMs: Int64) -> SnapshotHeader {
        var header = SnapshotHeader()
        header.sequence = sequence
        header.createdAtMs = createdAtMs
        copyRun(into: &header)
        copyPosition(into: &header)
        header.saturatedSums = insights.reduce(0) { $0 + $1.saturatedSums }
        header.insightRecordsRefused = insights.reduce(0) { $0 + $1.refused }
        header.insightNameCollisions = insights.reduce(0) { $0 + $1.nameCollisions }
        header.dedupIDs = duplicateIDs.count
        for image in images {
            for d in image.keyDimensions { header.keysByDimension[Int(d)] += 1 }
            for d in 0..<KeyDimension.count { header.droppedUpdatesByDimension[d] += image.droppedUpdates[d] }
            header.saturatedSums += image.saturatedSums
        }
        // The run's part brings the drops a resumed pre-split snapshot could not attribute.
        header.droppedUpdates = run.droppedUpdatesUnattributed + header.droppedUpdatesByDimension.reduce(0, +)
        return header
    }

    private func copyRun(into header: inout SnapshotHeader) {
        header.windows = run.windows
        header.keysMax = run.keysMax
        header.lineBytesMax = run.lineBytesMax
        header.maxFutureMs = run.maxFutureMs
        header.insightRecordsMax = run.insightRecordsMax
        header.leaderboardAllowed = run.leaderboardAllowed
        header.pseudonymKeyFingerprint = run.pseudonymKeyFingerprint
        header.sessionsPseudonymized = run.sessionsPseudonymized
        header.tasksPseudonymized = run.tasksPseudonymized
        header.priceTable = run.priceTable
    }

    private func copyPosition(into header: inout SnapshotHeader) {
        header.watermarkMs = position.watermarkMs
        header.counters = position.counters
        header.sources = position.sources
        header.follow = position.follow
        header.kafka = position.kafka
        header.dedupHorizonHours = position.dedupHorizonHours
        header.dedupHorizonShortenings = position.dedupHorizonShortenings
        header.dedupIDsForgotten = position.dedupIDsForgotten
        header.dedupIDsMax = position.dedupIDsMax
    }
}
