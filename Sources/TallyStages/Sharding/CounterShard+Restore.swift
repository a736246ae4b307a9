import TallyCore
import TallyEvents

extension CounterShard {
    /// Puts back one key's live buckets from a snapshot (resuming a run). Each slot is the eight
    /// `CounterSlot` fields, tag first; it goes to the ring position its bucket maps to, exactly
    /// where counting would have put it. Returns false when the shard is full.
    /// - Precondition: the shard's windows are the snapshot's, and no slot is outside its ring.
    package func restore(
        key: UnsafeRawBufferPointer, dimension: Int, hash: UInt64, hours: [[Int64]], days: [[Int64]]
    ) -> Bool {
        let keyIndex = key.withMemoryRebound(to: UInt8.self) { bytes in
            findOrInsert(
                KeyRef(hash: hash, offset: 0, length: UInt32(bytes.count)), dimension: dimension,
                arena: bytes.baseAddress!)
        }
        guard keyIndex >= 0 else { return false }
        let lookup = slots.lookup
        for (rows, ring, first) in [(hours, windows.hourSlots, 0), (days, windows.daySlots, windows.hourSlots)] {
            for values in rows {
                precondition(ring > 0 && values.count == CounterSlot.width)
                let tag = values[CounterSlot.tag]
                let position = first + Int(tag %% Int64(ring))
                // Nil only for a bucket a ring older than one already restored there: dropped, as
                // counting would have.
                guard let slot = lookup.slot(key: keyIndex, position: position, bucket: tag) else { continue }
                for f in 0..<CounterSlot.width { slot[f] = values[f] }
            }
        }
        return true
    }
}
