import TallyCore
import TallyEvents
import TallySnapshot
import TallyStages

/// A Kafka topic read as one input (`ingest --kafka-brokers … --kafka-topic …`): its partitions are
/// assigned directly (no consumer group), and each partition's next offset is an input position in
/// the snapshot, so `--resume` goes on exactly where the last snapshot's cut was (docs/scale-out.md).
public struct KafkaSource: Sendable, Equatable {
    /// `host:port,…`, as librdkafka's `bootstrap.servers` takes them.
    public var brokers: String
    public var topic: String
    /// The partitions to read; nil reads every partition the topic has when the run starts.
    public var partitions: [Int32]?
    /// End the run once every assigned partition is read up to the end offset it had at the start.
    public var untilCaughtUp = false
    /// How long to wait for the brokers to answer (metadata, end offsets) before giving up.
    public var timeoutMs = 10_000
    /// The consumer group each durable snapshot's positions are committed to, for monitoring only
    /// (`--kafka-group`); nil commits nothing. Partitions stay assigned, never taken from the group.
    public var group: String?

    public init(brokers: String, topic: String, partitions: [Int32]? = nil) {
        self.brokers = brokers
        self.topic = topic
        self.partitions = partitions
    }

    /// Parses `--kafka-partitions`: `all`, or numbers and ranges like `0,2,4-7`. Nil when malformed.
    public static func partitions(parsing text: String) -> [Int32]?? {
        if text == "all" { return .some(nil) }
        var result: [Int32] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int32(bounds[0]), let high = Int32(bounds[bounds.count - 1]),
                  low >= 0, low <= high, high - low < 1 << 16
            else { return nil }
            result.append(contentsOf: low...high)
        }
        return .some(Array(Set(result)).sorted())
    }
}
