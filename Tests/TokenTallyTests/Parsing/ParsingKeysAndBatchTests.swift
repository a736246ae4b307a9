import Testing
@testable import TallyCore
@testable import TallyEvents

extension ParsingTests {
    /// Key references and hashes, and one parser filling one batch line after line.
    @Suite struct KeysAndBatchTests {
        static let fields = ["user", "team", "org", "model", "tool"]

        static func line(allKeys value: String) -> String {
            "{\"ts\":1," + fields.map { "\"\($0)\":\"\(value)\"" }.joined(separator: ",") + "}"
        }

        /// (decoded key, one JSON spelling, another JSON spelling)
        @Test(arguments: [
            ("alice", "alice", #"\u0061lic\u0065"#), ("alice", "alice", #"\u0061\u006C\u0069\u0063\u0065"#),
            ("a/b", "a/b", #"a\/b"#), ("é😀", "é😀", #"\u00e9\ud83d\ude00"#), ("x\"y", #"x\"y"#, #"x\u0022y"#),
            ("tab\there", #"tab\there"#, #"tab\u0009here"#),
            ("a-much-longer-key-than-eight-bytes@example.com", "a-much-longer-key-than-eight-bytes@example.com",
             #"a-much-longer-key-than-eight-bytes\u0040example.com"#),
        ])
        func aKeySpelledWithOrWithoutEscapesIsTheSameKey(decoded: String, spelling: String, escaped: String) {
            let a = parseFull(Self.line(allKeys: spelling))
            let b = parseFull(Self.line(allKeys: escaped))
            #expect(a.outcome == .accepted)
            #expect(b.outcome == .accepted)
            #expect(a.keys == Array(repeating: decoded, count: 5))
            #expect(b.keys == a.keys)
            #expect(b.hashes == a.hashes)
        }

        @Test(arguments: ["a", "alice", "0123456789abcdef0"])
        func theDimensionIsPartOfTheHash(value: String) {
            let parsed = parseFull(Self.line(allKeys: value))
            #expect(parsed.outcome == .accepted)
            #expect(Set(parsed.hashes).count == 5, "\(parsed.hashes)")
        }

        @Test func differentKeysInOneDimensionHashDifferently() {
            var seen: [UInt64: String] = [:]
            var collisions: [String] = []
            for i in 0..<2000 {
                let user = "user-\(i)"
                let parsed = parseFull("{\"ts\":1,\"user\":\"\(user)\",\"model\":\"m\"}")
                let hash = parsed.hashes[0]
                if let other = seen[hash] { collisions.append("\(other) / \(user)") }
                seen[hash] = user
            }
            #expect(collisions.isEmpty, "\(collisions)")
            // Prefixes and keys that differ only in length are different keys.
            let short = parseFull(#"{"ts":1,"user":"ab","model":"m"}"#).hashes[0]
            let long = parseFull(#"{"ts":1,"user":"ab\u0000","model":"m"}"#).hashes[0]
            #expect(short != long)
        }

        @Test func theParserHashMatchesKeyHashOfTheUnescapedBytes() {
            let parsed = parseFull(#"{"ts":1,"user":"\u0061lice","team":"t\u00e9am","model":"m","tool":"claude-code"}"#)
            for d in 0..<KeyDimension.count {
                guard let bytes = parsed.keyBytes[d] else { continue }
                let direct = bytes.withUnsafeBytes { KeyHash.hash($0, dimension: d) }
                #expect(parsed.hashes[d] == direct, "dimension \(d)")
            }
        }

        @Test func oneParserFillsOneBatchAcrossManyLines() throws {
            var parser = LineParser(lineBytesMax: 1 << 20)
            parser.nowMs = ParsingTests.now
            let batch = EventBatch()
            let big = String(repeating: "B", count: 100_000)  // forces the arena to grow past 64 KiB
            let lines: [(String, LineParser.Outcome)] = [
                (#"{"ts":1,"user":"alice","team":"red","model":"m1"}"#, .accepted),
                (#"{"ts":2,"kind":"outcome","user":"bob","task":"T","status":"s"}"#, .accepted),
                // Rejected after unescaping keys and a long escaped field name into the arena.
                (#"{"ts":3,"user":"\u0063arol","team":"blue","\u0078\u0078\u0078\u0078\u0078\u0078\u0078\u0078":1,"model":"m","input_tokens":-1}"#,
                 .rejected(.invalidTokens)),
                ("   ", .blank),
                (#"{"ts":4,"user":"dave","model":"m2","tool":"cursor"}"#, .accepted),  // no leaked kind or team
                (#"{"ts":5,"user":"u","team":"x\ud800"}"#, .rejected(.invalidUTF8)),
                ("{\"ts\":6,\"user\":\"\(big)\",\"org\":\"o\",\"model\":\"m3\"}", .accepted),
                (#"{"ts":7,"user":"\u00e9ve","model":"m4","input_tokens":10}"#, .accepted),
                (#"{"ts":8,"user":"x","model":"m"} junk"#, .rejected(.malformedJSON)),
                (#"{"ts":9,"user":"frank","model":"m5"}"#, .accepted),
            ]
            for (text, expected) in lines {
                let bytes = Array(text.utf8)
                let outcome = bytes.withUnsafeBytes { parser.parse($0, into: batch) }
                #expect(outcome == expected, "\(text.prefix(80))")
            }
            let expected: [(Int64, Bool, Int64, [String?])] = [
                (1, false, 0, ["alice", "red", nil, "m1", nil]),
                (2, true, 0, ["bob", nil, nil, nil, nil]),
                (4, false, 0, ["dave", nil, nil, "m2", "cursor"]),
                (6, false, 0, [big, nil, "o", "m3", nil]),
                (7, false, 10, ["éve", nil, nil, "m4", nil]),
                (9, false, 0, ["frank", nil, nil, "m5", nil]),
            ]
            try #require(batch.events.count == expected.count)
            #expect(batch.keys.count == expected.count * EventBatch.refsPerEvent)
            for (i, (ts, isOutcome, input, keys)) in expected.enumerated() {
                let e = batch.events[i]
                #expect(e.timestampMs == ts)
                #expect(e.isOutcome == isOutcome, "event \(i)")
                #expect(e.inputTokens == input, "event \(i)")
                let read = (0..<KeyDimension.count).map { d in
                    ParsingTests.keyBytes(batch, event: i, dimension: d).0.map { String(decoding: $0, as: UTF8.self) }
                }
                #expect(read == keys, "event \(i)")
            }
            // The arena holds exactly the accepted events' keys (and bob's task "T" and status "s"),
            // nothing from rejected lines.
            let keptBytes = expected.flatMap { $0.3 }.reduce(0) { $0 + ($1?.utf8.count ?? 0) } + 2
            #expect(batch.arena.count == keptBytes)
        }

        @Test func aParserIsReusableAfterEveryKindOfRejection() {
            var parser = LineParser()
            parser.nowMs = ParsingTests.now
            let batch = EventBatch()
            let faults = [
                #"{"ts":1,"user":"u","kind":"outcome","task":"t","status":"s","team":"t","input_tokens":5,"cost_usd":1,"x":[}"#,
                #"{"ts":"bad"}"#, #"{"ts":1,"ts":2}"#, #"{"kind":"outcome","ts":1,"user":"u"}"#, "[[[[[[", #"{"x":"\ud800"}"#,
            ]
            for text in faults {
                let bytes = Array(text.utf8)
                let outcome = bytes.withUnsafeBytes { parser.parse($0, into: batch) }
                #expect(outcome != .accepted, "\(text)")
                // Nothing from the previous line leaks into a plain usage line.
                let clean = Array(#"{"ts":10,"user":"v","model":"m"}"#.utf8)
                #expect(clean.withUnsafeBytes { parser.parse($0, into: batch) } == .accepted)
                let e = batch.events[batch.events.count - 1]
                #expect(!e.isOutcome)
                #expect(e.timestampMs == 10)
                #expect([e.inputTokens, e.outputTokens, e.cacheReadTokens, e.cacheWriteTokens, e.costNanoUSD] == [0, 0, 0, 0, 0])
                let keys = (0..<KeyDimension.count).map { d in
                    ParsingTests.keyBytes(batch, event: batch.events.count - 1, dimension: d).0.map { String(decoding: $0, as: UTF8.self) }
                }
                #expect(keys == ["v", nil, nil, "m", nil], "after \(text)")
            }
            // ts is not carried over either.
            let noTs = Array(#"{"user":"v","model":"m"}"#.utf8)
            #expect(noTs.withUnsafeBytes { parser.parse($0, into: batch) } == .rejected(.missingTs))
        }
    }
}
