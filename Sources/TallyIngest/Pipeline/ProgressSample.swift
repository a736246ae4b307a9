import TallyCore

/// A live reading of the run for the progress line, published by the sequencer.
public struct ProgressSample: Sendable {
    public var linesRead: Int
    public var decodedBytes: Int
    public var rejected: Int
    public var watermarkMs: Int64
    public var elapsedNs: Int64

    /// `1.23M lines/s  310 MB/s  watermark 2026-...  rejected 0` with rates since the previous sample.
    public func line(since previous: ProgressSample) -> String {
        let seconds = max(Double(elapsedNs - previous.elapsedNs) / 1e9, 1e-9)
        let lineRate = Double(linesRead - previous.linesRead) / seconds
        let byteRate = Double(decodedBytes - previous.decodedBytes) / seconds
        let watermark = watermarkMs == Int64.min ? "-" : Timestamp.format(ms: watermarkMs)
        return "\(linesRead) lines  \(IngestSummary.fixed(lineRate / 1e6, 2))M lines/s  "
            + "\(IngestSummary.fixed(byteRate / 1e6, 0)) MB/s  watermark \(watermark)  rejected \(rejected)"
    }
}
