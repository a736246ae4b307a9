import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallyStages

/// Session names kept in their records (`SessionName`): the bytes come back as given, names too
/// long to keep are marked, and any two order as their whole bytes do, reading the names store
/// only for two long names that share their kept bytes.
@Suite struct SessionNameTests {
    static let kept = String(repeating: "k", count: SessionName.inlineMax)
    /// Prefixes of each other, NUL bytes (the padding's value), names across the kept length, bytes
    /// above 0x7F, and pairs that differ in the first 8 bytes, after them, or only past the kept ones.
    static let names = [
        "", "a", "a\u{0}", "a\u{0}\u{0}", "ab", "abcdefgh", "abcdefgh\u{0}", "abcdefghi", "abcdefgi", "é", "zz",
        "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "3f2504e0-4f89-11d3-9a0c-0305e82c3302",
        String(kept.dropLast()), kept, kept + "\u{0}", kept + "a", kept + "ab", kept + "b", kept + "é",
        "k" + kept, String(kept.dropLast()) + "l",
    ]

    /// A store that knows only the names too long to keep, as the stage's does.
    static func store() -> (InsightNames, [UInt64]) {
        var names = InsightNames()
        let hashes = Self.names.map { name in
            var text = name
            return text.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                let hash = KeyHash.hash(raw, dimension: EventRef.session)
                if SessionName(raw).isOverflow { names.intern(hash, raw) }
                return hash
            }
        }
        return (names, hashes)
    }

    @Test func keptBytesComeBackAndLongNamesAreMarked() {
        for name in Self.names {
            let kept = SessionName(name)
            #expect(kept.isOverflow == (name.utf8.count > SessionName.inlineMax), "\(name)")
            #expect(kept.withBytes { Array($0) } == Array(name.utf8.prefix(SessionName.inlineMax)), "\(name)")
            #expect(kept == SessionName(name))
        }
        #expect(SessionName() == SessionName(""))
        #expect(SessionName("a") != SessionName("a\u{0}"))
    }

    @Test func namesOrderAsTheirBytes() {
        let (store, hashes) = Self.store()
        for (i, a) in Self.names.enumerated() {
            for (j, b) in Self.names.enumerated() {
                let expected = a.utf8.lexicographicallyPrecedes(b.utf8)
                #expect(SessionName.precedes(SessionName(a), hashes[i], SessionName(b), hashes[j], names: store) == expected, "\(a) < \(b)")
            }
        }
    }
}
