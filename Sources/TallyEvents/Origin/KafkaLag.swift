/// How far a Kafka input is behind its partitions' ends: the messages not yet counted in all of them,
/// and the partition furthest behind. Figures are as of the positions given (a snapshot's cut, or the
/// sequencer's live positions), against each partition's end as the reader last saw it.
public struct KafkaLag: Sendable, Equatable {
    public var totalMessages: Int64
    public var worstPartition: Int32
    public var worstMessages: Int64

    public init(totalMessages: Int64, worstPartition: Int32, worstMessages: Int64) {
        self.totalMessages = totalMessages
        self.worstPartition = worstPartition
        self.worstMessages = worstMessages
    }

    /// Sums the partitions' lag; ties for the worst go to the lowest partition. Nil when no position
    /// knows its partition's end (none read yet, or a snapshot from before ends were kept). O(n).
    public init?(_ positions: some Sequence<KafkaPosition>) {
        var total: Int64 = 0
        var worst: (partition: Int32, messages: Int64)?
        for p in positions where p.highWatermark != nil {
            total += p.lagMessages
            if worst == nil || p.lagMessages > worst!.messages || (p.lagMessages == worst!.messages && p.partition < worst!.partition) {
                worst = (p.partition, p.lagMessages)
            }
        }
        guard let worst else { return nil }
        self.init(totalMessages: total, worstPartition: worst.partition, worstMessages: worst.messages)
    }

    /// `lag 1234 messages (partition 3: 800)`.
    public var text: String {
        "lag \(totalMessages) messages (partition \(worstPartition): \(worstMessages))"
    }
}
