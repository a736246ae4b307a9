import Testing
@testable import TokenTally

@Suite struct LineParserRejectionTests {
    @Test(arguments: [
        "not json", "[1,2]", "\"string\"", "42", "null", "{", "}", "{\"ts\":1", "{\"ts\":1,}", "{,}",
        "{\"ts\" 1}", "{ts:1}", "{'ts':1}", "{\"ts\":1}}", "{\"ts\":1} x", "{\"ts\":1}{\"ts\":2}",
        "{\"ts\":012,\"user\":\"u\",\"model\":\"m\"}", "{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"x\":[1,2}",
        "{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"x\":{\"a\" 1}}", "{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"x\":[}",
        "{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"x\":tru}", "{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"x\":1.}",
        "{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"x\":-}", "{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"x\":\"\\q\"}",
        "{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"x\":\"\\u12\"}", "{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"x\":\"abc}",
        "{\"ts\":1,\"user\":\"a\tb\",\"model\":\"m\"}", "{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"x\":+1}",
        // A syntax error after a field fault is still malformed JSON.
        "{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"input_tokens\":-1,\"x\":[}",
    ])
    func notASingleJSONObjectIsMalformed(text: String) {
        #expect(ParsedLine(text).rejection == .malformedJSON, "\(text)")
    }

    @Test(arguments: [
        [0xFF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3], [0x80],
        [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82],
    ] as [[UInt8]])
    func invalidUTF8AnywhereIsRejected(bad: [UInt8]) {
        let inside = Array("{\"ts\":1,\"user\":\"a".utf8) + bad + Array("\",\"model\":\"m\"}".utf8)
        #expect(ParsedLine(bytes: inside).rejection == .invalidUTF8)
        let outside = Array("{\"ts\":1,\"user\":\"a\",\"model\":\"m\"}".utf8) + bad
        #expect(ParsedLine(bytes: outside).rejection == .invalidUTF8)
    }

    @Test func binaryGarbageAndNULBytesAreRejected() {
        #expect(ParsedLine(bytes: [0x00, 0x01, 0x02]).rejection == .malformedJSON)
        #expect(ParsedLine(bytes: Array("{\"ts\":1,\"user\":\"a\u{0}\",\"model\":\"m\"}".utf8)).rejection == .malformedJSON)
        #expect(ParsedLine(bytes: (0..<200).map { UInt8(($0 * 37 + 11) % 256) }).rejection != nil)
    }

    @Test func aLoneSurrogateInAKeptFieldIsInvalidUTF8() {
        #expect(ParsedLine(#"{"ts":1,"user":"\ud800","model":"m"}"#).rejection == .invalidUTF8)
        #expect(ParsedLine(#"{"ts":1,"user":"\udc00x","model":"m"}"#).rejection == .invalidUTF8)
        #expect(ParsedLine(#"{"ts":1,"user":"u","model":"\ud83dx"}"#).rejection == .invalidUTF8)
    }

    @Test func aTooLongLineIsRejectedBeforeAnythingElse() {
        #expect(ParsedLine(String(repeating: "x", count: 101), lineBytesMax: 100).rejection == .lineTooLong)
    }

