/// Where reading one Kafka partition has got to, as a snapshot records it: `offset` is the next
/// offset to read, so every message before it is counted in the snapshot and none after it.
public struct KafkaPosition: Sendable, Equatable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

/// The Kafka messages one chunk holds: all from one partition, from `firstOffset` on, and the
/// partition's next offset after them (what the sequencer records when the batch is counted).
package struct KafkaSpan: Sendable, Equatable {
    package var partition: Int32
    package var firstOffset: Int64
    package var nextOffset: Int64

    package init(partition: Int32, firstOffset: Int64, nextOffset: Int64) {
        self.partition = partition
        self.firstOffset = firstOffset
        self.nextOffset = nextOffset
    }
}
