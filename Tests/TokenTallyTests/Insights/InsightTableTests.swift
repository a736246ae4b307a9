import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// The insights tables find every record by its full identity, even when many hashes share the
/// upper half that picks their slot, keep finding them after a bulk removal renumbers them, and
/// refuse (and count) inserts past their bound.
@Suite struct InsightTableTests {
    struct Item: InsightKeyed, Equatable {
        var id: UInt64
        var value: Int
        var identity: UInt64 { id }
    }

    /// Hashes whose upper 32 bits (the slot tag) are all equal: one long probe run.
    static func sameTag(_ i: Int) -> UInt64 { 0xABCD_1234_0000_0000 | UInt64(i) }

    @Test func recordsSharingASlotTagAreToldApartByIdentity() {
        var table = InsightTable<Item>(entriesMax: 10_000)
        for i in 0..<3_000 {
            let at = table.findOrInsert(hash: Self.sameTag(i), UInt64(i)) { Item(id: UInt64(i), value: i) }
            #expect(at == i)
        }
        for i in 0..<3_000 { #expect(table.find(hash: Self.sameTag(i), UInt64(i)).map { table[$0].value } == i) }
        #expect(table.find(hash: Self.sameTag(5_000), 5_000) == nil)
        // An existing identity is found, not inserted again.
        #expect(table.findOrInsert(hash: Self.sameTag(7), 7) { Item(id: 7, value: -1) } == 7 && table.count == 3_000)
    }

    @Test func removalRenumbersAndEveryRemainingRecordIsFound() {
        var table = InsightTable<Item>(entriesMax: 100_000)
        // Mixed: most hashes spread, every tenth on one shared tag; past several index growths.
        func hash(_ i: Int) -> UInt64 { i % 10 == 0 ? Self.sameTag(i) : InsightHash.combine(UInt64(i), 99) }
        for i in 0..<20_000 { _ = table.findOrInsert(hash: hash(i), UInt64(i)) { Item(id: UInt64(i), value: i) } }
        table.removeAll { $0.value % 3 == 0 }
        #expect(table.count == 20_000 - 6_667 && table.rebuilds == 1)
        for i in 0..<20_000 {
            let found = table.find(hash: hash(i), UInt64(i))
            if i % 3 == 0 {
                #expect(found == nil, "\(i)")
            } else {
                #expect(found.map { table[$0] } == Item(id: UInt64(i), value: i), "\(i)")
            }
        }
        // New records go on after the kept ones.
        #expect(table.findOrInsert(hash: hash(3), 3) { Item(id: 3, value: 3) } == 20_000 - 6_667)
    }

    /// A removal that keeps the table's size renumbers its slots in place: probe runs that wrap
    /// past the last slot, and records whose run had a removed record before them, are all found.
    @Test func anInPlaceRemovalKeepsRunsThatWrapPastTheEnd() {
        var table = InsightTable<Item>(entriesMax: 100_000)
        // 4,096 slots once 2,000 records are in (load at most ¾); a run of 600 from 60 slots
        // before the end, and the rest spread.
        func hash(_ i: Int) -> UInt64 { i < 600 ? UInt64(4_096 - 60) << 32 | UInt64(i) : InsightHash.combine(UInt64(i), 7) }
        for i in 0..<2_000 { _ = table.findOrInsert(hash: hash(i), UInt64(i)) { Item(id: UInt64(i), value: i) } }
        table.removeAll { $0.value % 5 == 1 }
        #expect(table.count == 1_600 && table.rebuilds == 1)
        for i in 0..<2_000 {
            let found = table.find(hash: hash(i), UInt64(i))
            #expect(i % 5 == 1 ? found == nil : found.map { table[$0] } == Item(id: UInt64(i), value: i), "\(i)")
        }
    }

    /// The prefetching view finds what the table finds (it resolves a person's record while the
    /// stage prefetches work records), and its hints take any hash or index without reading out of
    /// bounds: a wrong guess only wastes a load.
    @Test func thePrefetcherFindsWhatTheTableFindsAndTakesAnyHint() {
        var table = InsightTable<Item>(entriesMax: 100_000)
        func hash(_ i: Int) -> UInt64 { i % 7 == 0 ? Self.sameTag(i) : InsightHash.combine(UInt64(i), 5) }
        for i in 0..<5_000 { _ = table.findOrInsert(hash: hash(i), UInt64(i)) { Item(id: UInt64(i), value: i) } }
        table.removeAll { $0.value % 4 == 0 }
        table.withPrefetcher { view in
            for i in 0..<6_000 {
                #expect(view.find(hash: hash(i), UInt64(i)) == table.find(hash: hash(i), UInt64(i)), "\(i)")
                view.slot(hash: hash(i))
                view.record(hash: hash(i))
            }
            for index in [-1, 0, table.count - 1, table.count, Int(Int32.max)] { view.record(index: index) }
        }
        InsightTable<Item>(entriesMax: 4).withPrefetcher { empty in
            #expect(empty.find(hash: 1, 1) == nil)
            empty.slot(hash: 1); empty.record(hash: 1); empty.record(index: 0)
        }
    }

    @Test func insertsPastTheBoundAreRefusedAndCounted() {
        var table = InsightTable<Item>(entriesMax: 3)
        for i in 0..<5 { _ = table.findOrInsert(hash: UInt64(i) << 40, UInt64(i)) { Item(id: UInt64(i), value: i) } }
        #expect(table.count == 3 && table.refused == 2)
        #expect(table.find(hash: 4 << 40, 4) == nil && table.find(hash: 2 << 40, 2) == 2)
    }

    @Test func restoredRecordsAreFound() {
        var table = InsightTable<Item>(entriesMax: 10_000)
        table.restore((0..<2_000).map { (Self.sameTag($0 % 7) ^ UInt64($0), Item(id: UInt64($0), value: $0)) })
        for i in 0..<2_000 { #expect(table.find(hash: Self.sameTag(i % 7) ^ UInt64(i), UInt64(i)) == i) }
    }
}
