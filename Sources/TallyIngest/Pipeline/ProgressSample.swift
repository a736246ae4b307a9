import TallyCore
import TallyEvents

/// A live reading of the run for the progress line, published by the sequencer.
public struct ProgressSample: Sendable {
    public var linesRead: Int
    public var decodedBytes: Int
    public var rejected: Int
    public var watermarkMs: Int64
    public var elapsedNs: Int64
    /// A Kafka input's lag at the sequencer's position (approximate: read without a lock).
    public var kafkaLag: KafkaLag?

    /// `1.23M lines/s  310 MB/s  watermark 2026-...  rejected 0` with rates since the previous sample,
    /// and for Kafka `  lag 1234 messages (partition 3: 800)`.
    public func line(since previous: ProgressSample) -> String {
        let seconds = max(Double(elapsedNs - previous.elapsedNs) / 1e9, 1e-9)
        let lineRate = Double(linesRead - previous.linesRead) / seconds
        let byteRate = Double(decodedBytes - previous.decodedBytes) / seconds
        let watermark = watermarkMs == Int64.min ? "-" : Timestamp.format(ms: watermarkMs)
        return "\(linesRead) lines  \(IngestSummary.fixed(lineRate / 1e6, 2))M lines/s  "
            + "\(IngestSummary.fixed(byteRate / 1e6, 0)) MB/s  watermark \(watermark)  rejected \(rejected)"
            + (kafkaLag.map { "  " + $0.text } ?? "")
    }
}
