import TallyCore

/// Remembers the pseudonyms of recently seen ids, so that pseudonymising a stream costs one HMAC per
/// distinct id rather than one per event. One per worker thread; not thread-safe.
///
/// An open-addressing table (linear probing, at most half full) keyed by `KeyHash` of the raw id. Each
/// entry also keeps the raw bytes, and a lookup compares them, so two ids with the same 64-bit hash
/// never share a pseudonym. Raw ids and pseudonyms live in two flat byte arenas: once warm, a lookup
/// allocates nothing.
///
/// Memory is bounded: when `entriesMax` entries are stored, or the raw ids would pass
/// `entriesMax * rawBytesPerEntry` bytes, everything is forgotten and the cache refills. At the bound
/// that is about 2 × 24 bytes of table, 34 bytes of pseudonym and up to 64 bytes of raw id per entry
/// (roughly 150 MiB for the default 2^20 entries; typical ids of 20-40 bytes use less).
package final class PseudonymCache {
    /// One table slot. `entry` is the entry's index plus one; 0 marks an empty slot.
    private struct Slot {
        var hash: UInt64
        var rawOffset: UInt32
        var rawLength: UInt32
        var entry: UInt32
    }

    /// The raw-byte budget per entry, on average; ids are usually 10-40 bytes.
    package static let rawBytesPerEntry = 64

    private let key: PseudonymKey
    package let entriesMax: Int
    private let rawBytesMax: Int
    /// ANDed into every hash; tests pass a narrow mask to force whole-hash collisions.
    private let hashMask: UInt64

    private var slots: UnsafeMutablePointer<Slot>
    private var slotMask: Int
    /// The table never grows past this many slots (a power of two, at least 2 × entriesMax).
    private let slotsMax: Int
    private var rawArena: GrowableBuffer<UInt8>
    private var pseudonymArena: GrowableBuffer<UInt8>
    /// Where a pseudonym is written when its id is too long to keep (longer than the whole budget).
    private let scratch: UnsafeMutableRawPointer

    /// Entries stored now.
    package private(set) var count = 0
    /// Lookups answered from the table, computed with an HMAC, and times the cache was emptied at its bound.
    package private(set) var hits = 0
    package private(set) var misses = 0
    package private(set) var clears = 0

    /// - Parameters:
    ///   - entriesMax: the most ids remembered at once, at least 1.
    ///   - hashMask: a test hook; leave it at `.max`.
    package init(key: PseudonymKey, entriesMax: Int = 1 << 20, hashMask: UInt64 = .max) {
        precondition(entriesMax >= 1, "a pseudonym cache holds at least one entry")
        // Raw offsets are 32-bit.
        precondition(entriesMax <= Int(UInt32.max) / Self.rawBytesPerEntry, "entriesMax is too large")
        self.key = key
        self.entriesMax = entriesMax
        self.hashMask = hashMask
        rawBytesMax = entriesMax * Self.rawBytesPerEntry
        var limit = 2
        while limit < 2 * entriesMax { limit *= 2 }
        slotsMax = limit
        let initial = Swift.min(limit, 1024)
        slots = .allocate(capacity: initial)
        slots.initialize(repeating: Slot(hash: 0, rawOffset: 0, rawLength: 0, entry: 0), count: initial)
        slotMask = initial - 1
        rawArena = GrowableBuffer(capacity: Swift.min(rawBytesMax, 32 * initial))
        pseudonymArena = GrowableBuffer(capacity: PseudonymKey.pseudonymBytes * Swift.min(entriesMax, initial / 2))
        scratch = .allocate(byteCount: PseudonymKey.pseudonymBytes, alignment: 1)
    }

    deinit {
        slots.deallocate()
        scratch.deallocate()
    }

    /// The pseudonym of the id `raw`, ``PseudonymKey/pseudonymBytes`` bytes, equal to
    /// `key.pseudonym(of: raw)`.
    ///
    /// The result points into the cache and is valid only until the next call on this cache: copy it
    /// before asking again.
    /// - Complexity: O(raw.count) expected; a miss adds one HMAC-SHA256.
    package func pseudonym(of raw: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let length = raw.count
        guard length <= rawBytesMax else {
            // Longer than the whole budget (only with a tiny entriesMax): computed, never kept.
            misses += 1
            key.write(pseudonymOf: raw, to: scratch)
            return UnsafeRawBufferPointer(start: scratch, count: PseudonymKey.pseudonymBytes)
        }
        let hash = KeyHash.hash(raw, dimension: 0) & hashMask
        var index = Int(truncatingIfNeeded: hash) & slotMask
        while true {
            let slot = slots[index]
            if slot.entry == 0 { break }
            if slot.hash == hash, Int(slot.rawLength) == length, equal(raw, at: Int(slot.rawOffset)) {
                hits += 1
                return storedPseudonym(Int(slot.entry) - 1)
            }
            index = (index + 1) & slotMask
        }

        misses += 1
        if count == entriesMax || rawArena.count + length > rawBytesMax {
            removeAll()
            clears += 1
            index = Int(truncatingIfNeeded: hash) & slotMask
        } else if 2 * (count + 1) > slotMask + 1, slotMask + 1 < slotsMax {
            grow()
            index = Int(truncatingIfNeeded: hash) & slotMask
            while slots[index].entry != 0 { index = (index + 1) & slotMask }
        }

        let entry = count
        let rawOffset = rawArena.count
        if length > 0 { rawArena.append(contentsOf: raw.baseAddress!.assumingMemoryBound(to: UInt8.self), count: length) }
        pseudonymArena.reserve(PseudonymKey.pseudonymBytes)
        key.write(pseudonymOf: raw, to: UnsafeMutableRawPointer(pseudonymArena.base + pseudonymArena.count))
        pseudonymArena.setCount(pseudonymArena.count + PseudonymKey.pseudonymBytes)
        slots[index] = Slot(hash: hash, rawOffset: UInt32(rawOffset), rawLength: UInt32(length), entry: UInt32(entry + 1))
        count += 1
        return storedPseudonym(entry)
    }

    /// Forgets every entry, keeping the memory for the refill.
    /// - Complexity: O(table slots).
    package func removeAll() {
        slots.update(repeating: Slot(hash: 0, rawOffset: 0, rawLength: 0, entry: 0), count: slotMask + 1)
        rawArena.removeAll()
        pseudonymArena.removeAll()
        count = 0
    }

    /// Table slots allocated now (for tests of the bound).
    package var slotCount: Int { slotMask + 1 }

    private func storedPseudonym(_ entry: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: pseudonymArena.base + entry * PseudonymKey.pseudonymBytes, count: PseudonymKey.pseudonymBytes)
    }

    @inline(__always)
    private func equal(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        guard let base = raw.baseAddress else { return true }  // both empty
        return ShortBytes.equal(base.assumingMemoryBound(to: UInt8.self), rawArena.base + offset, raw.count)
    }

    /// Doubles the table, placing entries by their stored hashes. Amortised O(1) per entry.
    private func grow() {
        let oldSlots = slots, oldCount = slotMask + 1
        let newCount = oldCount * 2
        slots = .allocate(capacity: newCount)
        slots.initialize(repeating: Slot(hash: 0, rawOffset: 0, rawLength: 0, entry: 0), count: newCount)
        slotMask = newCount - 1
        for i in 0..<oldCount where oldSlots[i].entry != 0 {
            var index = Int(truncatingIfNeeded: oldSlots[i].hash) & slotMask
            while slots[index].entry != 0 { index = (index + 1) & slotMask }
            slots[index] = oldSlots[i]
        }
        oldSlots.deallocate()
    }
}
