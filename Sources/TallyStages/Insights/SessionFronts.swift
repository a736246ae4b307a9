import CPlatform

/// The closed sessions of each person, reduced to what the Session Immortal badge reads: for any
/// instant T, the longest closed session (first to last call) whose last call is at or after T,
/// ties to the session name first in byte order. That answer is kept exactly by the Pareto front of
/// (last call, span): a session is dropped when another of the same person `covers` it, ending no
/// earlier and being longer, or as long with a name that sorts no later. A front holds about
/// ln(sessions) entries when lengths come in random order, and at most one per session.
///
/// Each person's front is a singly linked list in one flat array, latest end first (so spans grow
/// along it); its head lives in the person's record. Removed entries are reused, so entries keep
/// their places until `rebuild`. At most `entriesMax` entries, like an `InsightTable`.
struct SessionFronts {
    struct Entry: Equatable {
        // What a walk along a front reads at each step comes first, in one cache line for most
        // entries: the name (most of the entry) is read only between entries of equal span.
        var firstMs: Int64
        var lastMs: Int64
        /// The person's next entry, or the next free entry; -1 at the end.
        var next: Int32
        var user: UInt64
        /// Never 0 while in a front (calls without a session id have no name to show); 0 when free.
        var session: UInt64
        var name: SessionName

        init(user: UInt64, session: UInt64, firstMs: Int64, lastMs: Int64, name: SessionName, next: Int32 = -1) {
            (self.user, self.session, self.firstMs, self.lastMs, self.name, self.next) = (user, session, firstMs, lastMs, name, next)
        }

        var spanMs: Int64 { lastMs &- firstMs }
        var isFree: Bool { session == 0 }
    }

    /// Live and free entries; free ones have `session` 0.
    private(set) var entries: [Entry] = []
    private var freeHead: Int32 = -1

    let entriesMax: Int
    /// Closed sessions refused because all `entriesMax` entries were in use.
    private(set) var refused = 0

    init(entriesMax: Int) {
        self.entriesMax = entriesMax
    }

    /// Entries in use or free (the array's size).
    var count: Int { entries.count }

    /// Whether `a`'s session name sorts before `b`'s (bytes); the names store is read only for two
    /// long names that share their kept bytes (`SessionName`).
    static func namePrecedes(_ a: Entry, _ b: Entry, names: some NameOrder) -> Bool {
        SessionName.precedes(a.name, a.session, b.name, b.session, names: names)
    }

    /// Whether `a` makes `b` redundant for every T: it ends no earlier and is longer, or as long with
    /// a name that sorts no later. A preorder; only entries equal in every field cover each other.
    static func covers(_ a: Entry, _ b: Entry, names: some NameOrder) -> Bool {
        guard a.lastMs >= b.lastMs else { return false }
        if a.spanMs != b.spanMs { return a.spanMs > b.spanMs }
        return a.session == b.session || namePrecedes(a, b, names: names)
    }

    /// Folds a closed session into the front that starts at `head`: dropped when the front covers
    /// it, else added and the entries it covers freed; refused (and counted) when all `entriesMax`
    /// entries are in use. O(entries that end later + entries freed + 1): O(1) amortised when
    /// sessions close in the order they end.
    mutating func add(_ closed: Entry, head: inout Int32, names: some NameOrder) {
        precondition(!closed.isFree, "sessions without an id have no front")
        // Entries ending later: none may cover the new one, and it covers none of them.
        var link: Int32 = -1
        var i = head
        while i >= 0, entries[Int(i)].lastMs > closed.lastMs {
            if Self.covers(entries[Int(i)], closed, names: names) { return }
            link = i
            i = entries[Int(i)].next
        }
        // At most one ends at the same time; if it does not cover the new one, the new one covers it.
        if i >= 0, entries[Int(i)].lastMs == closed.lastMs {
            if Self.covers(entries[Int(i)], closed, names: names) { return }
            i = unlink(i, after: link, head: &head)
        }
        // Ending earlier, (span, name) grows along the list: the ones the new entry covers come first.
        while i >= 0, Self.covers(closed, entries[Int(i)], names: names) { i = unlink(i, after: link, head: &head) }
        var entry = closed
        entry.next = i
        guard let placed = allocate(entry) else {
            refused += 1
            return
        }
        if link < 0 { head = placed } else { entries[Int(link)].next = placed }
    }

