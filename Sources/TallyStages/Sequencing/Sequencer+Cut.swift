import TallyCore
import TallyEvents

extension Sequencer {
    /// Where the sequencer stands at a cut: what the header says of the input read so far.
    package struct Position: Sendable {
        package var watermarkMs = Int64.min
        package var counters = IngestCounters()
        package var sources: [SourcePosition] = []
        package var follow: [FollowPosition] = []
        package var kafka: [KafkaPosition] = []
        /// The duplicate filter's horizon and bounds; zeros when it is off.
        package var dedupHorizonHours: Int64 = 0
        package var dedupHorizonShortenings = 0
        package var dedupIDsForgotten = 0
        package var dedupIDsMax = 0

        package init() {}
    }

    /// The sequencer's part of a cut, in its turn: its position, and the duplicate filter's ids
    /// within the horizon (its section, unordered until the writer sorts them).
    /// - Complexity: O(the filter's cells + inputs + followed files).
    package func cut(into staging: SnapshotStaging) {
        var position = Position()
        position.watermarkMs = watermarkMs
        position.counters = counters
        position.sources = sources
        position.follow = followPositions
        position.kafka = kafkaPositions
        if let duplicates {
            duplicates.copyLive(into: &staging.duplicateIDs, watermarkHour: Timestamp.floorDiv(watermarkMs, Timestamp.msPerHour))
            position.dedupHorizonHours = duplicates.horizonHours
            position.dedupHorizonShortenings = duplicates.horizonShortenings
            position.dedupIDsForgotten = duplicates.idsForgotten
            position.dedupIDsMax = duplicates.idsMax
        } else {
            staging.duplicateIDs.removeAll()
        }
        staging.position = position
    }
}
