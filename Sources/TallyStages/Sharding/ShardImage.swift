import TallyCore

/// One shard as of a snapshot cut, read by the snapshot writer off the hot path: a copy of its keys
/// and its own slot buffers (`CounterShard.lend`). Same layout as `CounterShard`'s key store and
/// `SlotStore`.
package struct ShardImage: Sendable {
    package var keyBytes: [UInt8] = []
    package var keyOffsets: [UInt32] = []
    package var keyLengths: [UInt32] = []
    package var keyDimensions: [UInt8] = []
    /// The shard's own slot index and pool (`SlotStore`), which it does not change while the cut's
    /// loan is out (`CounterShard.lend`). Nil until the first cut. Read them through
    /// `forEachSlot(ofKey:_:)`.
    package var slotIndex: PageBuffer<UInt32>?
    package var slots: PageBuffer<Int64>?
    /// Ring lengths: slots per key that hold hours, and days.
    package var hourSlots = 0
    package var daySlots = 0
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
