import TallyCore

extension PseudonymCache {
    /// Replaces every event's key in reference slot `slot` (a `KeyDimension` or `EventRef` index) in
    /// `batch` with its pseudonym, in the batch's arena, before any other stage reads the batch. An
    /// absent key stays absent. The raw ids stay only in the batch's memory, which the next chunk
    /// overwrites. O(events); one HMAC per id the cache has not seen.
    package func replaceKeys(_ slot: Int, in batch: EventBatch) {
        for e in 0..<batch.events.count {
            let i = e * EventBatch.refsPerEvent + slot
            let ref = batch.keys[i]
            guard ref.length > 0 else { continue }
            let pseudonym = pseudonym(of: UnsafeRawBufferPointer(start: batch.arena.base + Int(ref.offset), count: Int(ref.length)))
            // Hash before appending: the append may move the arena (not the cache's bytes).
            let hash = KeyHash.hash(pseudonym, dimension: slot)
            let offset = batch.arena.count
            batch.arena.append(contentsOf: pseudonym.baseAddress!.assumingMemoryBound(to: UInt8.self), count: pseudonym.count)
            batch.keys[i] = KeyRef(hash: hash, offset: UInt32(truncatingIfNeeded: offset), length: UInt32(pseudonym.count))
        }
    }
}
