import CRdKafka
import TallyCore
import TallyEvents
import TallySnapshot
import TallyStages

/// A librdkafka consumer that reads chosen partitions of one topic from chosen offsets: partitions
/// are assigned, not subscribed, so no group rebalance can move them and no offset the broker keeps
/// for a group decides where reading starts (the snapshot's positions do).
///
/// Every call that waits for the brokers is bounded by `KafkaSource.timeoutMs` (setting up) or by the
/// caller's poll timeout, so an unreachable broker or an unknown topic is an error, never a hang.
/// Not thread-safe: the reader thread alone uses it (blocking calls stay off Swift's cooperative pool).
final class KafkaConsumer {
    /// One assigned partition: where reading starts, and the topic's end (its high watermark) when
    /// the run started, which `--kafka-until-caught-up` reads up to.
    struct Partition: Equatable {
        var id: Int32
        var startOffset: Int64
        var endOffset: Int64
        /// Whether `startOffset` is the snapshot's (else the partition's low watermark when the run
        /// started, and reading starts at its beginning, wherever that is by then).
        var resumed: Bool
    }

    /// What one poll hands out. A message's bytes are valid only inside `poll`'s body.
    enum Event {
        case message(partition: Int32, offset: Int64, value: UnsafeRawBufferPointer)
        /// The partition has been read to its current end; `offset` is the next one to read.
        case endOfPartition(partition: Int32, offset: Int64)
        /// Something the user should know that does not stop reading (a broker went away, ...).
        case notice(String)
        /// Reading cannot go on (an offset to resume from that the broker no longer has, ...).
        case failure(String)
    }

    let source: KafkaSource
    private(set) var partitions: [Partition] = []
    private let handle: OpaquePointer
    private var queue: OpaquePointer?
    private var isOpen = true
    /// Messages taken per poll at most; a poll that returns fewer waited out its timeout.
    static let messagesPerPoll = 1024
    /// The poll's message pointers, allocated once.
    private var batch = [UnsafeMutablePointer<rd_kafka_message_t>?](repeating: nil, count: messagesPerPoll)

