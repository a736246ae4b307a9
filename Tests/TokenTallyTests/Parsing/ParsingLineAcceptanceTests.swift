import Testing
@testable import TallyCore
@testable import TallyEvents

extension ParsingTests {
    /// Lines the parser must accept, and exactly what it reads from them.
    @Suite struct LineAcceptanceTests {
        @Test func everyFieldOfAUsageEventIsRead() throws {
            let parsed = parseFull("""
                {"ts":"2026-11-01T10:00:00Z","kind":"usage","user":"alice@example.com","team":"red","org":"eng",\
                "model":"claude-opus-4","tool":"claude-code","session":"s-1","task":"T-1","input_tokens":10,\
                "output_tokens":20,"cache_read_tokens":300,"cache_write_tokens":4000,"cost_usd":0.25,\
                "status":"in_progress","artifact":"https://example.com/pr/1","id":"ev-1"}
                """)
            #expect(parsed.outcome == .accepted)
            let e = try #require(parsed.event)
            #expect(e.timestampMs == 1_793_527_200_000)  // Python: 2026-11-01T10:00:00Z
            #expect(e.inputTokens == 10)
            #expect(e.outputTokens == 20)
            #expect(e.cacheReadTokens == 300)
            #expect(e.cacheWriteTokens == 4000)
            #expect(e.totalTokens == 4330)
            #expect(e.costNanoUSD == 250_000_000)
            #expect(!e.isOutcome)
            #expect(!e.isDropped)
            #expect(parsed.keys == ["alice@example.com", "red", "eng", "claude-opus-4", "claude-code"])
            #expect(parsed.eventCount == 1)
            #expect(parsed.details == ["s-1", "T-1", "in_progress"])
            #expect(parsed.keyRefCount == EventBatch.refsPerEvent)
        }

