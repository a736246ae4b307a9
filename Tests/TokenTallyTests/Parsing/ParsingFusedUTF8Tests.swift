import Testing
@testable import TallyCore

extension ParsingTests {
    /// UTF-8 is validated inside the string scans (fast path: no high bit seen; slow path: a
    /// non-ASCII byte, checked as one sequence) and by a whole-line check only when a line is about
    /// to be reported as malformed. These tests drive both paths and the fallback.
    @Suite struct FusedUTF8Tests {
        static let typical = #"{"ts":"2026-10-31T23:00:50.868340301Z","user":"u000005","team":"team-0000","org":"org-00","model":"claude-haiku-4-5","tool":"claude-code","session":"s1-3","task":"TASK-10002","input_tokens":764,"output_tokens":1152,"cache_read_tokens":30643,"cache_write_tokens":549,"id":"e1-4"}"#

        /// The contract's first rule, independent of where the bad byte is or what else is wrong.
        static func expectsInvalidUTF8(_ bytes: [UInt8]) -> Bool {
            var body = bytes[...]
            if body.last == 0x0D { body = body.dropLast() }
            let trimmed = body.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
            if trimmed.isEmpty { return false }
            return String(validating: Array(trimmed), as: UTF8.self) == nil
        }

        @Test func firstStringStopAgreesWithAByteLoop() {
            let alphabet: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xBF, 0xC3, 0xE2, 0xF0, 0xFF, 0x61]
            var state: UInt64 = 0x0123_4567_89AB_CDEF
            func next() -> UInt64 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return state >> 33
            }
            for _ in 0..<20_000 {
                let length = Int(next() % 41)
                let plainBias = next() % 4 == 0
                let bytes = (0..<length).map { _ in plainBias && next() % 8 != 0 ? 0x61 : alphabet[Int(next() % UInt64(alphabet.count))] }
                bytes.withUnsafeBufferPointer { buffer in
                    let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 16)!
                    let end = base + length
                    for start in 0...length {
                        var naive = base + start
                        while naive < end, naive.pointee != 0x22, naive.pointee != 0x5C, naive.pointee >= 0x20,
                              naive.pointee < 0x80 { naive += 1 }
                        #expect(JSONScanner.firstStringStop(base + start, end) == naive, "\(bytes) from \(start)")
                    }
                }
            }
        }

        /// Valid non-ASCII in every kind of string, at every offset within the 8-byte scan words and
        /// in the byte-at-a-time tail near the line end.
        @Test func nonASCIIInStringsIsAcceptedAndKeptExactly() throws {
            for piece in ["é", "€", "😀", "日本語", "é\\n€"] {
                for pad in 0...9 {
                    let before = String(repeating: "a", count: pad)
                    let text = before + piece
                    let expected = before + piece.replacingOccurrences(of: "\\n", with: "\n")
                    let line = "{\"ts\":1,\"user\":\"\(text)\",\"model\":\"m\",\"\(text)\":\"\(text)\",\"session\":\"\(text)\",\"team\":\"\(text)\"}"
                    let parsed = parseFull(line)
                    #expect(parsed.outcome == .accepted, "\(line)")
                    #expect(parsed.keys == [expected, expected, nil, "m", nil], "\(line)")
                    // At the very end of the line, where fewer than 8 bytes remain.
                    let tail = "{\"ts\":1,\"user\":\"u\",\"model\":\"\(text)\"}"
                    #expect(parseFull(tail).keys == ["u", nil, nil, expected, nil], "\(tail)")
                }
            }
        }

        @Test func nonASCIIInTsOrKindIsAFieldFaultNotAnEncodingFault() {
            #expect(reason(#"{"ts":"2026-10-31T23:00:50é","user":"u","model":"m"}"#) == .invalidTs)
            #expect(reason(#"{"ts":1,"kind":"usagé","user":"u","model":"m"}"#) == .unknownKind)
        }

        @Test(arguments: [
            // Invalid bytes in each kind of string: key value, other value, name, ts, kind, nested.
            (#"{"ts":1,"user":"u"#, #"","model":"m"}"#),
            (#"{"ts":1,"user":"u","model":"m","session":""#, #""}"#),
            (#"{"ts":1,"user":"u","model":"m",""#, #"":1}"#),
            (#"{"ts":""#, #"","user":"u","model":"m"}"#),
            (#"{"ts":1,"user":"u","model":"m","kind":""#, #""}"#),
            (#"{"ts":1,"user":"u","model":"m","x":[{"a":""#, #""}]}"#),
            // ...and outside strings, where they are syntax errors as well.
            (#"{"ts":1,"user":"u","model":"m"}"#, ""),
            (#"{"ts":1,"user":"u","model":"m","x":"#, "}"),
            (#"{"ts":1,"#, #""user":"u","model":"m"}"#),
        ])
        func invalidBytesAnywhereAreInvalidUTF8(before: String, after: String) {
            for bad: [UInt8] in [[0x80], [0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
                let bytes = Array(before.utf8) + bad + Array(after.utf8)
                #expect(parseBytes(bytes).rejection == .invalidUTF8, "\(bytes)")
            }
            // Valid non-ASCII outside a string is only malformed JSON.
            let valid = Array(before.utf8) + [0xC3, 0xA9] + Array(after.utf8)
            if !after.isEmpty, before.hasSuffix(",") || before.hasSuffix(":") || before.hasSuffix("}") {
                #expect(parseBytes(valid).rejection == .malformedJSON, "\(valid)")
            }
        }

        @Test func invalidUTF8AfterASyntaxErrorStillWins() {
            // The scan stops at the syntax error and never reaches the bad byte.
            let bytes = Array(#"{"ts":1,"user":"u" "model":"m","x":""#.utf8) + [0xFF] + Array(#""}"#.utf8)
            #expect(parseBytes(bytes).rejection == .invalidUTF8)
            let late = Array(#"{"ts":1,"user":"u","model":"m"} x"#.utf8) + [0xC3]
            #expect(parseBytes(late).rejection == .invalidUTF8)
            let lone = Array(#"{"ts":1,"user":"\ud800","model":"m"}x"#.utf8) + [0xA9]
            #expect(parseBytes(lone).rejection == .invalidUTF8)
            // The same lines with valid text there are malformed.
            #expect(reason(#"{"ts":1,"user":"u" "model":"m","x":"é"}"#) == .malformedJSON)
            #expect(reason(#"{"ts":1,"user":"u","model":"m"} xé"#) == .malformedJSON)
        }

        /// Random byte edits of realistic lines: the outcome is `invalid_utf8` exactly when the line
        /// (without a trailing CR and leading whitespace) is not UTF-8, whatever else is broken.
        @Test func invalidUTF8IsReportedExactlyWhenTheLineIsNotUTF8() {
            let bases: [[UInt8]] = [
                Array(Self.typical.utf8),
                Array(#"{ "ts" : 1790467200000 , "user" : "u\u00e9\n" , "model":"m\"x" , "x" : [1, {"a": "b"}, null] }"#.utf8),
                Array(#"{"ts":"2026-09-27T05:46:49+05:45","user":"ü","model":"模型","cost_usd":1.25e-3,"kind":"usage"}"#.utf8),
            ]
            let inserts: [[UInt8]] = [
                [0x80], [0xBF], [0xC2], [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],
                [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0x22], [0x5C], [0x20], [0x00], [0x7B], [0x0D],
            ]
            var state: UInt64 = 0x2545_F491_4F6C_DD1D
            func next() -> Int {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                return Int(truncatingIfNeeded: state >> 1)
            }
            var mismatches: [[UInt8]] = []
            var invalidSeen = 0, validSeen = 0
            for _ in 0..<30_000 {
                var bytes = bases[next() % bases.count]
                for _ in 0..<(1 + next() % 3) {
                    let at = next() % (bytes.count + 1)
                    let piece = inserts[next() % inserts.count]
                    if next() % 2 == 0 || at + piece.count > bytes.count {
                        bytes.insert(contentsOf: piece, at: at)
                    } else {
                        bytes.replaceSubrange(at..<(at + piece.count), with: piece)
                    }
                }
                if next() % 8 == 0 { bytes.removeLast(next() % (bytes.count + 1)) }
                let expectInvalid = Self.expectsInvalidUTF8(bytes)
                if expectInvalid { invalidSeen += 1 } else { validSeen += 1 }
                if (parseBytes(bytes).rejection == .invalidUTF8) != expectInvalid { mismatches.append(bytes) }
            }
            #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
            #expect(invalidSeen > 5_000 && validSeen > 5_000)
        }
    }
}
