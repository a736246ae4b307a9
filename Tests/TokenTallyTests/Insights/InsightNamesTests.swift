import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// The names store counts every intern of a different text under a known hash, including a name it
/// has just interned, and gives the right text after a compaction moved the names.
@Suite struct InsightNamesTests {
    private func intern(_ names: inout InsightNames, _ hash: UInt64, _ text: String) {
        var text = text
        text.withUTF8 { names.intern(hash, UnsafeRawBufferPointer($0)) }
    }

    private func text(_ names: InsightNames, _ hash: UInt64) -> String {
        String(decoding: names.text(hash), as: UTF8.self)
    }

    @Test func aCollisionWithARecentNameIsCountedEachTime() {
        var names = InsightNames()
        intern(&names, 42, "alpha")
        intern(&names, 42, "alpha")
        #expect(names.collisions == 0)
        intern(&names, 42, "beta")
        intern(&names, 42, "beta")
        // Same length, different bytes.
        intern(&names, 42, "alphx")
        #expect(names.collisions == 3 && text(names, 42) == "alpha" && names.count == 1)
    }

    @Test func namesInternedAfterACompactionAreStoredAgain() {
        var names = InsightNames()
        intern(&names, 1, "a")
        intern(&names, 2, "b")
        let keep = [names.index(1)!, names.index(2)!].map { $0 == names.index(2)! }
        names.retain(keep)
        #expect(names.index(1) == nil && text(names, 2) == "b")
        // "b" now sits where "a" did; hash 1 with text "b" is a new name, not a known one.
        intern(&names, 1, "b")
        #expect(names.index(1) != nil && text(names, 1) == "b" && names.collisions == 0)
    }

    /// The prefetching view's hint for a name's text reads nothing for an unknown hash or an empty
    /// name (a store of empty names has no bytes at all), and interning still compares the bytes.
    @Test func prefetchingTextsTakesEmptyAndUnknownNames() {
        var names = InsightNames()
        intern(&names, 7, "")
        names.withPrefetcher { view in
            view.prefetch(hash: 7, false); view.prefetch(hash: 7, true); view.text(hash: 7); view.text(hash: 8)
        }
        intern(&names, 9, "nine")
        names.withPrefetcher { view in view.text(hash: 9); view.text(hash: 7) }
        intern(&names, 9, "nina")
        #expect(names.collisions == 1 && text(names, 9) == "nine" && text(names, 7) == "")
    }
}
