import Testing

extension ParsingTests {
    /// The parser has fast paths for the usual spelling (`"name":value,` with no whitespace, escapes
    /// or non-ASCII) and general paths for everything else. The same event written both ways must
    /// give the same outcome, event and keys.
    @Suite struct FastPathTests {
        /// Members of a full usage line, each as (name, value).
        static let members: [(String, String)] = [
            ("ts", #""2026-10-31T23:00:50.868340301Z""#), ("user", #""u000005""#), ("team", #""team-0000""#),
            ("org", #""org-00""#), ("model", #""claude-haiku-4-5""#), ("tool", #""claude-code""#), ("session", #""s1-3""#),
            ("task", #""TASK-10002""#), ("input_tokens", "764"), ("output_tokens", "1152"), ("cache_read_tokens", "30643"),
            ("cache_write_tokens", "549"), ("cost_usd", "0.0125"), ("kind", #""usage""#), ("status", #""ok""#),
            ("artifact", #""a-1""#), ("id", #""e1-4""#),
        ]

        static func line(_ spell: @Sendable (Int, String, String) -> String) -> String {
            "{" + members.enumerated().map { spell($0.offset, $0.element.0, $0.element.1) }.joined(separator: ",") + "}"
        }

        /// The name with its first letter escaped, which only the general path can read.
        static func escaped(_ name: String) -> String {
            let first = name.unicodeScalars.first!.value
            return "\\u00" + String(first, radix: 16) + name.dropFirst()
        }

        static let spellings: [@Sendable (Int, String, String) -> String] = [
            { _, n, v in "\"\(n)\":\(v)" },
            { _, n, v in "\"\(n)\" : \(v)" },
            { _, n, v in "\"\(n)\"\t:\r\n\(v) " },
            { _, n, v in "\"\(escaped(n))\":\(v)" },
            { i, n, v in i % 2 == 0 ? "\"\(escaped(n))\":\(v)" : "\"\(n)\":\(v)" },
            { i, n, v in i % 3 == 0 ? " \"\(n)\" :\(v)" : "\"\(n)\":\(v)" },
        ]

        @Test func everySpellingParsesTheSameEvent() throws {
            let plain = parseFull(Self.line(Self.spellings[0]))
            #expect(plain.outcome == .accepted)
            for (k, spell) in Self.spellings.enumerated() {
                let text = Self.line(spell)
                let parsed = parseFull(text)
                #expect(parsed.outcome == plain.outcome, "\(k): \(text)")
                let e = try #require(parsed.event), p = try #require(plain.event)
                #expect(e.timestampMs == p.timestampMs && e.inputTokens == p.inputTokens && e.outputTokens == p.outputTokens)
                #expect(e.cacheReadTokens == p.cacheReadTokens && e.cacheWriteTokens == p.cacheWriteTokens)
                #expect(e.costNanoUSD == p.costNanoUSD && e.isOutcome == p.isOutcome)
                #expect(parsed.keys == plain.keys && parsed.hashes == plain.hashes, "\(k): \(text)")
            }
        }

        /// Short names near the end of the line, where fewer than 8 bytes remain for a word load.
        @Test func namesCloseToTheLineEnd() {
            #expect(reason(#"{"user":"u","model":"m","ts":1}"#) == nil)
            #expect(reason(#"{"user":"u","model":"m","ts":1,"id":2}"#) == .invalidFieldType)
            #expect(reason(#"{"user":"u","model":"m","ts":1,"id":"x"}"#) == nil)
            #expect(reason(#"{"ts":1,"user":"u","model":"m","ts""#) == .malformedJSON)
            #expect(reason(#"{"ts":1,"user":"u","model":"m","ts":"#) == .malformedJSON)
            #expect(reason(#"{"ts":1,"user":"u","model":"m","org""#) == .malformedJSON)
        }

        /// A duplicate is found whichever path read each copy of the name.
        @Test func duplicatesAcrossPaths() {
            #expect(reason(#"{"ts":1,"user":"u","model":"m","t\u0073":2}"#) == .duplicateField)
            #expect(reason(#"{"t\u0073":1,"user":"u","model":"m","ts" :2}"#) == .duplicateField)
            #expect(reason(#"{"ts":1,"user":"u","model":"m","tsx":2,"ts_":3,"t":4}"#) == nil)
        }
            /// Whitespace (or a control byte, which is not whitespace) at every token boundary: before
        /// and after each `{ } : ,` outside strings. Whitespace changes nothing; a control byte is
        /// malformed JSON.
        @Test func whitespaceAndControlBytesAtEveryTokenBoundary() throws {
            let base = Array(Self.line(Self.spellings[0]).utf8)
            let expected = parseBytes(base)
            var boundaries: [Int] = []
            var inString = false, escaped = false
            for (i, b) in base.enumerated() {
                if inString {
                    if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
                    continue
                }
                if b == 0x22 { inString = true }
                if b == 0x7B || b == 0x7D || b == 0x3A || b == 0x2C { boundaries += [i, i + 1] }
            }
            #expect(boundaries.count > 60)
            for at in boundaries {
                for ws: [UInt8] in [[0x20], [0x09], [0x0A], [0x0D], [0x20, 0x20, 0x09]] {
                    var bytes = base
                    bytes.insert(contentsOf: ws, at: at)
                    let parsed = parseBytes(bytes)
                    #expect(parsed.outcome == expected.outcome, "whitespace at \(at)")
                    #expect(parsed.keys == expected.keys && parsed.event?.timestampMs == expected.event?.timestampMs)
                }
                for control: UInt8 in [0x00, 0x01, 0x1F, 0x0B, 0x0C] {
                    var bytes = base
                    bytes.insert(control, at: at)
                    #expect(parseBytes(bytes).rejection == .malformedJSON, "control \(control) at \(at)")
                }
            }
        }
            /// null is recognised where a value of the wrong type is (after the typed fast path fails),
        /// for every field: it is absent but seen, and a broken literal is malformed JSON.
        @Test func nullForEveryFieldOnTheWrongTypePath() {
            for (name, _) in Self.members where name != "ts" && name != "user" && name != "model" {
                let base = #"{"ts":1,"user":"u","model":"m","# + "\"\(name)\":"
                #expect(reason(base + "null}") == nil, "\(name)")
                #expect(reason(base + " \tnull }") == nil, "\(name)")
                #expect(reason(base + "nul}") == .malformedJSON, "\(name)")
                #expect(reason(base + "nullx}") == .malformedJSON, "\(name)")
                #expect(reason(base + "null,\"\(name)\":null}") == .duplicateField, "\(name)")
            }
            #expect(reason(#"{"ts":null,"ts":1,"user":"u","model":"m"}"#) == .duplicateField)
            #expect(reason(#"{"user":"u","model":"m","ts":null}"#) == .missingTs)
        }
    }
}
