import TallyCore
import TallyEvents

extension CounterShard {
    /// Adds one key's buckets from a snapshot being merged (`SnapshotMerge`): each slot (the eight
    /// `CounterSlot` fields, tag first) is added field by field to the key's slot for the same
    /// bucket, saturating. A bucket a whole ring older than one already at its position is dropped,
    /// as counting would.
    /// - Returns: nil when the shard is full; else whether the key was new to the shard, and how
    ///   many sums saturated.
    /// - Precondition: the shard's windows are the snapshot's.
    /// - Complexity: O(slots).
    package func add(
        key: UnsafeRawBufferPointer, dimension: Int, hash: UInt64, hours: [[Int64]], days: [[Int64]]
    ) -> (isNew: Bool, saturated: Int)? {
        let keysBefore = keyCount
        let keyIndex = key.withMemoryRebound(to: UInt8.self) { bytes in
            findOrInsert(KeyRef(hash: hash, offset: 0, length: UInt32(bytes.count)), dimension: dimension, arena: bytes.baseAddress!)
        }
        guard keyIndex >= 0 else { return nil }
        let lookup = slots.lookup
        var saturated = 0
        for (rows, ring, first) in [(hours, windows.hourSlots, 0), (days, windows.daySlots, windows.hourSlots)] {
            for values in rows {
                precondition(ring > 0 && values.count == CounterSlot.width)
                let tag = values[CounterSlot.tag]
                guard let slot = lookup.slot(key: keyIndex, position: first + Int(tag %% Int64(ring)), bucket: tag) else { continue }
                if CounterSlot.add(slot: values, at: slot) { saturated += 1 }
            }
        }
        return (keyCount > keysBefore, saturated)
    }
}
