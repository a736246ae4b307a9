import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallyStages
@testable import TallyWorkload

/// The fronts of closed sessions answer "the longest session ending at or after T" exactly, as a
/// brute force over every closed session does, whatever order sessions fold in.
@Suite struct SessionFrontsTests {
    /// Few names, lengths and end times, so that ties of span and of end are common.
    struct Session {
        var name: String
        var firstMs: Int64
        var lastMs: Int64
    }

    static func randomSessions(_ random: inout SplitMix64, count: Int) -> [Session] {
        (0..<count).map { _ in
            let last = Int64(SplitMix64.scale(random.next(), below: 40)) * 60_000
            let span = Int64(SplitMix64.scale(random.next(), below: 6)) * 60_000
            // Names that differ within their first 8 bytes, names that differ only after them, and
            // names longer than a record keeps (`SessionName.inlineMax`) that differ only there, one of
            // them a prefix of another, and a whole name of the kept length that is a prefix of them.
            let n = SplitMix64.scale(random.next(), below: 10)
            let kept = String(repeating: "x", count: SessionName.inlineMax)
            let long: [String] = [kept, kept + "a", kept + "ab", kept + "b"]
            let name: String = n < 4 ? "s\(n)" : n < 6 ? "session-\(n)" : long[Int(n) - 6]
            return Session(name: name, firstMs: last - span, lastMs: last)
        }
    }

    /// The reader's rule over the whole list: the longest ending at or after `ms`, ties to the name
    /// first in byte order.
    static func bruteForce(_ sessions: [Session], endingAtOrAfter ms: Int64) -> (span: Int64, name: String)? {
        sessions.filter { $0.lastMs >= ms }
            .map { (span: $0.lastMs - $0.firstMs, name: $0.name) }
            .min { $0.span != $1.span ? $0.span > $1.span : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    static func fold(_ sessions: [Session], into fronts: inout SessionFronts, head: inout Int32, names: inout InsightNames) {
        for s in sessions {
            let name = SessionName(s.name)
            let hash = hashOf(s.name, names: &names, store: name.isOverflow)
            fronts.add(.init(user: 1, session: hash, firstMs: s.firstMs, lastMs: s.lastMs, name: name), head: &head, names: names)
        }
    }

    /// The name's key hash; the name is stored only when `store` (as the stage stores only the
    /// names too long for their records), so that a comparison that reads the store needlessly fails.
    static func hashOf(_ name: String, names: inout InsightNames, store: Bool) -> UInt64 {
        var text = name
        return text.withUTF8 { bytes in
            let hash = KeyHash.hash(UnsafeRawBufferPointer(bytes), dimension: EventRef.session)
            if store { names.intern(hash, UnsafeRawBufferPointer(bytes)) }
            return hash
        }
    }

    /// A name's text as the front keeps it: whole, or from the store when too long.
    static func text(_ entry: SessionFronts.Entry, _ names: InsightNames) -> String {
        entry.name.isOverflow
            ? String(decoding: names.text(entry.session), as: UTF8.self) : entry.name.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    @Test(arguments: 1...200) func theFrontAnswersLikeTheWholeList(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let sessions = Self.randomSessions(&random, count: 1 + Int(SplitMix64.scale(random.next(), below: 30)))
        var fronts = SessionFronts(entriesMax: 1_000), names = InsightNames(), head: Int32 = -1
        Self.fold(sessions, into: &fronts, head: &head, names: &names)
        for _ in 0..<20 {
            let t = Int64(SplitMix64.scale(random.next(), below: 42)) * 60_000 - 60_000
            let expected = Self.bruteForce(sessions, endingAtOrAfter: t)
            let found = fronts.longest(head: head, endingAtOrAfter: t, names: names)
            #expect(found.map { $0.spanMs } == expected?.span, "seed \(seed), T \(t)")
            #expect(found.map { Self.text($0, names) } == expected?.name, "seed \(seed), T \(t)")
        }
    }

    @Test func theFrontStaysSmallWhenLengthsComeInRandomOrder() {
        var random = SplitMix64(seed: 7)
        var fronts = SessionFronts(entriesMax: 1_000), names = InsightNames(), head: Int32 = -1
        let sessions = (0..<2_000).map { i in
            Session(name: "s\(i)", firstMs: Int64(i) * 3_600_000 - Int64(SplitMix64.scale(random.next(), below: 3_000_000)),
                    lastMs: Int64(i) * 3_600_000)
        }
        Self.fold(sessions, into: &fronts, head: &head, names: &names)
        var size = 0, i = head
        while i >= 0 { size += 1; i = fronts.entries[Int(i)].next }
        #expect(size < 30)                // about ln(2,000) = 8 expected
        #expect(fronts.count < 40)        // freed entries are reused
    }

    @Test func aFullFrontRefusesAndCounts() {
        // Each session ends later and is shorter than the one before: none covers another.
        var fronts = SessionFronts(entriesMax: 3), names = InsightNames(), head: Int32 = -1
        let sessions = (0..<4).map { i in Session(name: "s\(i)", firstMs: Int64(i) * 20 * 60_000, lastMs: Int64(40 + i) * 60_000) }
        Self.fold(sessions, into: &fronts, head: &head, names: &names)
        #expect(fronts.refused == 1)
        #expect(fronts.longest(head: head, endingAtOrAfter: 0, names: names)?.spanMs == Int64(40 * 60_000))
        // A session that covers the others frees their entries and fits.
        Self.fold([Session(name: "s9", firstMs: 0, lastMs: 50 * 60_000)], into: &fronts, head: &head, names: &names)
        #expect(fronts.refused == 1)
        #expect(fronts.longest(head: head, endingAtOrAfter: 45 * 60_000, names: names)?.spanMs == Int64(50 * 60_000))
    }

    @Test func aRebuildKeepsTheAnswersAfterTheHorizonAndDropsTheRest() {
        var random = SplitMix64(seed: 11)
        let sessions = Self.randomSessions(&random, count: 40)
        var fronts = SessionFronts(entriesMax: 1_000), names = InsightNames(), heads: [Int32] = [-1, -1]
        Self.fold(Array(sessions.prefix(20)), into: &fronts, head: &heads[0], names: &names)
        Self.fold(Array(sessions.suffix(20)), into: &fronts, head: &heads[1], names: &names)
        let horizon: Int64 = 20 * 60_000
        let rebuilt = fronts.rebuild(heads: heads, isLive: { $0.lastMs >= horizon })
        for (f, part) in [Array(sessions.prefix(20)), Array(sessions.suffix(20))].enumerated() {
            for t in stride(from: horizon, through: 40 * 60_000, by: 60_000) {
                #expect(fronts.longest(head: rebuilt[f], endingAtOrAfter: t, names: names)?.spanMs
                    == Self.bruteForce(part, endingAtOrAfter: t)?.span)
            }
        }
        #expect(fronts.entries.allSatisfy { $0.lastMs >= horizon && !$0.isFree })
        // Packed: front 0's entries, then front 1's, each in its order.
        var walked: [Int32] = []
        for head in rebuilt {
            var i = head
            while i >= 0 { walked.append(i); i = fronts.entries[Int(i)].next }
        }
        #expect(walked == (0..<Int32(fronts.count)).map { $0 })
    }
}
