/// The closed sessions of each person, reduced to what the Session Immortal badge reads: for any
/// instant T, the longest closed session (first to last call) whose last call is at or after T,
/// ties to the session name first in byte order. That answer is kept exactly by the Pareto front of
/// (last call, span): a session is dropped when another of the same person `covers` it, ending no
/// earlier and being longer, or as long with a name that sorts no later. A front holds about
/// ln(sessions) entries when lengths come in random order, and at most one per session.
///
/// Each person's front is a singly linked list in one flat array; its head lives in the person's
/// record. Removed entries are reused, so entries keep their places until `rebuild`.
struct SessionFronts {
    struct Entry: Equatable {
        var user: UInt64
        /// Never 0 while in a front (calls without a session id have no name to show); 0 when free.
        var session: UInt64
        var firstMs: Int64
        var lastMs: Int64
        /// `SessionFronts.nameKey` of the session's name: orders most names without reading them.
        var nameKey: UInt64
        /// The person's next entry, or the next free entry; -1 at the end.
        var next: Int32 = -1

        var spanMs: Int64 { lastMs &- firstMs }
        var isFree: Bool { session == 0 }
    }

    /// Live and free entries; free ones have `session` 0.
    private(set) var entries: [Entry] = []
    private var freeHead: Int32 = -1

    /// Entries in use or free (the array's size).
    var count: Int { entries.count }

    /// The first 8 bytes of a name, big-endian, zero-padded: when two keys differ, they order the
    /// names as their bytes do (a shorter name that is a prefix of a longer one sorts first).
    static func nameKey(_ name: UnsafeRawBufferPointer) -> UInt64 {
        var key: UInt64 = 0
        for i in 0..<8 { key = key << 8 | UInt64(i < name.count ? name[i] : 0) }
        return key
    }

    /// Whether `a`'s session name sorts before `b`'s (bytes); the names store is read only when
    /// their first 8 bytes agree.
    static func namePrecedes(_ a: Entry, _ b: Entry, names: InsightNames) -> Bool {
        a.nameKey != b.nameKey ? a.nameKey < b.nameKey : names.precedes(a.session, b.session)
    }

    /// Whether `a` makes `b` redundant for every T: it ends no earlier and is longer, or as long with
    /// a name that sorts no later. A preorder; only entries equal in every field cover each other.
    static func covers(_ a: Entry, _ b: Entry, names: InsightNames) -> Bool {
        guard a.lastMs >= b.lastMs else { return false }
        if a.spanMs != b.spanMs { return a.spanMs > b.spanMs }
        return a.session == b.session || namePrecedes(a, b, names: names)
    }

    /// Folds a closed session into the front that starts at `head`: dropped when the front covers
    /// it, else added and the entries it covers freed. O(front).
    mutating func add(_ closed: Entry, head: inout Int32, names: InsightNames) {
        precondition(!closed.isFree, "sessions without an id have no front")
        var i = head
        while i >= 0 {
            if Self.covers(entries[Int(i)], closed, names: names) { return }
            i = entries[Int(i)].next
        }
        // Unlink what the new entry covers; none of it covers the new entry (checked above).
        var link: Int32 = -1
        i = head
        while i >= 0 {
            let next = entries[Int(i)].next
            if Self.covers(closed, entries[Int(i)], names: names) {
                free(i)
                if link < 0 { head = next } else { entries[Int(link)].next = next }
            } else {
                link = i
            }
            i = next
        }
        var entry = closed
        entry.next = head
        head = allocate(entry)
    }

    /// The longest entry of the front at `head` that ends at or after `ms` (ties: the name first in
    /// byte order), as a reader computes the badge. O(front).
    func longest(head: Int32, endingAtOrAfter ms: Int64, names: InsightNames) -> Entry? {
        var best: Entry?
        var i = head
        while i >= 0 {
            let e = entries[Int(i)]
            if e.lastMs >= ms, best.map({ e.spanMs > $0.spanMs || (e.spanMs == $0.spanMs && Self.namePrecedes(e, $0, names: names)) }) ?? true {
                best = e
            }
            i = e.next
        }
        return best
    }

    /// Keeps only the entries `isLive` accepts of the fronts that start at `heads`, packed with no
    /// free entries; returns each front's new head (in the order of `heads`). Entries reachable from
    /// no head are dropped. O(entries).
    mutating func rebuild(heads: [Int32], isLive: (Entry) -> Bool) -> [Int32] {
        var packed: [Entry] = []
        var newHeads = [Int32](repeating: -1, count: heads.count)
        for (f, head) in heads.enumerated() {
            var i = head
            var last: Int32 = -1
            while i >= 0 {
                var e = entries[Int(i)]
                i = e.next
                guard isLive(e) else { continue }
                e.next = -1
                packed.append(e)
                let placed = Int32(packed.count - 1)
                if last < 0 { newHeads[f] = placed } else { packed[Int(last)].next = placed }
                last = placed
            }
        }
        entries = packed
        freeHead = -1
        return newHeads
    }

    private mutating func free(_ i: Int32) {
        entries[Int(i)] = Entry(user: 0, session: 0, firstMs: 0, lastMs: Int64.min, nameKey: 0, next: freeHead)
        freeHead = i
    }

    private mutating func allocate(_ entry: Entry) -> Int32 {
        guard freeHead >= 0 else {
            entries.append(entry)
            return Int32(entries.count - 1)
        }
        let i = freeHead
        freeHead = entries[Int(i)].next
        entries[Int(i)] = entry
        return i
    }
}
