import CRdKafka
import TallyCore
import TallyEvents

/// Commits a run's durable Kafka positions to a consumer group (`ingest --kafka-group G`), so that the
/// usual Kafka tools (kafka-consumer-groups.sh, lag exporters) show how far the instance has got.
/// Monitoring only: the group never assigns partitions (assignment stays static) and `--resume` reads
/// the snapshot's positions, never these. A commit that fails is said once and counting goes on.
///
/// Commits are asynchronous, on a client of their own (the reader's is closed before the final
/// snapshot is written). Used by one thread at a time: the snapshot writer thread, then, once that
/// has ended, the run for `close`.
final class KafkaOffsetCommitter: @unchecked Sendable {
    let source: KafkaSource
    let group: String
    private let handle: OpaquePointer
    /// Where librdkafka posts each commit's result.
    private let results: OpaquePointer
    private var pending = 0
    private var lastFailure = ""

    /// Creates the client; it connects when the first commit is made.
    /// - Throws: `IngestError` (`.kafka`) when librdkafka refuses the settings.
    init(source: KafkaSource, group: String) throws(IngestError) {
        self.source = source
        self.group = group
        let settings = [
            ("bootstrap.servers", source.brokers), ("client.id", "tokentally"), ("group.id", group),
            ("enable.auto.commit", "false"), ("enable.auto.offset.store", "false"),
        ]
        // Failures reach `commit` as results.
        let handle = try KafkaClient.make(settings, topic: source.topic, context: "--kafka-group: ", noun: "a Kafka client")
        self.handle = handle
        results = rd_kafka_queue_new(handle)
    }

    /// Commits `positions` (each partition's next offset, as Kafka's committed offsets are) without
    /// waiting, after taking the results of earlier commits (so they never pile up). O(partitions).
    func commit(_ positions: [KafkaPosition], notice: ((String) -> Void)?) {
        takeResults(waitingMs: 0, notice: notice)
        let ours = positions.filter { $0.topic == source.topic }
        guard !ours.isEmpty else { return }
        let list = rd_kafka_topic_partition_list_new(Int32(ours.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for p in ours {
            rd_kafka_topic_partition_list_add(list, p.topic, p.partition).pointee.offset = p.offset
        }
        let err = rd_kafka_commit_queue(handle, list, results, nil, nil)
        if err == RD_KAFKA_RESP_ERR_NO_ERROR { pending += 1 } else { report(String(cString: rd_kafka_err2str(err)), notice) }
    }

    /// Waits up to `--kafka-timeout` for the commits still in flight (the final snapshot's), then
    /// releases the client.
    func close(notice: ((String) -> Void)?) {
        let timeoutMs = source.timeoutMs
        let deadlineNs = SystemClock.monotonicNs() + Int64(timeoutMs) * 1_000_000
        while pending > 0 {
            let leftMs = (deadlineNs - SystemClock.monotonicNs()) / 1_000_000
            guard leftMs > 0 else { break }
            takeResults(waitingMs: Int32(clamping: leftMs), notice: notice)
        }
        if pending > 0 { report("no answer within \(timeoutMs) ms (--kafka-timeout)", notice) }
        rd_kafka_queue_destroy(results)
        rd_kafka_consumer_close(handle)
        rd_kafka_destroy(handle)
    }

    /// Takes the results that have come (waiting up to `waitingMs` for the first), saying failures.
    private func takeResults(waitingMs: Int32, notice: ((String) -> Void)?) {
        var wait = waitingMs
        while pending > 0, let event = rd_kafka_queue_poll(results, wait) {
            defer { rd_kafka_event_destroy(event) }
            wait = 0
            guard rd_kafka_event_type(event) == RD_KAFKA_EVENT_OFFSET_COMMIT else { continue }
            pending -= 1
            if rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR {
                report(String(cString: rd_kafka_event_error_string(event)), notice)
            } else if let list = rd_kafka_event_topic_partition_list(event) {
                let partitions = UnsafeBufferPointer<rd_kafka_topic_partition_t>(start: list.pointee.elems, count: Int(list.pointee.cnt))
                if let failed = partitions.first(where: { $0.err != RD_KAFKA_RESP_ERR_NO_ERROR }) {
                    report("partition \(failed.partition): \(String(cString: rd_kafka_err2str(failed.err)))", notice)
                }
            }
        }
    }

    /// Says a failure once while it lasts: a broker that stays away fails every commit the same way.
    private func report(_ why: String, _ notice: ((String) -> Void)?) {
        guard why != lastFailure else { return }
        lastFailure = why
        notice?("committing offsets of \(source.topic) to group \(group) failed (\(why)); counting goes on, "
            + "the group's offsets are for monitoring only")
    }
}