    /// Calls `body` with a view for prefetching entries, valid only there.
    func withPrefetcher(_ body: (Prefetcher) -> Void) {
        entries.withUnsafeBufferPointer { body(Prefetcher(entries: $0)) }
    }

    struct Prefetcher {
        let entries: UnsafeBufferPointer<Entry>

        /// Starts loading entry `i` (-1: none): the cache lines of the fields a walk reads, which
        /// one entry in four has across two. A hint only.
        @inline(__always)
        func entry(_ i: Int32) {
            guard i >= 0 && Int(i) < entries.count else { return }
            let entry = UnsafeRawPointer(entries.baseAddress! + Int(i))
            tt_prefetch_write(entry)
            tt_prefetch_write(entry + MemoryLayout<Entry>.offset(of: \.next)!)
        }
    }

    /// The longest entry of the front at `head` that ends at or after `ms` (ties: the name first in
    /// byte order), as a reader computes the badge. O(front).
    func longest(head: Int32, endingAtOrAfter ms: Int64, names: some NameOrder) -> Entry? {
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
    /// free entries, each front's together in its order (fronts in the order of `heads`); returns
    /// each front's new head. Entries reachable from no head are dropped. In place: the entries
    /// are moved to their places by swaps, with 4 bytes per entry beside them, not a second array
    /// of entries (0.26 GB at a million people). O(entries).
    mutating func rebuild(heads: [Int32], isLive: (Entry) -> Bool) -> [Int32] {
        // Each kept entry's place, and its link to the next kept one of its front (a link to a
        // place, which the entry carries with it).
        var place = [Int32](repeating: -1, count: entries.count)
        var newHeads = [Int32](repeating: -1, count: heads.count)
        var placed: Int32 = 0
        for (f, head) in heads.enumerated() {
            var i = head, last: Int32 = -1
            while i >= 0 {
                let next = entries[Int(i)].next
                if isLive(entries[Int(i)]) {
                    precondition(place[Int(i)] < 0, "an entry in two fronts")
                    place[Int(i)] = placed
                    if last < 0 { newHeads[f] = placed } else { entries[Int(last)].next = placed }
                    last = i
                    placed += 1
                }
                i = next
            }
            if last >= 0 { entries[Int(last)].next = -1 }
        }
        // Each swap puts one kept entry in its place; what it displaces is placed next, or dropped.
        for i in entries.indices {
            while place[i] >= 0, Int(place[i]) != i {
                let j = Int(place[i])
                entries.swapAt(i, j)
                place.swapAt(i, j)
            }
        }
        entries.removeSubrange(Int(placed)...)
        freeHead = -1
        // Live entries moved: still in order, and each front's still cover none of each other.
        return newHeads
    }

    private mutating func free(_ i: Int32) {
        entries[Int(i)] = Entry(user: 0, session: 0, firstMs: 0, lastMs: Int64.min, name: SessionName(), next: freeHead)
        freeHead = i
    }

    /// Frees entry `i`, which follows `link` (-1: `i` is the head); returns the entry after it.
    private mutating func unlink(_ i: Int32, after link: Int32, head: inout Int32) -> Int32 {
        let next = entries[Int(i)].next
        if link < 0 { head = next } else { entries[Int(link)].next = next }
        free(i)
        return next
    }

    private mutating func allocate(_ entry: Entry) -> Int32? {
        guard freeHead >= 0 else {
            guard entries.count < entriesMax else { return nil }
            entries.append(entry)
            return Int32(entries.count - 1)
        }
        let i = freeHead
        freeHead = entries[Int(i)].next
        entries[Int(i)] = entry
        return i
    }
}
