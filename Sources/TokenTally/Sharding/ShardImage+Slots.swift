extension ShardImage {
    /// Calls `body` with each of key `key`'s slots that holds a bucket: the slot's unit and its
    /// `CounterSlot.width` fields, tag first. Slots come in no particular order. This is the only way
    /// readers of an image see counters, so the shard may lay its slots out as it likes.
    /// - Complexity: O(slots of the key).
    package func forEachSlot(ofKey key: Int, _ body: (_ unit: WindowSpec.Unit, _ slot: UnsafePointer<Int64>) -> Void) {
        guard let c = counters?.buffer.baseAddress else { return }
        let base = c + key * keyStride
        for s in 0..<keyStride / CounterSlot.width {
            let slot = base + s * CounterSlot.width
            guard slot[CounterSlot.tag] != CounterSlot.emptyTag else { continue }
            body(s < hourSlots ? .hour : .day, slot)
        }
    }
}
