import CPlatform

/// An entry of an `InsightTable`: a fixed-size record found by an identity made of key hashes.
protocol InsightKeyed {
    associatedtype Identity: Equatable
    var identity: Identity { get }
}

/// A bounded hash table of fixed-size records for the insights stage: open addressing over a
/// power-of-two array of slots (load at most ¾), records in one flat array, looked up by a 64-bit
/// hash of their identity and confirmed by comparing the identity itself.
///
/// A slot holds the upper half of the record's hash (its tag, which also picks the slot) above the
/// record's index + 1, so a probe reads records only on a tag match and the index is rebuilt from
/// the slots alone, without the hashes. Records are removed only in bulk (`removeAll(where:)`),
/// which rebuilds the index, so indices of records stay stable between rebuilds and callers may
/// cache them until the next one (`rebuilds` counts them). Memory: 11 to 21 bytes of slots per
/// record (16 just after a removal) plus the record.
struct InsightTable<Entry: InsightKeyed> {
    private(set) var entries: [Entry] = []
    /// 0 = empty, else `tag << 32 | (record index + 1)`.
    private var slots: [UInt64]
    private var mask: Int
    let entriesMax: Int
    /// Inserts refused because the table held `entriesMax` records.
    private(set) var refused = 0
    /// How many times records were removed (and indices changed).
    private(set) var rebuilds = 0

    private static var slotsMin: Int { 1024 }

    init(entriesMax: Int) {
        precondition(entriesMax > 0 && entriesMax < Int(Int32.max) / 2)
        self.entriesMax = entriesMax
        slots = [UInt64](repeating: 0, count: Self.slotsMin)
        mask = Self.slotsMin - 1
    }

    var count: Int { entries.count }

    subscript(i: Int) -> Entry {
        get { entries[i] }
        _modify { yield &entries[i] }
    }

    @inline(__always)
    private static func tag(_ hash: UInt64) -> UInt64 { hash >> 32 }

    /// The record with `identity`, if present. O(1) expected.
    func find(hash: UInt64, _ identity: Entry.Identity) -> Int? {
        switch probe(hash: hash, identity) {
        case .found(let i): i
        case .empty: nil
        }
    }

    /// The record with `identity`, inserting `make()` when absent; nil when the table is full.
    /// O(1) amortised.
    @inline(__always)
    mutating func findOrInsert(hash: UInt64, _ identity: Entry.Identity, _ make: () -> Entry) -> Int? {
        findOrAdd(hash: hash, identity, make)?.index
    }

    /// As `findOrInsert`, also telling whether the record was just added (whose names its owner
    /// then stores: `make` should capture nothing that costs a retain per call).
    mutating func findOrAdd(hash: UInt64, _ identity: Entry.Identity, _ make: () -> Entry) -> (index: Int, isNew: Bool)? {
        switch probe(hash: hash, identity) {
        case .found(let i):
            return (i, false)
        case .empty(let slot):
            guard entries.count < entriesMax else {
                refused += 1
                return nil
            }
            entries.append(make())
            slots[slot] = Self.tag(hash) << 32 | UInt64(entries.count)
            if entries.count * 4 > slots.count * 3 { rebuildIndex(capacity: slots.count * 2, newIndex: nil) }
            return (entries.count - 1, true)
        }
    }

