import CRdKafka
import TallyCore
import TallyEvents

/// Making a librdkafka client, shared by the reader (`KafkaConsumer`) and the group's offset
/// committer (`KafkaOffsetCommitter`): settings applied one by one, librdkafka's own logging off
/// (it repeats connection failures on its threads while a broker is down; what matters reaches the
/// callers as events or results), and every refusal a `.kafka` error naming the topic.
enum KafkaClient {
    /// A consumer-type handle with `settings`, which the caller destroys.
    /// - Parameters:
    ///   - context: put before each message ("" or "--kafka-group: ").
    ///   - noun: what failed to be created ("a Kafka consumer").
    static func make(_ settings: [(String, String)], topic: String, context: String = "", noun: String) throws(IngestError) -> OpaquePointer {
        let conf = rd_kafka_conf_new()
        var text = [CChar](repeating: 0, count: 512)
        for (name, value) in settings where rd_kafka_conf_set(conf, name, value, &text, text.count) != RD_KAFKA_CONF_OK {
            rd_kafka_conf_destroy(conf)
            throw IngestError(.kafka("\(context)cannot set \(name)=\(value): \(string(text))"), input: "kafka:\(topic)")
        }
        rd_kafka_conf_set_log_cb(conf) { _, _, _, _ in }
        guard let handle = rd_kafka_new(RD_KAFKA_CONSUMER, conf, &text, text.count) else {
            rd_kafka_conf_destroy(conf)  // rd_kafka_new takes the configuration only when it succeeds
            throw IngestError(.kafka("\(context)cannot create \(noun): \(string(text))"), input: "kafka:\(topic)")
        }
        return handle
    }

    /// A NUL-terminated message buffer as text.
    static func string(_ text: [CChar]) -> String {
        text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
