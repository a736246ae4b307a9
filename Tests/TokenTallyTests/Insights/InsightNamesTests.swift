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

    /// Compaction moves the kept names' bytes down in place: every kept name keeps its text (empty
    /// ones too), the others are gone, the store holds exactly the kept bytes, and names interned
    /// afterwards are found. The view orders names as the store does.
    @Test func retainingKeepsTheTextsOfTheNamesKept() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var names = InsightNames()
            var texts: [UInt64: String] = [:]
            for hash in UInt64(1)...60 {
                let text = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in "abcxyz".randomElement(using: &generator)! })
                intern(&names, hash, text)
                texts[hash] = text
            }
            let kept = Set(texts.keys.filter { _ in Bool.random(using: &generator) })
            var keep = [Bool](repeating: false, count: names.count)
            for hash in kept { keep[names.index(hash)!] = true }
            names.retain(keep)
            #expect(names.count == kept.count)
            #expect(names.bytes.count == kept.map { texts[$0]!.utf8.count }.reduce(0, +))
            for (hash, text) in texts {
                #expect(kept.contains(hash) ? self.text(names, hash) == text : names.index(hash) == nil)
            }
            intern(&names, 1000, "later")
            #expect(text(names, 1000) == "later" && names.collisions == 0)
            let hashes = Array(kept) + [1000, 999]
            names.withPrefetcher { view in
                for a in hashes { for b in hashes { #expect(view.precedes(a, b) == names.precedes(a, b)) } }
            }
        }
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

    /// Names of 16 MiB and more (lines may be up to 1 GiB) keep their length in the store, before
    /// their text: each keeps its text through interning, a compaction that moves it down, a
    /// collision check and a merge, beside short names.
    @Test func namesTooLongForTheirEntryKeepTheirLengthInTheStore() {
        let long = InsightNames.Name.longCount
        let texts: [UInt64: String] = [
            1: "a", 2: String(repeating: "x", count: long), 3: "ccc", 4: String(repeating: "y", count: long + 5), 5: "",
        ]
        var names = InsightNames()
        for hash in texts.keys.sorted() { intern(&names, hash, texts[hash]!) }
        for (hash, text) in texts { #expect(self.text(names, hash) == text) }
        // Same length as a long name, one byte different: a collision, not a match.
        intern(&names, 4, String(repeating: "y", count: long + 4) + "z")
        #expect(names.collisions == 1)
        names.retain([1, 2, 3, 4, 5].map { names.index($0)! }.reduce(into: [Bool](repeating: false, count: names.count)) { keep, i in
            keep[i] = i != names.index(1)! && i != names.index(2)!
        })
        #expect(names.index(1) == nil && names.index(2) == nil)
        for hash: UInt64 in [3, 4, 5] { #expect(self.text(names, hash) == texts[hash]!) }
        #expect(names.bytes.count == 3 + 8 + long + 5)
        var merged = InsightNames()
        intern(&merged, 9, "nine")
        merged.merge(names)
        for hash: UInt64 in [3, 4, 5] { #expect(self.text(merged, hash) == texts[hash]!) }
        merged.withPrefetcher { view in
            #expect(String(decoding: view.text(of: 4), as: UTF8.self) == texts[4]!)
            view.text(hash: 4)
        }
    }
}
