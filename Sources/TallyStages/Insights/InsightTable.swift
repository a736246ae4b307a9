/// An entry of an `InsightTable`: a fixed-size record found by an identity made of key hashes.
protocol InsightKeyed {
    associatedtype Identity: Equatable
    var identity: Identity { get }
}

/// A bounded hash table of fixed-size records for the insights stage: open addressing over a
/// power-of-two index (load at most ½), records in one flat array, looked up by a 64-bit hash of
/// their identity and confirmed by comparing the identity itself.
///
/// Records are removed only in bulk (`removeAll(where:)`), which rebuilds the index, so indices of
/// records stay stable between rebuilds and callers may cache them until the next one
/// (`rebuilds` counts them). Memory: about 16 bytes of index per record plus the record.
struct InsightTable<Entry: InsightKeyed> {
    private(set) var entries: [Entry] = []
    private var hashes: [UInt64] = []
    /// 0 = empty, else record index + 1.
    private var index: [Int32]
    private var mask: Int
    let entriesMax: Int
    /// Inserts refused because the table held `entriesMax` records.
    private(set) var refused = 0
    /// How many times records were removed (and indices changed).
    private(set) var rebuilds = 0

    init(entriesMax: Int) {
        precondition(entriesMax > 0 && entriesMax < Int(Int32.max) / 2)
        self.entriesMax = entriesMax
        index = [Int32](repeating: 0, count: 1024)
        mask = 1023
    }

    var count: Int { entries.count }

    subscript(i: Int) -> Entry {
        get { entries[i] }
        _modify { yield &entries[i] }
    }

    /// The record with `identity`, if present. O(1) expected.
    func find(hash: UInt64, _ identity: Entry.Identity) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let e = Int(index[slot])
            if e == 0 { return nil }
            if hashes[e - 1] == hash, entries[e - 1].identity == identity { return e - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// The record with `identity`, inserting `make()` when absent; nil when the table is full.
    /// O(1) amortised.
    mutating func findOrInsert(hash: UInt64, _ identity: Entry.Identity, _ make: () -> Entry) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let e = Int(index[slot])
            if e == 0 { break }
            if hashes[e - 1] == hash, entries[e - 1].identity == identity { return e - 1 }
            slot = (slot + 1) & mask
        }
        guard entries.count < entriesMax else {
            refused += 1
            return nil
        }
        entries.append(make())
        hashes.append(hash)
        index[slot] = Int32(entries.count)
        if entries.count * 2 > index.count { rebuildIndex(capacity: index.count * 2) }
        return entries.count - 1
    }

    /// Removes every record for which `expired` is true. O(records).
    mutating func removeAll(where expired: (Entry) -> Bool) {
        var kept = 0
        for i in entries.indices where !expired(entries[i]) {
            entries[kept] = entries[i]
            hashes[kept] = hashes[i]
            kept += 1
        }
        guard kept < entries.count else { return }
        entries.removeSubrange(kept...)
        hashes.removeSubrange(kept...)
        rebuilds += 1
        var capacity = 1024
        while capacity < entries.count * 2 + 2 { capacity *= 2 }
        rebuildIndex(capacity: capacity)
    }

    /// Replaces the contents (for a restore): identities must be distinct.
    mutating func restore(_ records: [(hash: UInt64, entry: Entry)]) {
        entries = records.map(\.entry)
        hashes = records.map(\.hash)
        rebuilds += 1
        var capacity = 1024
        while capacity < entries.count * 2 + 2 { capacity *= 2 }
        rebuildIndex(capacity: capacity)
    }

    private mutating func rebuildIndex(capacity: Int) {
        index = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        for (i, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while index[slot] != 0 { slot = (slot + 1) & mask }
            index[slot] = Int32(i + 1)
        }
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