    /// Connects, checks the topic and partitions, reads their end offsets and assigns them at the
    /// recorded positions (`resumeFrom`), or at their beginning for partitions without one.
    /// - Throws: `IngestError` (`.kafka`) naming what failed: the brokers, the topic, a partition.
    init(source: KafkaSource, resumeFrom: [KafkaPosition]) throws(IngestError) {
        self.source = source
        handle = try Self.makeHandle(source)
        do {
            let ids = try partitionIDs()
            for id in ids {
                let (low, high) = try watermarks(id)
                let recorded = resumeFrom.first { $0.topic == source.topic && $0.partition == id }?.offset
                partitions.append(Partition(id: id, startOffset: recorded ?? low, endOffset: high, resumed: recorded != nil))
            }
            try assign()
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Waits up to `timeoutMs` for messages and hands each event to `body`, in the order librdkafka
    /// delivers them (each partition's messages in offset order). Returns how many events there were.
    func poll(timeoutMs: Int32, _ body: (Event) -> Void) -> Int {
        guard let queue else { return 0 }
        let count = batch.withUnsafeMutableBufferPointer { rd_kafka_consume_batch_queue(queue, timeoutMs, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        for i in 0..<count {
            let message = batch[i]!
            body(event(message.pointee, message))
            rd_kafka_message_destroy(message)
        }
        return count
    }

    /// Raises each assigned partition's end in `ends` to the one librdkafka last had from a fetch
    /// (a local lookup, no request). O(partitions).
    func updateHighWatermarks(_ ends: inout [Int32: Int64]) {
        for p in partitions {
            var low: Int64 = 0, high: Int64 = -1
            if rd_kafka_get_watermark_offsets(handle, source.topic, p.id, &low, &high) == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 {
                ends[p.id] = max(ends[p.id] ?? high, high)
            }
        }
    }

    /// Leaves the partitions and releases the client (the messages it had fetched ahead are dropped).
    func close() {
        guard isOpen else { return }
        isOpen = false
        if let queue { rd_kafka_queue_destroy(queue) }
        queue = nil
        rd_kafka_consumer_close(handle)
        rd_kafka_destroy(handle)
    }

    private func event(_ m: rd_kafka_message_t, _ pointer: UnsafeMutablePointer<rd_kafka_message_t>) -> Event {
        switch m.err {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            // A null value (a tombstone) is an empty line.
            return .message(partition: m.partition, offset: m.offset, value: UnsafeRawBufferPointer(start: m.payload, count: m.len))
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            return .endOfPartition(partition: m.partition, offset: m.offset)
        case RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET:
            // auto.offset.reset=error: the offset to read from is gone (retention, or a recreated topic).
            return .failure("\(source.topic) partition \(m.partition): the broker no longer has the offset to read from "
                + "(\(String(cString: rd_kafka_message_errstr(pointer)))); the events in between are lost to this input")
        default:
            let text = "\(source.topic): \(String(cString: rd_kafka_message_errstr(pointer)))"
            return rd_kafka_fatal_error(handle, nil, 0) != RD_KAFKA_RESP_ERR_NO_ERROR ? .failure(text) : .notice(text)
        }
    }

    // MARK: Setting up

    private static func makeHandle(_ source: KafkaSource) throws(IngestError) -> OpaquePointer {
        let settings = [
            ("bootstrap.servers", source.brokers),
            ("client.id", "tokentally"),
            // assign() needs a group id; nothing joins the group or commits to it.
            ("group.id", "tokentally"),
            ("enable.auto.commit", "false"),
            ("enable.auto.offset.store", "false"),
            ("enable.partition.eof", "true"),
            ("auto.offset.reset", "error"),
            ("allow.auto.create.topics", "false"),
        ]
        let handle = try KafkaClient.make(settings, topic: source.topic, noun: "a Kafka consumer")
        rd_kafka_poll_set_consumer(handle)
        return handle
    }

    private func failure(_ why: String) -> IngestError {
        IngestError(.kafka(why), input: "kafka:\(source.topic)")
    }

    private var waited: String { "within \(source.timeoutMs) ms (--kafka-timeout)" }

    /// The partitions to assign: those asked for, each checked against the topic's metadata.
    private func partitionIDs() throws(IngestError) -> [Int32] {
        // Every topic's metadata, not just this one's: asking for a topic by name lets a broker that
        // creates topics on demand (the mock cluster does) make an empty one instead of saying it is unknown.
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle, 1, nil, &metadata, Int32(source.timeoutMs))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw failure("no answer from the brokers \(source.brokers) \(waited): \(String(cString: rd_kafka_err2str(err)))")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        let topics = UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt))
        guard let topic = topics.first(where: { String(cString: $0.topic) == source.topic }) else {
            throw failure("the brokers \(source.brokers) have no topic \(source.topic)")
        }
        guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw failure("topic \(source.topic) on \(source.brokers): \(String(cString: rd_kafka_err2str(topic.err)))")
        }
        let existing = (0..<Int(topic.partition_cnt)).map { topic.partitions[$0].id }.sorted()
        guard let asked = source.partitions else { return existing }
        let missing = asked.filter { !existing.contains($0) }
        guard missing.isEmpty else {
            throw failure("topic \(source.topic) has partitions \(existing.first ?? 0)-\(existing.last ?? -1) "
                + "(\(existing.count)); it has no partition \(missing.map(String.init).joined(separator: ","))")
        }
        return asked
    }

    private func watermarks(_ partition: Int32) throws(IngestError) -> (low: Int64, high: Int64) {
        var low: Int64 = 0, high: Int64 = 0
        let err = rd_kafka_query_watermark_offsets(handle, source.topic, partition, &low, &high, Int32(source.timeoutMs))
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw failure("cannot read the end offset of \(source.topic) partition \(partition) \(waited): "
                + String(cString: rd_kafka_err2str(err)))
        }
        return (low, high)
    }

    private func assign() throws(IngestError) {
        let list = rd_kafka_topic_partition_list_new(Int32(partitions.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for p in partitions {
            // A partition never read starts at its beginning, wherever that is by the time it is fetched.
            rd_kafka_topic_partition_list_add(list, source.topic, p.id).pointee.offset =
                p.resumed ? p.startOffset : Int64(RD_KAFKA_OFFSET_BEGINNING)
        }
        let err = rd_kafka_assign(handle, list)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw failure("cannot assign the partitions of \(source.topic): \(String(cString: rd_kafka_err2str(err)))")
        }
        queue = rd_kafka_queue_get_consumer(handle)
    }
}
