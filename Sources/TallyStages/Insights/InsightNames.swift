#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CPlatform

/// The text of every key the insights tables refer to, stored once: records hold 64-bit key hashes
/// (`KeyHash`, dimension mixed in, as the parser computes them) and this store turns them back
/// into bytes for snapshots. Session names are kept by their records instead (`SessionName`), but
/// for the few too long to keep there.
///
/// Two different names with the same 64-bit hash cannot both be represented; the second is counted
/// in `collisions` (and reported in the snapshot) instead of being silently merged. At ten million
/// distinct names the chance of any collision is about 3 in a million.
package struct InsightNames: NameOrder, Sendable {
    private var table = InsightTable<Name>(entriesMax: Int(Int32.max) / 4)
    private(set) var bytes: [UInt8] = []
    private var collisionsHere = 0
    /// Names interned lately, by the low bits of their hash: most interns repeat a team, org, model
    /// or tool that was just interned, and this checks them without probing the table.
    private var recent = [Name](repeating: Name(hash: 0, offset: 0, count: 0), count: recentCount)
    private static var recentCount: Int { 4096 }
    /// Counted by the runs this one resumes from.
    package var collisionsBefore = 0
    var collisions: Int { collisionsBefore + collisionsHere }

    /// 16 bytes: where a name's bytes start (40 bits) and its length (24 bits) share a word. A name
    /// of `longCount` bytes or more has `longCount` there, and its length in the 8 bytes before its
    /// text (names are bounded by the line length, up to 1 GiB).
    struct Name: InsightKeyed, Sendable {
        var hash: UInt64
        private var place: UInt64
        var identity: UInt64 { hash }

        static let longCount = 0xFF_FFFF
        private static let offsetMax = 1 << 40

        init(hash: UInt64, offset: Int, count: Int) {
            precondition(offset >= 0 && offset < Self.offsetMax && count >= 0, "a names store beyond 1 TiB")
            self.hash = hash
            place = UInt64(offset) << 24 | UInt64(min(count, Self.longCount))
        }

        /// Where its stored bytes (the length of a long name, then the text) start.
        var offset: Int {
            get { Int(truncatingIfNeeded: place >> 24) }
            set { self = Name(hash: hash, offset: newValue, count: Int(truncatingIfNeeded: place & 0xFF_FFFF)) }
        }

        /// Whether its length is stored before its text.
        var isLong: Bool { place & 0xFF_FFFF == UInt64(Self.longCount) }

        /// Its text's place in `bytes`, the store's bytes. O(1).
        func text(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
            guard isLong else { return offset..<offset + Int(truncatingIfNeeded: place & 0xFF_FFFF) }
            let count = UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self).littleEndian
            return offset + 8..<offset + 8 + Int(truncatingIfNeeded: count)
        }
    }

    var count: Int { table.count }

    /// Records `text` under `hash` unless known. O(text) for a new name, O(1) expected otherwise.
    mutating func intern(_ hash: UInt64, _ text: UnsafeRawBufferPointer) {
        let r = Int(truncatingIfNeeded: hash) & (Self.recentCount - 1)
        if recent[r].hash == hash, Self.isStored(recent[r], text, in: bytes) { return }
        // The closure captures no part of `self`: capturing `bytes` would copy the whole store (a
        // retain and release of each of its arrays) on every intern.
        let made = Name(hash: hash, offset: bytes.count, count: text.count)
        guard let (i, isNew) = table.findOrAdd(hash: hash, hash, { made }) else { return }
        if isNew {
            if made.isLong { withUnsafeBytes(of: UInt64(text.count).littleEndian) { bytes.append(contentsOf: $0) } }
            bytes.append(contentsOf: text)
        } else if !Self.isStored(table[i], text, in: bytes) {
            collisionsHere += 1
            return
        }
        recent[r] = table[i]
    }

    /// Calls `body` with a view for prefetching what interning reads, valid only there.
    @inline(__always)
    func withPrefetcher(_ body: (Prefetcher) -> Void) {
        bytes.withUnsafeBufferPointer { bytes in table.withPrefetcher { body(Prefetcher(table: $0, bytes: bytes)) } }
    }

    /// Starts loading what interning a name reads, in three steps: the slot its hash probes first,
    /// the entry that slot names, then the stored text. Hints only.
    struct Prefetcher: NameOrder {
        let table: InsightTable<Name>.Prefetcher
        let bytes: UnsafeBufferPointer<UInt8>

        @inline(__always) func prefetch(hash: UInt64, _ record: Bool) { table.prefetch(hash: hash, record) }

        @inline(__always)
        func text(hash: UInt64) {
            guard let i = table.find(hash: hash, hash) else { return }
            text(index: i)
        }

        /// The text recorded for `hash`, without copying; empty when unknown, as `InsightNames.text`.
        func text(of hash: UInt64) -> UnsafeBufferPointer<UInt8> {
            guard hash != 0, let i = table.find(hash: hash, hash) else { return UnsafeBufferPointer(start: nil, count: 0) }
            return text(at: i)
        }

        func precedes(_ a: UInt64, _ b: UInt64) -> Bool {
            text(of: a).lexicographicallyPrecedes(text(of: b))
        }

        /// Starts loading the entry of the name at `index`, which `text(index:)` reads some names later.
        @inline(__always)
        func entry(index: Int) { table.record(index: index) }

        /// Starts loading the text of the name at `index` (`0..<count`): reads its entry, so that
        /// should have been loaded (`entry(index:)`).
        @inline(__always)
        func text(index: Int) {
            guard let base = bytes.baseAddress else { return }
            tt_prefetch_read(base + table.entries[index].offset)
        }

        /// The text of the name at `index` (`0..<count`), without copying.
        func text(at index: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[table.entries[index].text(in: bytes)])
        }
    }

    /// Static, given the store's bytes: as a method, each call from `intern` copied the whole store.
    private static func isStored(_ name: Name, _ text: UnsafeRawBufferPointer, in bytes: borrowing [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            let stored = name.text(in: bytes)
            guard stored.count == text.count else { return false }
            return stored.isEmpty || memcmp(bytes.baseAddress! + stored.lowerBound, text.baseAddress!, stored.count) == 0
        }
    }

    /// The text recorded for `hash`; empty when unknown (hash 0 means "absent").
    func text(_ hash: UInt64) -> ArraySlice<UInt8> {
        guard hash != 0, let i = table.find(hash: hash, hash) else { return [] }
        return bytes[bytes.withUnsafeBufferPointer { table[i].text(in: $0) }]
    }

    /// Adds `other`'s names (another shard's).
    mutating func merge(_ other: InsightNames) {
        other.bytes.withUnsafeBufferPointer { bytes in
            for name in other.table.entries { intern(name.hash, UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[name.text(in: bytes)]))) }
        }
    }

    /// Whether the name of `a` sorts before the name of `b` (bytes, as the snapshot orders rows). O(name).
    func precedes(_ a: UInt64, _ b: UInt64) -> Bool {
        text(a).lexicographicallyPrecedes(text(b))
    }

    /// Where the name with `hash` is stored (`0..<count`), if known: a dense index for per-name arrays.
    func index(_ hash: UInt64) -> Int? {
        hash == 0 ? nil : table.find(hash: hash, hash)
    }

    /// Keeps only the names whose index `keep` marks, compacting the byte store in place: names
    /// are stored in the order of their entries, so each kept one moves down or stays. O(names).
    mutating func retain(_ keep: [Bool]) {
        guard keep.contains(false) else { return }
        var end = 0
        bytes.withUnsafeMutableBufferPointer { bytes in
            table.retain(keep) { name in
                precondition(name.offset >= end, "names are stored in entry order")
                let stored = name.text(in: UnsafeBufferPointer(bytes)).upperBound - name.offset
                if name.offset > end, stored > 0 {
                    (bytes.baseAddress! + end).update(from: bytes.baseAddress! + name.offset, count: stored)
                }
                name.offset = end
                end += stored
            }
        }
        bytes.removeSubrange(end...)
        // The names moved.
        for r in recent.indices { recent[r] = Name(hash: 0, offset: 0, count: 0) }
    }
}
