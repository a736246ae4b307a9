/// A point-in-time copy of one shard, taken at a snapshot cut and read by the snapshot writer
/// off the hot path. Same layout as `CounterShard`'s stores.
package struct ShardImage: Sendable {
    package var keyBytes: [UInt8] = []
    package var keyOffsets: [UInt32] = []
    package var keyLengths: [UInt32] = []
    package var keyDimensions: [UInt8] = []
    /// Reused across snapshots, so its pages are faulted in once. Nil until the first copy (or when
    /// the address space could not be reserved, in which case the copy is empty).
    package var counters: PageBuffer<Int64>?
    package var keyStride = 0
    /// Slots per key that hold hours; the rest hold days.
    package var hourSlots = 0
    /// By `KeyDimension`.
    package var droppedUpdates = [Int](repeating: 0, count: KeyDimension.count)
    package var saturatedSums = 0

    package init() {}

    package var keyCount: Int { keyOffsets.count }

    package func keyString(_ k: Int) -> String {
        let start = Int(keyOffsets[k])
        return String(decoding: keyBytes[start..<start + Int(keyLengths[k])], as: UTF8.self)
    }
}
