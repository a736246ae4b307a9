import Testing
@testable import TallyStages
@testable import TallyWorkload

/// The dedup section's order (`DuplicateFilter.sort`): by hour, then the id's high and low bits,
/// whatever path the sort takes (buckets by hour and top bits, insertion within small buckets, the
/// comparison sort for large buckets, wide hour spans and few ids).
@Suite struct DuplicateFilterOrderTests {
    typealias Entry = DuplicateFilter.Entry

    /// The order by its definition, one pair at a time.
    static func isOrdered(_ entries: [Entry]) -> Bool {
        zip(entries, entries.dropFirst()).allSatisfy { a, b in
            a.hour != b.hour ? a.hour < b.hour : a.high != b.high ? a.high < b.high : a.low <= b.low
        }
    }

    static func sorted(_ entries: [Entry]) -> [Entry] {
        var sorted = entries
        DuplicateFilter.sort(&sorted)
        return sorted
    }

    /// The same multiset: each entry as often as before.
    static func sameEntries(_ a: [Entry], _ b: [Entry]) -> Bool {
        func key(_ e: Entry) -> String { "\(e.hour) \(e.high) \(e.low)" }
        return a.count == b.count && Dictionary(a.map { (key($0), 1) }, uniquingKeysWith: +) == Dictionary(b.map { (key($0), 1) }, uniquingKeysWith: +)
    }

    static func entries(_ count: Int, seed: UInt64, hours: ClosedRange<Int32>, high: (UInt64) -> UInt64 = { $0 }) -> [Entry] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let hour = hours.lowerBound + Int32(random.next(below: Int(hours.upperBound) - Int(hours.lowerBound) + 1))
            return Entry(high: high(random.next()), low: UInt32(truncatingIfNeeded: random.next()) | 1, hour: hour)
        }
    }

    @Test(arguments: [0, 1, 2, 63, 64, 65, 5_000, 100_000])
    func idsOfAHorizonComeOutInOrder(count: Int) {
        let ids = Self.entries(count, seed: UInt64(count), hours: 480_000...480_048)
        let sorted = Self.sorted(ids)
        #expect(Self.isOrdered(sorted))
        #expect(Self.sameEntries(ids, sorted))
    }

    /// Ids whose high bits agree in their top 40 bits fall in one bucket an hour, larger than
    /// insertion sorts; equal high bits leave the low bits to decide.
    @Test(arguments: [0xFFFF_FFFF_FF00_0000 as UInt64, 0xFFFF_FFFF_FFFF_FFFF])
    func crowdedBucketsComeOutInOrder(mask: UInt64) {
        let ids = Self.entries(3_000, seed: 7, hours: 100...102) { 0x1234_5678_9A00_0000 | ($0 & ~mask) }
        let sorted = Self.sorted(ids)
        #expect(Self.isOrdered(sorted))
        #expect(Self.sameEntries(ids, sorted))
    }

    /// A restored filter may hold hours of any span: too many buckets, so the whole is compared.
    @Test func hoursFarApartComeOutInOrder() {
        var ids = Self.entries(2_000, seed: 11, hours: 0...10)
        ids[3].hour = .min
        ids[700].hour = .max
        ids[1_999].hour = -5
        let sorted = Self.sorted(ids)
        #expect(Self.isOrdered(sorted))
        #expect(Self.sameEntries(ids, sorted))
        #expect(sorted.first?.hour == .min && sorted.last?.hour == .max)
    }

    @Test func repeatedIDsAreKept() {
        let once = Self.entries(500, seed: 3, hours: 10...20)
        let ids = once + once.reversed()
        let sorted = Self.sorted(ids)
        #expect(Self.isOrdered(sorted))
        #expect(Self.sameEntries(ids, sorted))
    }
}
