/// Where reading one Kafka partition has got to, as a snapshot records it: `offset` is the next
/// offset to read, so every message before it is counted in the snapshot and none after it.
/// `highWatermark` is the partition's end as the reader had last seen it when the messages up to
/// `offset` were passed on (nil in snapshots written before it was kept): the lag at the cut is
/// `highWatermark - offset`. Resume reads `offset`, and `watermarkMs`: the newest event time read
/// from the partition (nil before its first event, and in snapshots written before it was kept),
/// the clock its people's sessions close against.
public struct KafkaPosition: Sendable, Equatable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var highWatermark: Int64?
    public var watermarkMs: Int64?

    public init(topic: String, partition: Int32, offset: Int64, highWatermark: Int64? = nil, watermarkMs: Int64? = nil) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.highWatermark = highWatermark
        self.watermarkMs = watermarkMs
    }

    /// Messages in the partition after the cut, as far as the reader knew (0 when it did not know).
    public var lagMessages: Int64 { max(0, (highWatermark ?? offset) - offset) }
}

/// The Kafka messages one chunk holds: all from one partition, from `firstOffset` on, and the
/// partition's next offset after them (what the sequencer records when the batch is counted).
package struct KafkaSpan: Sendable, Equatable {
    package var partition: Int32
    package var firstOffset: Int64
    package var nextOffset: Int64
    /// The partition's end as last seen when the chunk was passed on (at least `nextOffset`).
    package var highWatermark: Int64?

    package init(partition: Int32, firstOffset: Int64, nextOffset: Int64, highWatermark: Int64? = nil) {
        self.partition = partition
        self.firstOffset = firstOffset
        self.nextOffset = nextOffset
        self.highWatermark = highWatermark
    }
}