    /// Calls `body` with a view for prefetching this table's slots and records, valid only there.
    @inline(__always)
    func withPrefetcher(_ body: (Prefetcher) -> Void) {
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in body(Prefetcher(slots: slots, mask: mask, entries: entries)) }
        }
    }

    /// Starts loading the parts of a table that lookups will read: hints only, a wrong guess wastes
    /// a load. The table must not change while one is in use.
    struct Prefetcher {
        let slots: UnsafeBufferPointer<UInt64>
        let mask: Int
        let entries: UnsafeBufferPointer<Entry>

        /// `slot(hash:)`, or `record(hash:)` when `record` (the slot should be loaded by then).
        @inline(__always)
        func prefetch(hash: UInt64, _ record: Bool) {
            if record { self.record(hash: hash) } else { slot(hash: hash) }
        }

        /// The first slot a lookup of `hash` probes.
        @inline(__always)
        func slot(hash: UInt64) {
            tt_prefetch_write(slots.baseAddress! + (Int(truncatingIfNeeded: InsightTable.tag(hash)) & mask))
        }

        /// The record the first slot a lookup of `hash` probes names, if its tag matches: the slot
        /// should be loaded already.
        @inline(__always)
        func record(hash: UInt64) {
            let tag = InsightTable.tag(hash)
            let s = slots[Int(truncatingIfNeeded: tag) & mask]
            if s >> 32 == tag { record(index: Int(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1) }
        }

        /// Record `index`, if there is one.
        @inline(__always)
        func record(index: Int) {
            guard index >= 0 && index < entries.count else { return }
            let record = UnsafeRawPointer(entries.baseAddress! + index)
            for line in stride(from: 0, to: MemoryLayout<Entry>.size, by: 64) { tt_prefetch_write(record + line) }
            tt_prefetch_write(record + MemoryLayout<Entry>.size - 1)
        }

        /// The index of the record with `identity`, as `InsightTable.find`.
        @inline(__always)
        func find(hash: UInt64, _ identity: Entry.Identity) -> Int? {
            let tag = InsightTable.tag(hash)
            var slot = Int(truncatingIfNeeded: tag) & mask
            while true {
                let s = slots[slot]
                if s == 0 { return nil }
                let e = Int(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
                if s >> 32 == tag, entries[e].identity == identity { return e }
                slot = (slot + 1) & mask
            }
        }
    }

    private enum Probe {
        case found(Int)
        case empty(Int)
    }

    /// Linear probing from the tag's slot: records are read only where the tag matches.
    @inline(__always)
    private func probe(hash: UInt64, _ identity: Entry.Identity) -> Probe {
        let tag = Self.tag(hash)
        var slot = Int(truncatingIfNeeded: tag) & mask
        while true {
            let s = slots[slot]
            if s == 0 { return .empty(slot) }
            if s >> 32 == tag {
                let e = Int(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
                if entries[e].identity == identity { return .found(e) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Removes every record for which `expired` is true. O(records + slots).
    mutating func removeAll(where expired: (Entry) -> Bool) {
        filter { _, entry in !expired(entry) }
    }

    /// Keeps the records at the indices `keep` marks, each changed by `update` first, in their
    /// order. O(records + slots).
    mutating func retain(_ keep: [Bool], updating update: (inout Entry) -> Void) {
        precondition(keep.count == entries.count)
        filter { i, entry in
            guard keep[i] else { return false }
            update(&entry)
            return true
        }
    }

    /// Keeps the records `isKept` accepts (given their index, and free to change them), packed in
    /// their order, and rebuilds the index when any went.
    private mutating func filter(_ isKept: (Int, inout Entry) -> Bool) {
        // Where each record moves: -1 when removed.
        var moved = [Int32](repeating: -1, count: entries.count)
        var kept = 0
        for i in entries.indices {
            var entry = entries[i]
            guard isKept(i, &entry) else { continue }
            entries[kept] = entry
            moved[i] = Int32(kept)
            kept += 1
        }
        guard kept < entries.count else { return }
        entries.removeSubrange(kept...)
        rebuilds += 1
        let capacity = Self.capacity(for: kept)
        if capacity == slots.count { reindexInPlace(moved) } else { rebuildIndex(capacity: capacity, newIndex: moved) }
    }

    /// Renumbers the slots by `newIndex` (-1: removed) within the same slots: a compaction that
    /// keeps the table's size allocates no second index beside the first (0.1 GiB for a table of
    /// 8 million records). Each record is taken out and placed again, in slot order from just after
    /// a slot that was empty before: no probe run crosses that slot, so every record's home comes
    /// before it in that order, and a slot once visited never empties again. O(slots).
    private mutating func reindexInPlace(_ newIndex: [Int32]) {
        let mask = self.mask
        slots.withUnsafeMutableBufferPointer { slots in
            // Load is at most ¾: there is an empty slot.
            let start = slots.firstIndex(of: 0)!
            for step in 1...slots.count {
                let k = (start + step) & mask
                let s = slots[k]
                guard s != 0 else { continue }
                slots[k] = 0
                let to = newIndex[Int(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1]
                guard to >= 0 else { continue }
                var slot = Int(truncatingIfNeeded: s >> 32) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = s & 0xFFFF_FFFF_0000_0000 | UInt64(to + 1)
            }
        }
    }

    /// Replaces the contents (for a restore): identities must be distinct.
    mutating func restore(_ records: [(hash: UInt64, entry: Entry)]) {
        entries = records.map(\.entry)
        rebuilds += 1
        let capacity = Self.capacity(for: entries.count)
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        for (i, record) in records.enumerated() { place(Self.tag(record.hash) << 32 | UInt64(i + 1)) }
    }

    /// The smallest slot count that keeps `count` records at a load of at most ½.
    private static func capacity(for count: Int) -> Int {
        var capacity = slotsMin
        while capacity < count * 2 { capacity *= 2 }
        return capacity
    }

    /// Re-places every occupied slot into `capacity` slots, renumbering records by `newIndex`
    /// (nil: unchanged; -1: removed).
    private mutating func rebuildIndex(capacity: Int, newIndex: [Int32]?) {
        let old = slots
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        for s in old where s != 0 {
            guard let newIndex else {
                place(s)
                continue
            }
            let to = newIndex[Int(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1]
            if to >= 0 { place(s & 0xFFFF_FFFF_0000_0000 | UInt64(to + 1)) }
        }
    }

    @inline(__always)
    private mutating func place(_ s: UInt64) {
        var slot = Int(truncatingIfNeeded: s >> 32) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = s
    }
}

/// Combines key hashes into one table hash (order matters). Not cryptographic: identities are
/// compared in full after a hash match.
enum InsightHash {
    @inline(__always)
    static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var h = (a ^ (b &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        return h &* 0x94D0_49BB_1331_11EB ^ (h >> 29)
    }
}

extension InsightTable: Sendable where Entry: Sendable {}