    @Test(arguments: [
        (#"{"user":"u","model":"m"}"#, RejectReason.missingTs),
        (#"{}"#, .missingTs),
        (#"{"ts":1,"model":"m"}"#, .missingUser),
        (#"{"ts":1,"user":"u"}"#, .missingModel),
        (#"{"ts":1,"user":"u","kind":"outcome","status":"shipped"}"#, .missingTask),
        (#"{"ts":1,"user":"u","kind":"outcome","task":"T"}"#, .missingStatus),
        (#"{"ts":1,"user":"u","kind":"outcome","task":"","status":"shipped"}"#, .missingTask),
        (#"{"ts":1,"user":"u","kind":"outcome","task":"T","status":""}"#, .missingStatus),
        // Order of missing fields: ts before user before the kind's own requirements.
        (#"{"kind":"outcome"}"#, .missingTs),
        (#"{"ts":1,"kind":"outcome"}"#, .missingUser),
    ])
    func missingRequiredFields(text: String, reason: RejectReason) {
        #expect(ParsedLine(text).rejection == reason, "\(text)")
    }

    @Test(arguments: ["12.0", "-1", "1e3", "\"12\"", "true", "{}", "[]", "9223372036854775808",
                      String(repeating: "9", count: 400), "-0", "1E3", "0.5"])
    func tokenCountsMustBeNonNegativeIntegerLiterals(value: String) {
        for field in ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"] {
            #expect(ParsedLine(line("\"\(field)\":\(value)")).rejection == .invalidTokens, "\(field)=\(value)")
        }
    }

    @Test func repeatedKnownFieldsAreRejectedEvenWhenSpelledDifferently() {
        #expect(ParsedLine(#"{"ts":1,"ts":2,"user":"u","model":"m"}"#).rejection == .duplicateField)
        #expect(ParsedLine(#"{"ts":1,"user":"u","model":"m","u\u0073er":"v"}"#).rejection == .duplicateField)
        #expect(ParsedLine(#"{"ts":1,"user":"u","model":"m","team":null,"team":"t"}"#).rejection == .duplicateField)
        // Unknown fields may repeat.
        #expect(ParsedLine(#"{"ts":1,"user":"u","model":"m","x":1,"x":2}"#).outcome == .accepted)
    }

    @Test(arguments: ["\"Usage\"", "\"\"", "\"call\"", "1", "true", "{}", "\"outcome \""])
    func unknownKinds(value: String) {
        #expect(ParsedLine(line("\"kind\":\(value)")).rejection == .unknownKind)
    }

    @Test func kindIsComparedAfterUnescaping() {
        #expect(ParsedLine(line("\"kind\":\"\\u0075sage\"")).outcome == .accepted)
    }

    @Test(arguments: ["1", "true", "{}", "[\"a\"]", "1.5"])
    func knownStringFieldsWithOtherTypes(value: String) {
        for field in ["team", "org", "tool", "session", "task", "status", "artifact", "id"] {
            #expect(ParsedLine(line("\"\(field)\":\(value)")).rejection == .invalidFieldType, "\(field)=\(value)")
        }
        #expect(ParsedLine("{\"ts\":1,\"user\":\(value),\"model\":\"m\"}").rejection == .invalidFieldType)
        #expect(ParsedLine("{\"ts\":1,\"user\":\"u\",\"model\":\(value)}").rejection == .invalidFieldType)
    }

    @Test(arguments: ["-0.01", "\"1.0\"", "true", "1e400", "9223372037", "[1]"])
    func invalidCosts(value: String) {
        #expect(ParsedLine(line("\"cost_usd\":\(value)")).rejection == .invalidCost)
    }

    @Test(arguments: [
        "\"2026-13-01T00:00:00Z\"", "\"2025-02-29T00:00:00Z\"", "\"2026-04-31T00:00:00Z\"", "\"2026-11-01T24:00:00Z\"",
        "\"2026-11-01T10:60:00Z\"", "\"2026-11-01T10:00:61Z\"", "\"2026-11-01T10:00:00\"", "\"2026-11-01\"",
        "\"2026-11-01T10:00:00.Z\"", "\"2026-11-01T10:00:00.1234567890Z\"", "\"2026-11-01T10:00:00+24:00\"",
        "\"2026-11-01T10:00:00+05:60\"", "\"2026-11-01T10:00:00+0500\"", "\"2026-11-01X10:00:00Z\"", "\"\"",
        "\"yesterday\"", "1.7e12", "1793491200000.0", "true", "{}", "[]", "\"1793491200000\"",
        "253402300800000", "-62167219200001",
    ])
    func unreadableTimestamps(value: String) {
        #expect(ParsedLine(line(ts: value)).rejection == .invalidTs, "\(value)")
    }

    @Test func futureEventsAreRejectedByTheMachinesClock() {
        #expect(ParsedLine(line(ts: "\"9999-12-31T23:59:59Z\"")).rejection == .futureTs)
        #expect(ParsedLine(line(ts: "\"2026-11-23T00:00:01Z\"")).rejection == .futureTs)  // now + 24h + 1s
        #expect(ParsedLine(line(ts: "\"2026-11-23T00:00:01Z\""), maxFutureMs: 2 * 86_400_000).outcome == .accepted)
    }

    @Test func theFirstFieldFaultInLineOrderWins() {
        #expect(ParsedLine(#"{"ts":"bad","input_tokens":-1,"user":"u","model":"m"}"#).rejection == .invalidTs)
        #expect(ParsedLine(#"{"input_tokens":-1,"ts":"bad","user":"u","model":"m"}"#).rejection == .invalidTokens)
        #expect(ParsedLine(#"{"kind":"x","user":5,"model":"m"}"#).rejection == .unknownKind)
        // A field fault outranks a missing field.
        #expect(ParsedLine(#"{"input_tokens":"1"}"#).rejection == .invalidTokens)
    }
}