        @Test func fieldOrderDoesNotMatter() throws {
            let parsed = parseFull(#"{"tool":"t","model":"m","org":"o","team":"e","user":"u","output_tokens":2,"ts":5}"#)
            #expect(parsed.outcome == .accepted)
            #expect(parsed.event?.timestampMs == 5)
            #expect(parsed.event?.outputTokens == 2)
            #expect(parsed.keys == ["u", "e", "o", "m", "t"])
        }

        @Test func absentOptionalFieldsTakeTheirDefaults() throws {
            let (outcome, event, keys) = parse(#"{"ts":1793491200000,"user":"u","model":"m"}"#)
            #expect(outcome == .accepted)
            let e = try #require(event)
            #expect(e.timestampMs == ParsingTests.nov1)
            #expect([e.inputTokens, e.outputTokens, e.cacheReadTokens, e.cacheWriteTokens] == [0, 0, 0, 0])
            #expect(e.totalTokens == 0)
            #expect(e.costNanoUSD == 0)
            #expect(!e.isOutcome)  // kind defaults to usage
            #expect(keys == ["u", nil, nil, "m", nil])
        }

        @Test func anOutcomeEventNeedsTaskAndStatusButNoModel() throws {
            let parsed = parseFull(#"{"ts":1,"kind":"outcome","user":"u","team":"t","task":"PR-9","status":"merged","artifact":"pr/9"}"#)
            #expect(parsed.outcome == .accepted)
            #expect(parsed.event?.isOutcome == true)
            #expect(parsed.keys == ["u", "t", nil, nil, nil])
            // A model on an outcome is kept like any other key.
            let withModel = parseFull(#"{"ts":1,"kind":"outcome","user":"u","model":"m","task":"T","status":"s"}"#)
            #expect(withModel.outcome == .accepted)
            #expect(withModel.keys[KeyDimension.model.rawValue] == "m")
        }

        @Test(arguments: [
            (#""kind":"usage""#, false), (#""kind":"outcome","task":"T","status":"s""#, true),
            (#""kind":"\u0075sage""#, false), (#""kind":"\u0075\u0073\u0061\u0067\u0065""#, false),
            (#""kind":"out\u0063ome","task":"T","status":"s""#, true), (#""kind":"outcom\u0065","task":"T","status":"s""#, true),
            (#""kind":null"#, false),
        ])
        func kindIsReadAfterUnescaping(fields: String, isOutcome: Bool) {
            let parsed = parseFull(usage(fields))
            #expect(parsed.outcome == .accepted, "\(fields)")
            #expect(parsed.event?.isOutcome == isOutcome, "\(fields)")
        }

        // MARK: null and empty strings

        @Test func nullMeansNotGivenForEveryOptionalField() throws {
            let parsed = parseFull("""
                {"ts":1,"user":"u","model":"m","kind":null,"team":null,"org":null,"tool":null,"session":null,\
                "task":null,"input_tokens":null,"output_tokens":null,"cache_read_tokens":null,\
                "cache_write_tokens":null,"cost_usd":null,"status":null,"artifact":null,"id":null}
                """)
            #expect(parsed.outcome == .accepted)
            let e = try #require(parsed.event)
            #expect([e.inputTokens, e.outputTokens, e.cacheReadTokens, e.cacheWriteTokens, e.costNanoUSD] == [0, 0, 0, 0, 0])
            #expect(!e.isOutcome)
            #expect(parsed.keys == ["u", nil, nil, "m", nil])
        }

        @Test(arguments: [
            (#"{"ts":1,"user":null,"model":"m"}"#, RejectReason.missingUser),
            (#"{"ts":null,"user":"u","model":"m"}"#, .missingTs),
            (#"{"ts":1,"user":"u","model":null}"#, .missingModel),
            (#"{"ts":1,"user":"u","kind":null}"#, .missingModel),  // null kind is usage, which needs a model
            (#"{"ts":1,"user":"u","kind":"outcome","task":null,"status":"s"}"#, .missingTask),
            (#"{"ts":1,"user":"u","kind":"outcome","task":"T","status":null}"#, .missingStatus),
            (#"{"ts":1,"user":"","model":"m"}"#, .missingUser),
            (#"{"ts":1,"user":"u","model":""}"#, .missingModel),
            (#"{"ts":1,"user":"u","kind":"outcome","task":"","status":"s"}"#, .missingTask),
            (#"{"ts":1,"user":"u","kind":"outcome","task":"T","status":""}"#, .missingStatus),
        ])
        func nullOrEmptyRequiredFieldsCountAsMissing(line: String, expected: RejectReason) {
            #expect(reason(line) == expected, "\(line)")
        }

        @Test func emptyOptionalKeysAreAbsent() {
            let parsed = parseFull(#"{"ts":1,"user":"u","team":"","org":"","model":"m","tool":"","session":"","id":""}"#)
            #expect(parsed.outcome == .accepted)
            #expect(parsed.keys == ["u", nil, nil, "m", nil])
        }

        // MARK: token counts and costs

        @Test(arguments: [("0", Int64(0)), ("12", 12), ("9223372036854775807", Int64.max), ("1000000", 1_000_000)])
        func tokenCountsAcceptNonNegativeIntegerLiterals(text: String, value: Int64) throws {
            let fields = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"]
            for (i, field) in fields.enumerated() {
                let parsed = parseFull(usage("\"\(field)\":\(text)"))
                #expect(parsed.outcome == .accepted, "\(field)=\(text)")
                let e = try #require(parsed.event)
                let read = [e.inputTokens, e.outputTokens, e.cacheReadTokens, e.cacheWriteTokens]
                var expected: [Int64] = [0, 0, 0, 0]
                expected[i] = value
                #expect(read == expected, "\(field)=\(text)")
            }
        }

        @Test func tokenCountsMayBeFollowedByWhitespace() {
            let parsed = parseFull("{\"ts\":1, \"input_tokens\" : 7 , \"output_tokens\":8\t,\"user\":\"u\",\"model\":\"m\" }")
            #expect(parsed.outcome == .accepted)
            #expect(parsed.event?.inputTokens == 7)
            #expect(parsed.event?.outputTokens == 8)
        }

        /// Expectations: Python `decimal`, floor(x * 10^9 + 1/2).
        @Test(arguments: [
            ("0.25", Int64(250_000_000)), ("1e-3", 1_000_000), ("0.0000000015", 2), ("0.0000000014", 1), ("-0", 0),
            ("-0.0", 0), ("0", 0), ("12", 12_000_000_000), ("1.5E2", 150_000_000_000), ("1E+2", 100_000_000_000),
            ("9223372036.854775807", Int64.max), ("0.000000001", 1), ("5e-10", 1), ("4.9e-10", 0),
        ])
        func costsBecomeExactNanoDollars(text: String, nano: Int64) {
            let parsed = parseFull(usage("\"cost_usd\":\(text)"))
            #expect(parsed.outcome == .accepted, "\(text)")
            #expect(parsed.event?.costNanoUSD == nano, "\(text)")
        }

        // MARK: timestamps

        /// Expectations: Python `datetime.fromisoformat` (milliseconds since the epoch, floored).
        @Test(arguments: [
            (#""2026-11-01T00:00:00Z""#, Int64(1_793_491_200_000)),
            (#""2026-11-01t00:00:00z""#, 1_793_491_200_000),
            (#""2026-11-01 00:00:00Z""#, 1_793_491_200_000),
            (#""2026-11-01T14:00:00+14:00""#, 1_793_491_200_000),
            (#""2026-11-01T00:00:00-12:00""#, 1_793_534_400_000),
            (#""2026-11-01T05:30:00.250+05:30""#, 1_793_491_200_250),
            (#""2026-10-31T23:59:60Z""#, 1_793_491_200_000),  // leap second = next second
            (#""2026-11-01T00:00:00.123456789Z""#, 1_793_491_200_123),
            (#""1969-12-31T23:59:59.999Z""#, -1),
            (#""\u0032026-11-01T00:00:00\u005A""#, 1_793_491_200_000),  // escapes are undone first
            ("1793491200000", 1_793_491_200_000),
            ("0", 0),
            ("-1", -1),
            ("-14182940000", -14_182_940_000),  // 1969-07-20T20:17:40Z
            ("-62167219200000", -62_167_219_200_000),  // 0000-01-01T00:00:00Z, the earliest
        ])
        func timestampsInBothEncodings(ts: String, ms: Int64) {
            let parsed = parseFull(usage(ts: ts))
            #expect(parsed.outcome == .accepted, "\(ts)")
            #expect(parsed.event?.timestampMs == ms, "\(ts)")
        }

        @Test func theLatestTimestampIsAcceptedWhenTheClockAllowsIt() {
            let clock: Int64 = 253_402_300_799_999  // 9999-12-31T23:59:59.999Z
            for ts in ["253402300799999", "\"9999-12-31T23:59:59.999Z\"", "\"9999-12-31T23:59:59.999999999+00:00\""] {
                let parsed = parseFull(usage(ts: ts), now: clock)
                #expect(parsed.outcome == .accepted, "\(ts)")
                #expect(parsed.event?.timestampMs == clock, "\(ts)")
            }
        }

        @Test func theFutureLimitIsInclusive() {
            let limit = ParsingTests.now + 86_400_000  // 2026-11-23T00:00:00Z
            #expect(parseFull(usage(ts: String(limit))).outcome == .accepted)
            #expect(parseFull(usage(ts: "\"2026-11-23T00:00:00Z\"")).outcome == .accepted)
            #expect(parseFull(usage(ts: "\"2026-11-23T00:00:00.001Z\"")).rejection == .futureTs)
            #expect(parseFull(usage(ts: String(limit + 1))).rejection == .futureTs)
            // The limit moves with the clock and with maxFutureMs.
            #expect(parseFull(usage(ts: String(limit + 1)), now: ParsingTests.now + 1).outcome == .accepted)
            #expect(parseFull(usage(ts: String(limit + 1)), maxFutureMs: 86_400_001).outcome == .accepted)
            #expect(parseFull(usage(ts: String(ParsingTests.now + 1)), maxFutureMs: 0).rejection == .futureTs)
            #expect(parseFull(usage(ts: String(ParsingTests.now)), maxFutureMs: 0).outcome == .accepted)
        }

        // MARK: strings

        /// Expectations: Python `json.loads(...).encode("utf-8")`.
        @Test(arguments: [
            (#"\""#, "22"), (#"\\"#, "5c"), (#"\/"#, "2f"), (#"\b"#, "08"), (#"\f"#, "0c"), (#"\n"#, "0a"),
            (#"\r"#, "0d"), (#"\t"#, "09"), (#"\u0041"#, "41"), (#"\u007F"#, "7f"), (#"\u0080"#, "c280"),
            (#"\u00e9"#, "c3a9"), (#"\u00E9"#, "c3a9"), (#"\u07FF"#, "dfbf"), (#"\u0800"#, "e0a080"),
            (#"\u20ac"#, "e282ac"), (#"\uFFFF"#, "efbfbf"), (#"\uD800\uDC00"#, "f0908080"),
            (#"\ud83d\ude00"#, "f09f9880"), (#"\uDBFF\uDFFF"#, "f48fbfbf"), (#"\u0000"#, "00"),
            (#"a\u0062c"#, "616263"), (#"\\u0041"#, "5c7530303431"),
        ])
        func keyStringsAreUnescapedToUTF8(escaped: String, hex: String) {
            let expected = [0x3C] + ParsingTests.bytes(hex: hex) + [0x3E]  // framed by < and >
            for (d, field) in ["user", "team", "org", "model", "tool"].enumerated() {
                let others = ["user", "model"].filter { $0 != field }.map { "\"\($0)\":\"x\"" }.joined(separator: ",")
                let parsed = parseFull("{\"ts\":1,\(others),\"\(field)\":\"<\(escaped)>\"}")
                #expect(parsed.outcome == .accepted, "\(field): \(escaped)")
                #expect(parsed.keyBytes.count == 5 && parsed.keyBytes[d] == expected, "\(field): \(escaped)")
            }
        }

        @Test func rawNonASCIIKeysAreKeptByteForByte() {
            let parsed = parseFull(#"{"ts":1,"user":"José 😀 日本","team":"Ünïcödé","model":"m"}"#)
            #expect(parsed.outcome == .accepted)
            #expect(parsed.keys[0] == "José 😀 日本")
            #expect(parsed.keyBytes[1] == ParsingTests.bytes(hex: "c39c6ec3af63c3b664c3a9"))  // Python: "Ünïcödé".encode()
        }

        @Test(arguments: [
            (#"{"\u0074s":5,"user":"u","model":"m"}"#, "ts"),
            (#"{"ts":5,"u\u0073er":"u","model":"m"}"#, "user"),
            (#"{"ts":5,"user":"u","\u006d\u006f\u0064\u0065\u006c":"m"}"#, "model"),
            (#"{"ts":5,"user":"u","model":"m","input\u005ftokens":7}"#, "input_tokens"),
            (#"{"ts":5,"user":"u","model":"m","\u0063ost_usd":1}"#, "cost_usd"),
        ])
        func fieldNamesAreUnescapedBeforeMatching(line: String, field: String) throws {
            let parsed = parseFull(line)
            #expect(parsed.outcome == .accepted, "\(line)")
            let e = try #require(parsed.event)
            #expect(e.timestampMs == 5)
            #expect(parsed.keys[0] == "u")
            #expect(parsed.keys[3] == "m")
            if field == "input_tokens" { #expect(e.inputTokens == 7) }
            if field == "cost_usd" { #expect(e.costNanoUSD == 1_000_000_000) }
        }

        // MARK: unknown fields

        @Test(arguments: [
            #""x":1"#, #""x":-1.5e-3"#, #""x":0"#, #""x":true"#, #""x":false"#, #""x":null"#, #""x":"""#,
            #""x":"a\"b\\c\u00e9""#, #""x":"\ud800""#, #""x":"\udc00\ud800""#, #""x":[]"#, #""x":{}"#,
            #""x":[1,"2",[3],{"4":5},null,true,false,-0.5E+7]"#, #""x":{"a":{"b":{"c":[{}]}}}"#,
            #""x":"}{][,:""#, #""x" : [ 1 , { "k" : "v" } ] "#,
            #""ts2":"not a time","user_id":5,"models":[]"#,
            #""nested":{"ts":"bad","user":5,"input_tokens":-1,"kind":"nope","ts":"twice"}"#,
            #""x":1,"x":2"#,  // unknown fields may repeat
            #""\ud800":1"#,  // a lone surrogate in a field name cannot name a known field
            #""TS":"bad","User":5,"Kind":"nope""#,  // names are case-sensitive
            #""x":"\u0000\u001f""#,
        ])
        func unknownFieldsOfAnyTypeAreIgnored(fields: String) throws {
            let parsed = parseFull(usage(fields))
            #expect(parsed.outcome == .accepted, "\(fields)")
            #expect(parsed.event?.timestampMs == ParsingTests.nov1)
            #expect(parsed.keys == ["u1", nil, nil, "m1", nil])
        }

        @Test func deepNestingInAnUnknownFieldIsSkippedWithoutRecursion() {
            let depth = 100_000
            let max = 4 << 20
            let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            #expect(parseFull(usage("\"deep\":\(arrays)"), lineBytesMax: max).outcome == .accepted)
            let objects = String(repeating: "{\"a\":", count: depth) + "null" + String(repeating: "}", count: depth)
            #expect(parseFull(usage("\"deep\":\(objects)"), lineBytesMax: max).outcome == .accepted)
            let mixed = String(repeating: "[{\"k\":", count: depth / 2) + "1" + String(repeating: "}]", count: depth / 2)
            #expect(parseFull(usage("\"deep\":\(mixed)"), lineBytesMax: max).outcome == .accepted)
            // The same depth, one bracket short or mismatched, is not JSON.
            let short = String(repeating: "[", count: depth) + String(repeating: "]", count: depth - 1)
            #expect(parseFull(usage("\"deep\":\(short)"), lineBytesMax: max).rejection == .malformedJSON)
            let crossed = String(repeating: "[", count: depth) + "}" + String(repeating: "]", count: depth - 1)
            #expect(parseFull(usage("\"deep\":\(crossed)"), lineBytesMax: max).rejection == .malformedJSON)
            // Deep nesting as the value of a known string field is a type fault, not a crash.
            #expect(parseFull("{\"ts\":1,\"user\":\(arrays),\"model\":\"m\"}", lineBytesMax: max).rejection == .invalidFieldType)
        }

        @Test func nestingAsDeepAsTheLineLimitAllowsIsSkipped() {
            // Every level costs at least one byte, so the deepest value a line can hold fits the limit.
            let prefix = #"{"ts":1,"user":"u","model":"m","x":"#
            let limit = 4096
            let depth = (limit - prefix.utf8.count - 1) / 2
            let text = prefix + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}"
            #expect(text.utf8.count <= limit)
            #expect(parseFull(text, lineBytesMax: limit).outcome == .accepted)
        }

        // MARK: framing

        @Test(arguments: ["", " ", "\t", "   \t  ", "\r", " \r", "\t\r", "\r\r"])
        func blankLinesAreNotRejected(text: String) {
            let parsed = parseFull(text)
            #expect(parsed.outcome == .blank)
            #expect(parsed.eventCount == 0)
        }

        @Test func anEmptyBufferWithoutAnAddressIsBlank() {
            var parser = LineParser()
            parser.nowMs = ParsingTests.now
            let batch = EventBatch()
            #expect(parser.parse(UnsafeRawBufferPointer(start: nil, count: 0), into: batch) == .blank)
        }

        @Test(arguments: [
            #"{"ts":1,"user":"u","model":"m"}"#,
            #"  {"ts":1,"user":"u","model":"m"}  "#,
            "\t{ \"ts\" :\t1 , \"user\" : \"u\" , \"model\":\"m\" }\t",
            "{\"ts\":1,\"user\":\"u\",\r\"model\":\"m\"}",
        ])
        func crlfLinesParseLikeLFLines(text: String) {
            let lf = parseFull(text)
            let crlf = parseFull(text + "\r")
            #expect(lf.outcome == .accepted, "\(text)")
            #expect(crlf.outcome == .accepted, "\(text)")
            #expect(crlf.event?.timestampMs == 1)
            #expect(crlf.keys == lf.keys)
        }

        @Test func aCRInsideTheKeyIsKeptAndOnlyTheLastCRIsDropped() {
            // The trailing \r ends the line; a \r inside a string is an escape and part of the key.
            let parsed = parseFull(#"{"ts":1,"user":"a\rb","model":"m"}"# + "\r")
            #expect(parsed.keys[0] == "a\rb")
        }

        @Test func aLineExactlyAtTheLengthLimitIsAccepted() {
            let text = #"{"ts":1,"user":"u","model":"m","pad":""}"#
            #expect(parseFull(text, lineBytesMax: text.utf8.count).outcome == .accepted)
            #expect(parseFull(text, lineBytesMax: text.utf8.count - 1).rejection == .lineTooLong)
        }
    }
}
