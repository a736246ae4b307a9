import TallyCore

/// A point-in-time copy of one shard, taken at a snapshot cut and read by the snapshot writer
/// off the hot path. Same layout as `CounterShard`'s key store and `SlotStore`.
package struct ShardImage: Sendable {
    package var keyBytes: [UInt8] = []
    package var keyOffsets: [UInt32] = []
    package var keyLengths: [UInt32] = []
    package var keyDimensions: [UInt8] = []
    /// The shard's slot index and pool (`SlotStore`) as of the cut. Between periodic cuts the image
    /// keeps its own copy, which the next cut updates where the shard changed; the final cut hands
    /// over the shard's own buffers. Nil until the first copy (or when the address space could not be
    /// reserved, in which case the copy has no slots). Read them through `forEachSlot(ofKey:_:)`.
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
