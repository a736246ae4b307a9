import Testing
@testable import TallyCore
@testable import TallyEvents

/// The word-at-a-time digit count and value against byte loops.
@Suite struct SWARDigitsTests {
    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.enumerated().reduce(0) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
    }

    @Test func leadingDigitCountAndValueAgreeWithByteLoops() {
        // Digits and their neighbours, plus bytes whose high bit or masking could confuse the test.
        let alphabet: [UInt8] = [0x2F, 0x30, 0x31, 0x35, 0x39, 0x3A, 0x2E, 0x2C, 0x7D, 0x65, 0x00, 0x7F, 0x80, 0xB0, 0xB9, 0xF9, 0xFA, 0xFF]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<100_000 {
            // A run of digits, then anything.
            let run = next() % 9
            var bytes = (0..<run).map { _ in UInt8(0x30 + next() % 10) }
            while bytes.count < 8 { bytes.append(alphabet[next() % alphabet.count]) }
            let w = Self.word(bytes)
            let expectedCount = bytes.firstIndex { $0 < 0x30 || $0 > 0x39 } ?? 8
            #expect(JSONScanner.leadingDigitCount(w) == expectedCount, "\(bytes)")
            guard expectedCount > 0 else { continue }
            let count = 1 + next() % expectedCount
            let expectedValue = bytes[0..<count].reduce(UInt64(0)) { $0 * 10 + UInt64($1 - 0x30) }
            #expect(JSONScanner.digitsValue(w, count: count) == expectedValue, "\(bytes) \(count)")
        }
        #expect(JSONScanner.digitsValue(Self.word(Array("99999999".utf8)), count: 8) == 99_999_999)
        #expect(JSONScanner.leadingDigitCount(Self.word(Array("12345678".utf8))) == 8)
    }
}

extension ParsingTests {
    /// Integers are read a word at a time when 8 (or 16) bytes remain in the line and by a byte loop
    /// otherwise: every length, at every distance from the line end, must give the same result.
    @Suite struct IntegerPathsTests {
        @Test func everyLengthNearAndFarFromTheLineEnd() throws {
            for length in 1...19 {
                let digits = String((0..<length).map { Character(String(($0 * 7 + 3) % 10)) }).replacingOccurrences(of: "^0", with: "1", options: .regularExpression)
                let value = Int64(digits)
                for padding in [0, 1, 3, 7, 8, 9, 15, 16, 17] {
                    // `input_tokens` last, so the bytes after the number are `}` plus padding spaces.
                    let line = #"{"ts":1,"user":"u","model":"m","input_tokens":"# + digits + "}" + String(repeating: " ", count: padding)
                    let parsed = parseFull(line)
                    if let value {
                        #expect(parsed.outcome == .accepted, "\(line)")
                        #expect(parsed.event?.inputTokens == value, "\(line)")
                    } else {
                        #expect(parsed.rejection == .invalidTokens, "\(line)")
                    }
                    let ts = #"{"user":"u","model":"m","ts":"# + digits + "}" + String(repeating: " ", count: padding)
                    let parsedTs = parseFull(ts, now: Int64.max / 2)
                    if let value, value <= Timestamp.maxMs {
                        #expect(parsedTs.event?.timestampMs == value, "\(ts)")
                    } else {
                        #expect(parsedTs.rejection == .invalidTs, "\(ts)")
                    }
                }
            }
        }

        @Test(arguments: [
            ("0", RejectReason?.none), ("7", nil), ("00", .malformedJSON), ("01234567", .malformedJSON),
            ("0123456789012", .malformedJSON), ("12345678.0", .invalidTokens), ("1234567e2", .invalidTokens),
            ("123456789012345E1", .invalidTokens), ("-1", .invalidTokens), ("9223372036854775807", nil),
            ("9223372036854775808", .invalidTokens), ("12345678901234567890", .invalidTokens), ("1.", .malformedJSON),
        ])
        func integerEdgeCasesOnEitherPath(text: String, expected: RejectReason?) {
            for padding in [0, 20] {
                let tail = String(repeating: " ", count: padding)
                let line = #"{"ts":1,"user":"u","model":"m","output_tokens":"# + text + "}" + tail
                #expect(reason(line) == expected, "\(line)")
                let middle = #"{"ts":1,"output_tokens":"# + text + #","user":"u","model":"m"}"# + tail
                #expect(reason(middle) == expected, "\(middle)")
            }
        }
    }
}
