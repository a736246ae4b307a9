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
}
