import Testing
@testable import TokenTally

@Suite struct LineParserAcceptanceTests {
    @Test func aFullUsageEventIsReadFieldByField() throws {
        let parsed = ParsedLine("""
            {"ts":"2026-11-01T10:00:00Z","kind":"usage","user":"alice@example.com","team":"red","org":"eng",\
            "model":"claude-opus-4","tool":"claude-code","session":"s1","task":"T-1","input_tokens":10,\
            "output_tokens":20,"cache_read_tokens":300,"cache_write_tokens":4,"cost_usd":1.25,\
            "status":"x","artifact":"y","id":"e-1"}
            """)
        #expect(parsed.outcome == .accepted)
        let e = try #require(parsed.event)
        #expect(e.timestampMs == 1_793_527_200_000)
        #expect([e.inputTokens, e.outputTokens, e.cacheReadTokens, e.cacheWriteTokens] == [10, 20, 300, 4])
        #expect(e.totalTokens == 334)
        #expect(e.costNanoUSD == 1_250_000_000)
        #expect(!e.isOutcome)
        #expect(parsed.keys == ["alice@example.com", "red", "eng", "claude-opus-4", "claude-code"])
    }

    @Test func anOutcomeEventNeedsNoModel() throws {
        let parsed = ParsedLine(#"{"ts":0,"kind":"outcome","user":"u","task":"T-9","status":"merged","artifact":"pr/1"}"#)
        #expect(parsed.outcome == .accepted)
        #expect(parsed.event?.isOutcome == true)
        #expect(parsed.keys[KeyDimension.model.rawValue] == nil)
    }

    @Test func defaultsApplyToAbsentFields() throws {
        let e = try #require(ParsedLine(line()).event)
        #expect([e.inputTokens, e.outputTokens, e.cacheReadTokens, e.cacheWriteTokens, e.costNanoUSD] == [0, 0, 0, 0, 0])
        #expect(!e.isOutcome)
    }

    @Test(arguments: [
        ("\\\"", "\""), ("\\\\", "\\"), ("\\/", "/"), ("\\b", "\u{08}"), ("\\f", "\u{0C}"), ("\\n", "\n"),
        ("\\r", "\r"), ("\\t", "\t"), ("\\u0061", "a"), ("\\u00e9", "é"), ("\\u20AC", "€"),
        ("\\ud83d\\ude00", "😀"), ("\\u0000", "\u{0}"),
    ])
    func stringsAreUnescaped(escaped: String, plain: String) throws {
        let parsed = ParsedLine("{\"ts\":1,\"user\":\"x\(escaped)y\",\"model\":\"m\"}")
        #expect(parsed.outcome == .accepted)
        #expect(parsed.keys[0] == "x\(plain)y")
    }

    @Test func escapedAndPlainSpellingsAreTheSameKey() {
        let plain = ParsedLine(#"{"ts":1,"user":"alice","model":"m"}"#)
        let escaped = ParsedLine(#"{"ts":1,"user":"\u0061lic\u0065","model":"m"}"#)
        #expect(plain.hashes[0] == escaped.hashes[0])
        #expect(escaped.keys[0] == "alice")
        let asTeam = ParsedLine(#"{"ts":1,"user":"alice","team":"alice","model":"m"}"#)
        #expect(asTeam.hashes[0] != asTeam.hashes[1])  // the dimension is part of the key
    }

    @Test func fieldNamesAreUnescapedToo() {
        let parsed = ParsedLine(#"{"\u0074s":5,"u\u0073er":"bob","model":"m","input_\u0074okens":7}"#)
        #expect(parsed.event?.timestampMs == 5)
        #expect(parsed.keys[0] == "bob")
        #expect(parsed.event?.inputTokens == 7)
    }

    @Test(arguments: [
        #""x":{"a":[1,2,{"b":null}],"c":"d"}"#, #""x":[]"#, #""x":{}"#, #""x":true"#, #""x":false"#,
        #""x":null"#, #""x":-1.5e-3"#, #""x":"\ud800""#, #""x":[[[[[]]]]]"#, #""x":"}{][,:""#,
        #""nested":{"ts":"not a time","user":5}"#,
    ])
    func unknownFieldsOfAnyTypeAreIgnored(field: String) {
        #expect(ParsedLine(line(field)).outcome == .accepted)
    }

    @Test func deeplyNestedUnknownValuesAreSkippedWithoutRecursion() {
        let depth = 100_000
        let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(ParsedLine(line("\"deep\":\(nested)")).outcome == .accepted)
        let objects = String(repeating: "{\"a\":", count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(ParsedLine(line("\"deep\":\(objects)")).outcome == .accepted)
        let unbalanced = String(repeating: "[", count: depth) + String(repeating: "]", count: depth - 1)
        #expect(ParsedLine(line("\"deep\":\(unbalanced)")).rejection == .malformedJSON)
    }

    @Test func nullMeansNotGiven() throws {
        let parsed = ParsedLine(#"{"ts":1,"user":"u","team":null,"model":"m","input_tokens":null,"kind":null,"cost_usd":null}"#)
        #expect(parsed.outcome == .accepted)
        #expect(parsed.keys[KeyDimension.team.rawValue] == nil)
        #expect(parsed.event?.inputTokens == 0)
        #expect(ParsedLine(#"{"ts":1,"user":null,"model":"m"}"#).rejection == .missingUser)
        #expect(ParsedLine(#"{"ts":null,"user":"u","model":"m"}"#).rejection == .missingTs)
    }

    @Test func emptyStringsAreAbsentKeys() {
        let parsed = ParsedLine(#"{"ts":1,"user":"u","team":"","model":"m"}"#)
        #expect(parsed.outcome == .accepted)
        #expect(parsed.keys[KeyDimension.team.rawValue] == nil)
        #expect(ParsedLine(#"{"ts":1,"user":"","model":"m"}"#).rejection == .missingUser)
        #expect(ParsedLine(#"{"ts":1,"user":"u","model":""}"#).rejection == .missingModel)
    }

    @Test(arguments: ["", " ", "\t", "  \t ", "\r"])
    func blankLinesAreSkippedNotRejected(text: String) {
        #expect(ParsedLine(text).outcome == .blank)
    }

    @Test func whitespaceAroundTokensAndCRLFAreAccepted() {
        #expect(ParsedLine(" { \"ts\" : 1 , \"user\" : \"u\" , \"model\" : \"m\" } \r").outcome == .accepted)
        #expect(ParsedLine(line() + "\r").outcome == .accepted)
    }

    @Test(arguments: [("0", Int64(0)), ("12", 12), ("9223372036854775807", Int64.max)])
    func tokenCountsAreIntegerLiteralsUpTo63Bits(text: String, value: Int64) {
        #expect(ParsedLine(line("\"output_tokens\":\(text)")).event?.outputTokens == value)
    }

    @Test(arguments: [
        ("0.25", Int64(250_000_000)), ("1e-3", 1_000_000), ("0.0000000015", 2), ("0.0000000014", 1), ("-0", 0),
        ("12", 12_000_000_000), ("1.5E2", 150_000_000_000), ("0", 0), ("9223372036.854775807", Int64.max),
    ])
    func costsBecomeExactNanoDollars(text: String, nano: Int64) {
        #expect(ParsedLine(line("\"cost_usd\":\(text)")).event?.costNanoUSD == nano)
    }

    @Test func exactlyAtTheFutureLimitIsAccepted() {
        let limit = ParsedLine.now + 86_400_000
        #expect(ParsedLine(line(ts: String(limit))).outcome == .accepted)
        #expect(ParsedLine(line(ts: String(limit + 1))).rejection == .futureTs)
    }

    @Test func aLineExactlyAtTheLengthLimitIsAccepted() {
        let base = line("\"pad\":\"\"")
        let padded = line("\"pad\":\"" + String(repeating: "x", count: 100 - base.utf8.count) + "\"")
        #expect(padded.utf8.count == 100)
        #expect(ParsedLine(padded, lineBytesMax: 100).outcome == .accepted)
        #expect(ParsedLine(padded, lineBytesMax: 99).rejection == .lineTooLong)
    }

    @Test func nonASCIIUTF8IsAccepted() {
        let parsed = ParsedLine(#"{"ts":1,"user":"José 😀 日本","model":"m"}"#)
        #expect(parsed.keys[0] == "José 😀 日本")
    }
}
