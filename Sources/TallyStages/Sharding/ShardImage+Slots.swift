import CPlatform
import TallyCore

extension ShardImage {
    /// Calls `body` with each of key `key`'s slots that holds a bucket: the slot's unit and its
    /// `CounterSlot.width` fields, tag first. Slots come in no particular order. This is the only way
    /// readers of an image see counters, so the shard may lay its slots out as it likes.
    /// - Complexity: O(ring positions of a key).
    package func forEachSlot(ofKey key: Int, _ body: (_ unit: WindowSpec.Unit, _ slot: UnsafePointer<Int64>) -> Void) {
        guard let cells = slotIndex?.base, let pool = slots?.base else { return }
        let positions = hourSlots + daySlots
        let first = cells + key * positions
        for position in 0..<positions {
            let s = Int(first[position])
            guard s != 0 else { continue }
            body(position < hourSlots ? .hour : .day, pool + s * CounterSlot.width)
        }
    }

    /// Starts loading key `key`'s slot index cells, for a `prefetchSlots` a few keys later.
    @inline(__always)
    package func prefetchIndex(ofKey key: Int) {
        guard let cells = slotIndex?.base else { return }
        let positions = hourSlots + daySlots
        let first = UnsafeRawPointer(cells + key * positions)
        for line in stride(from: 0, to: positions * MemoryLayout<UInt32>.stride + 63, by: 64) { tt_prefetch_read(first + line) }
    }

    /// Starts loading the slots key `key`'s index cells name (loaded by a `prefetchIndex` a few
    /// keys earlier), for a `forEachSlot` a few keys later.
    @inline(__always)
    package func prefetchSlots(ofKey key: Int) {
        guard let cells = slotIndex?.base, let pool = slots?.base else { return }
        let positions = hourSlots + daySlots
        let first = cells + key * positions
        for position in 0..<positions where first[position] != 0 {
            tt_prefetch_read(UnsafeRawPointer(pool + Int(first[position]) * CounterSlot.width))
        }
    }
}
