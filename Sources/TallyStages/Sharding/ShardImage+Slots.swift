import CPlatform
import TallyCore

extension ShardImage {
    /// Calls `body` with each of key `key`'s slots that holds a bucket: the slot's unit and its
    /// `CounterSlot.width` fields, tag first. Slots come in no particular order. This is the only way
    /// readers of an image see counters, so the shard may lay its slots out as it likes.
    /// - Complexity: O(ring positions of a key).
    package func forEachSlot(ofKey key: Int, _ body: (_ unit: WindowSpec.Unit, _ slot: UnsafePointer<Int64>) -> Void) {
        guard let first = indexCells(ofKey: key), let pool = slots?.base else { return }
        for position in 0..<hourSlots + daySlots {
            let s = Int(first[position])
            guard s != 0 else { continue }
            body(position < hourSlots ? .hour : .day, pool + s * CounterSlot.width)
        }
    }

    /// Starts loading key `key`'s slot index cells, for a `prefetchSlots` a few keys later.
    @inline(__always)
    package func prefetchIndex(ofKey key: Int) {
        guard let first = indexCells(ofKey: key).map(UnsafeRawPointer.init) else { return }
        for line in stride(from: 0, to: (hourSlots + daySlots) * MemoryLayout<UInt32>.stride + 63, by: 64) {
            tt_prefetch_read(first + line)
        }
    }

    /// Starts loading the slots key `key`'s index cells name (loaded by a `prefetchIndex` a few
    /// keys earlier), for a `forEachSlot` a few keys later.
    @inline(__always)
    package func prefetchSlots(ofKey key: Int) {
        guard let first = indexCells(ofKey: key), let pool = slots?.base else { return }
        for position in 0..<hourSlots + daySlots where first[position] != 0 {
            tt_prefetch_read(UnsafeRawPointer(pool + Int(first[position]) * CounterSlot.width))
        }
    }

    /// Key `key`'s ring-index cells (`hourSlots + daySlots` of them, hours first): each a slot
    /// number in the pool, 0 for none.
    @inline(__always)
    private func indexCells(ofKey key: Int) -> UnsafeMutablePointer<UInt32>? {
        slotIndex.map { $0.base + key * (hourSlots + daySlots) }
    }
}
