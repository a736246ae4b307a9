/// Where a snapshot's bytes go, written at offsets: `SnapshotWriter` writes each section as soon as
/// it is encoded, before the summary that lists the sections is finished, and fills in the rest
/// afterwards. A gap not yet written reads as zeros.
package protocol SnapshotSink {
    /// Writes `bytes` at `offset`.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws
}

/// A snapshot file's bytes in memory (readers that merge on the fly, tests, benchmarks).
package final class SnapshotBytes: SnapshotSink {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    package func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        precondition(offset >= 0)
        let end = offset + bytes.count
        if end > self.bytes.count { self.bytes.append(contentsOf: repeatElement(0, count: end - self.bytes.count)) }
        guard let source = bytes.baseAddress else { return }
        self.bytes.withUnsafeMutableBytes { ($0.baseAddress! + offset).copyMemory(from: source, byteCount: bytes.count) }
    }
}
