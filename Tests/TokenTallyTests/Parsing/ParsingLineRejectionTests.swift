import Testing
@testable import TallyEvents

extension ParsingTests {
    /// One table per reject reason; each line has exactly one fault (precedence is in
    /// ParsingPrecedenceTests.swift).
    @Suite struct LineRejectionTests {
        static let required = #""ts":1,"user":"u","model":"m""#

        @Test func reasonsHaveTheirContractNames() {
            let names: [(RejectReason, String)] = [
                (.malformedJSON, "malformed_json"), (.invalidUTF8, "invalid_utf8"), (.lineTooLong, "line_too_long"),
                (.missingTs, "missing_ts"), (.missingUser, "missing_user"), (.invalidTs, "invalid_ts"),
                (.invalidTokens, "invalid_tokens"), (.duplicateField, "duplicate_field"), (.unknownKind, "unknown_kind"),
                (.futureTs, "future_ts"), (.invalidCost, "invalid_cost"), (.invalidFieldType, "invalid_field_type"),
                (.missingModel, "missing_model"), (.missingTask, "missing_task"), (.missingStatus, "missing_status"),
                (.inconsistentTokens, "inconsistent_tokens"), (.valueTooLarge, "value_too_large"),
            ]
            #expect(names.count == RejectReason.allCases.count)
            for (reason, name) in names {
                #expect(reason.name == name)
                #expect(RejectReason(name: name) == reason)
            }
            #expect(RejectReason(name: "malformed") == nil)
        }

        // MARK: malformed_json

        @Test(arguments: [
            // not a single object
            "not json", "[]", "[1,2]", #"[{"ts":1,"user":"u","model":"m"}]"#, #""string""#, "42", "-1", "null", "true",
            "{", "}", "{{}}", "{]", #"{"ts":1,"user":"u","model":"m"}}"#, #"{"ts":1,"user":"u","model":"m"} x"#,
            #"{"ts":1,"user":"u","model":"m"},"#, #"{"ts":1,"user":"u","model":"m"}{"ts":2,"user":"u","model":"m"}"#,
            #"{"ts":1,"user":"u","model":"m"} {}"#, #"{"ts":1,"user":"u","model":"m"}/"#,
            // object syntax
            #"{"ts":1"#, #"{"ts":1,}"#, #"{,}"#, #"{,"ts":1}"#, #"{"ts" 1}"#, #"{"ts"=1}"#, #"{"ts"::1}"#, #"{"ts":}"#,
            #"{"ts"}"#, #"{ts:1}"#, #"{'ts':1}"#, #"{"ts":1;"user":"u"}"#, #"{"ts":1 "user":"u"}"#, #"{"ts":1,,"user":"u"}"#,
            #"{1:2}"#, #"{"ts":1,"user":"u","model":"m"/*c*/}"#,
            // numbers that are not JSON, in known and unknown fields
            #"{"ts":012,"user":"u","model":"m"}"#, #"{"ts":1,"user":"u","model":"m","input_tokens":012}"#,
            #"{"ts":1,"user":"u","model":"m","output_tokens":00}"#, #"{"ts":1,"user":"u","model":"m","input_tokens":-01}"#,
            #"{"ts":1,"user":"u","model":"m","cost_usd":01}"#, #"{"ts":1,"user":"u","model":"m","cost_usd":.5}"#,
            #"{"ts":1,"user":"u","model":"m","cost_usd":1.}"#, #"{"ts":1,"user":"u","model":"m","cost_usd":-}"#,
            #"{"ts":1,"user":"u","model":"m","cost_usd":+1}"#, #"{"ts":1,"user":"u","model":"m","cost_usd":1e}"#,
            #"{"ts":-,"user":"u","model":"m"}"#, #"{"ts":1.,"user":"u","model":"m"}"#, #"{"ts":1e+,"user":"u","model":"m"}"#,
            #"{"ts":1,"user":"u","model":"m","input_tokens":1.}"#, #"{"ts":1,"user":"u","model":"m","input_tokens":-}"#,
            #"{"ts":1,"user":"u","model":"m","input_tokens":1x}"#, #"{"ts":1,"user":"u","model":"m","input_tokens":0x10}"#,
            #"{"ts":1,"user":"u","model":"m","x":1.}"#, #"{"ts":1,"user":"u","model":"m","x":-}"#,
            #"{"ts":1,"user":"u","model":"m","x":+1}"#, #"{"ts":1,"user":"u","model":"m","x":1e+}"#,
            #"{"ts":1,"user":"u","model":"m","x":NaN}"#, #"{"ts":1,"user":"u","model":"m","x":Infinity}"#,
            #"{"ts":1,"user":"u","model":"m","x":0x1F}"#, #"{"ts":1,"user":"u","model":"m","x":1.5.5}"#,
            // literals
            #"{"ts":1,"user":"u","model":"m","x":tru}"#, #"{"ts":1,"user":"u","model":"m","x":nul}"#,
            #"{"ts":1,"user":"u","model":"m","x":True}"#, #"{"ts":1,"user":"u","model":"m","x":undefined}"#,
            #"{"ts":1,"user":"u","model":"m","team":nul}"#, #"{"ts":1,"user":"u","model":"m","team":nullx}"#,
            #"{"ts":1,"user":"u","model":"m","input_tokens":nil}"#, #"{"ts":1,"user":"u","model":"m","kind":nu}"#,
            // nested values
            #"{"ts":1,"user":"u","model":"m","x":[1,2}"#, #"{"ts":1,"user":"u","model":"m","x":[1,2"#,
            #"{"ts":1,"user":"u","model":"m","x":{"a" 1}}"#, #"{"ts":1,"user":"u","model":"m","x":[}"#,
            #"{"ts":1,"user":"u","model":"m","x":{]}"#, #"{"ts":1,"user":"u","model":"m","x":[1,]}"#,
            #"{"ts":1,"user":"u","model":"m","x":[,1]}"#, #"{"ts":1,"user":"u","model":"m","x":{"a":1,}}"#,
            #"{"ts":1,"user":"u","model":"m","x":{"a"}}"#, #"{"ts":1,"user":"u","model":"m","x":{1:2}}"#,
            #"{"ts":1,"user":"u","model":"m","x":[1 2]}"#, #"{"ts":1,"user":"u","model":"m","x":{"a":1 "b":2}}"#,
            #"{"ts":1,"user":"u","model":"m","x":[[[]]}"#, #"{"ts":1,"user":"u","model":"m","x":[]]}"#,
            #"{"ts":1,"user":"u","model":"m","x":{"a":[}]}}"#, #"{"ts":1,"user":"u","model":"m","x":["a\q"]}"#,
            #"{"ts":1,"user":[1,}","model":"m"}"#, #"{"ts":1,"user":"u","model":"m","input_tokens":[}"#,
            #"{"ts":{"a" 1},"user":"u","model":"m"}"#, #"{"ts":1,"user":"u","model":"m","cost_usd":{]}"#,
            #"{"ts":1,"user":"u","model":"m","kind":[1,}"#,
            // strings
            #"{"ts":1,"user":"u","model":"m","x":"\q"}"#, #"{"ts":1,"user":"u","model":"m","x":"\u12"}"#,
            #"{"ts":1,"user":"u","model":"m","x":"\u12G4"}"#, #"{"ts":1,"user":"u","model":"m","x":"\U0041"}"#,
            #"{"ts":1,"user":"u","model":"m","x":"\x41"}"#, #"{"ts":1,"user":"u","model":"m","x":"\'"}"#,
            #"{"ts":1,"user":"u","model":"m","x":"abc}"#, #"{"ts":1,"user":"u","model":"m","x":"abc\"}"#,
            #"{"ts":1,"user":"abc,"model":"m"}"#, #"{"ts":1,"user":"u\","model":"m"}"#, #"{"ts":1,"user":'u',"model":"m"}"#,
            #"{"ts":1,"user":"u","model":"m","kind":"usage}"#, #"{"ts":"2026-11-01T00:00:00Z,"user":"u","model":"m"}"#,
            #"{"ts":1,"user":"u\u00","model":"m"}"#, #"{"ts":1,"user":"u","model":"m","t\s":1}"#,
            #"{"ts":1,"user":"u","model":"m","kind":"\z"}"#, #"{"ts":"\z","user":"u","model":"m"}"#,
            #"{"ts":1,"user":"u","model":"m","task":"\z"}"#, #"{"ts":1,"user":"u","model":"m","x":"\ud800\u12"}"#,
        ])
        func notASingleJSONObjectIsMalformed(text: String) {
            #expect(reason(text) == .malformedJSON, "\(text)")
        }

        /// Raw control characters (U+0000-U+001F) must be escaped in JSON strings.
        @Test(arguments: [UInt8(0x00), 0x01, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x1F])
        func rawControlCharactersInsideStringsAreMalformed(control: UInt8) {
            func line(_ before: String, _ after: String) -> [UInt8] { Array(before.utf8) + [control] + Array(after.utf8) }
            let lines = [
                line(#"{"ts":1,"user":"a"#, #"b","model":"m"}"#),  // kept key
                line(#"{"ts":1,"user":"u","model":"m","x":"a"#, #"b"}"#),  // unknown value
                line(#"{"ts":1,"user":"u","model":"m","x"#, #"y":1}"#),  // field name
                line(#"{"ts":1,"user":"u","model":"m","session":""#, #""}"#),  // unkept known string
                line(#"{"ts":1,"user":"u","model":"m","kind":"usage"#, #""}"#),
                line(#"{"ts":"2026-11-01T00:00:00Z"#, #"","user":"u","model":"m"}"#),
                line(#"{"ts":1,"user":"u","model":"m","x":[""#, #""]}"#),  // nested string
            ]
            for bytes in lines {
                #expect(parseBytes(bytes).rejection == .malformedJSON, "\(String(decoding: bytes, as: UTF8.self))")
            }
        }

        @Test func deleteIsNotAControlCharacter() {
            // JSON only requires U+0000-U+001F to be escaped; U+007F may appear raw.
            let parsed = parseFull("{\"ts\":1,\"user\":\"a\u{7F}b\",\"model\":\"m\",\"x\":\"\u{7F}\"}")
            #expect(parsed.outcome == .accepted)
            #expect(parsed.keyBytes.first == [0x61, 0x7F, 0x62])
        }

        // MARK: invalid_utf8

        static let invalidUTF8: [[UInt8]] = [
            [0xFF], [0xFE], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xE0, 0x9F, 0xBF],
            [0xF0, 0x80, 0x80, 0xAF], [0xF0, 0x8F, 0xBF, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
            [0xED, 0xAF, 0xBF, 0xED, 0xB0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0xF7, 0xBF, 0xBF, 0xBF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFC, 0x84, 0x80, 0x80, 0x80, 0x80],
            [0x80], [0xBF], [0x80, 0x80], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3, 0x41], [0xE2, 0x28, 0xA1],
            [0xE2, 0x82, 0x28], [0xF0, 0x28, 0x8C, 0xBC], [0xF0, 0x9F, 0x98, 0x28], [0xC3, 0xA9, 0xA9],
        ]

        @Test(arguments: invalidUTF8)
        func invalidUTF8AnywhereInTheLineIsRejected(bad: [UInt8]) {
            func line(_ before: String, _ after: String) -> [UInt8] { Array(before.utf8) + bad + Array(after.utf8) }
            let lines = [
                line(#"{"ts":1,"user":"a"#, #"b","model":"m"}"#),  // inside a kept key
                line(#"{"ts":1,"user":"u","model":"m","x":""#, #""}"#),  // inside an unknown string
                line(#"{"ts":1,"user":"u","model":"m",""#, #"":1}"#),  // inside a field name
                line(#"{"ts":1,"user":"u","model":"m","session":""#, #""}"#),
                line(#"{"ts":1,"user":"u","model":"m"}"#, ""),  // after the object
                line("", #"{"ts":1,"user":"u","model":"m"}"#),  // before it
                line(#"{"ts":1,"#, #""user":"u","model":"m"}"#),  // between members
                line(#"{"ts":1,"user":"u","model":"m","x":"#, "}"),  // as a value
                line(#"{"ts":1,"user":"u","model":"m","x":"\#(String(repeating: "abcdefgh", count: 3))"#, #""}"#),
            ]
            for bytes in lines {
                #expect(parseBytes(bytes).rejection == .invalidUTF8, "\(bytes)")
            }
            #expect(parseBytes(bad).rejection == .invalidUTF8)
        }

        /// The valid extremes of each UTF-8 width, next to the invalid ones above.
        @Test(arguments: [
            [0x7F], [0xC2, 0x80], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
            [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xF3, 0xBF, 0xBF, 0xBF],
        ] as [[UInt8]])
        func validUTF8AtTheBoundariesIsAccepted(good: [UInt8]) {
            let bytes = Array(#"{"ts":1,"user":"a"#.utf8) + good + Array(#"","model":"m"}"#.utf8)
            let parsed = parseBytes(bytes)
            #expect(parsed.outcome == .accepted, "\(good)")
            #expect(parsed.keyBytes.first == [0x61] + good)
        }

        @Test(arguments: [
            #"\ud800"#, #"\udc00"#, #"x\udbff"#, #"\udfffx"#, #"\ud800\u0041"#, #"\ud800\ud800"#, #"\udc00\ud800"#,
            #"\uD83D"#, #"\uDE00\uD83D"#, #"\ud83d\ude00\ud83d"#, #"\ud800\n"#, #"\ud800\\udc00"#,
        ])
        func aLoneSurrogateInAKeptFieldIsInvalidUTF8(escaped: String) {
            for field in ["user", "team", "org", "model", "tool"] {
                let others = ["user", "model"].filter { $0 != field }.map { "\"\($0)\":\"x\"" }.joined(separator: ",")
                let text = "{\"ts\":1,\(others),\"\(field)\":\"\(escaped)\"}"
                #expect(reason(text) == .invalidUTF8, "\(text)")
            }
            // The same string in an unknown field is ignored.
            #expect(parseFull(usage("\"x\":\"\(escaped)\"")).outcome == .accepted, "\(escaped)")
        }

        // MARK: line_too_long

        @Test func linesLongerThanTheLimitAreRejected() {
            let valid = #"{"ts":1,"user":"u","model":"m"}"#  // 31 bytes
            #expect(valid.utf8.count == 31)
            #expect(reason(valid, lineBytesMax: 30) == .lineTooLong)
            #expect(reason(valid, lineBytesMax: 1) == .lineTooLong)
            #expect(parseFull(valid, lineBytesMax: 31).outcome == .accepted)
            #expect(reason(String(repeating: "x", count: 101), lineBytesMax: 100) == .lineTooLong)
            #expect(reason(String(repeating: "x", count: 100), lineBytesMax: 100) == .malformedJSON)
            // The default limit is 1 MiB.
            let padded = usage("\"pad\":\"" + String(repeating: "p", count: 1 << 20) + "\"")
            #expect(reason(padded) == .lineTooLong)
        }

        @Test func theTrailingCRIsNotPartOfTheLine() {
            let valid = #"{"ts":1,"user":"u","model":"m"}"#
            #expect(valid.utf8.count == 31)
            #expect(parseFull(valid + "\r", lineBytesMax: 31).outcome == .accepted)
            #expect(reason(valid + " \r", lineBytesMax: 31) == .lineTooLong)
        }

        // MARK: missing fields

        @Test(arguments: [
            (#"{}"#, RejectReason.missingTs),
            (#"{"user":"u","model":"m"}"#, .missingTs),
            (#"{"x":1}"#, .missingTs),
            (#"{"ts":1}"#, .missingUser),
            (#"{"ts":1,"model":"m","team":"t"}"#, .missingUser),
            (#"{"ts":1,"user":"u"}"#, .missingModel),
            (#"{"ts":1,"user":"u","kind":"usage","team":"t","tool":"t"}"#, .missingModel),
            (#"{"ts":1,"user":"u","kind":"outcome"}"#, .missingTask),
            (#"{"ts":1,"user":"u","kind":"outcome","status":"merged"}"#, .missingTask),
            (#"{"ts":1,"user":"u","kind":"outcome","model":"m","status":"merged"}"#, .missingTask),
            (#"{"ts":1,"user":"u","kind":"outcome","task":"T-1"}"#, .missingStatus),
            (#"{"ts":1,"user":"u","kind":"outcome","task":"T-1","model":"m"}"#, .missingStatus),
        ])
        func requiredFieldsMustBePresent(line: String, expected: RejectReason) {
            #expect(reason(line) == expected, "\(line)")
        }

        // MARK: invalid_ts

        @Test(arguments: [
            // impossible dates and times
            #""2026-13-01T00:00:00Z""#, #""2026-00-01T00:00:00Z""#, #""2026-01-00T00:00:00Z""#, #""2026-01-32T00:00:00Z""#,
            #""2025-02-29T00:00:00Z""#, #""1900-02-29T00:00:00Z""#, #""2100-02-29T00:00:00Z""#, #""2024-02-30T00:00:00Z""#,
            #""2026-04-31T00:00:00Z""#, #""2026-06-31T00:00:00Z""#, #""2026-09-31T00:00:00Z""#, #""2026-11-31T00:00:00Z""#,
            #""2026-11-01T24:00:00Z""#, #""2026-11-01T23:60:00Z""#, #""2026-11-01T23:59:61Z""#, #""2026-11-01T99:00:00Z""#,
            // fractions and offsets
            #""2026-11-01T00:00:00.1234567890Z""#, #""2026-11-01T00:00:00.Z""#, #""2026-11-01T00:00:00,5Z""#,
            #""2026-11-01T00:00:00""#, #""2026-11-01T00:00:00.123""#, #""2026-11-01T00:00:00+24:00""#,
            #""2026-11-01T00:00:00+23:60""#, #""2026-11-01T00:00:00+0100""#, #""2026-11-01T00:00:00+01""#,
            #""2026-11-01T00:00:00+1:00""#, #""2026-11-01T00:00:00 +01:00""#, #""2026-11-01T00:00:00ZZ""#,
            #""2026-11-01T00:00:00UTC""#, #""2026-11-01T00:00:00Z+01:00""#, #""2026-11-01T00:00:00+01:00Z""#,
            #""2026-11-01T00:00:00x""#,
            // shapes
            #""2026-11-01""#, #""2026-11-01T00:00Z""#, #""26-11-01T00:00:00Z""#, #""2026/11/01T00:00:00Z""#,
            #""2026-11-01X00:00:00Z""#, #""2026-11-01_00:00:00Z""#, #""2026-11-01T00.00.00Z""#, #"" 2026-11-01T00:00:00Z""#,
            #""2026-11-01T00:00:00Z ""#, #""+2026-11-01T00:00:00Z""#, #""-0001-01-01T00:00:00Z""#, #""2026-1-01T00:00:00Z""#,
            #""""#, #""yesterday""#, #""1793491200000""#, #""2026-11-01T00:00:00Z\u0000""#,
            #""\u0032026-11-01T00:00:00Z  \u0020\u0020\u0020\u0020\u0020\u0020\u0020\u0020\u0020\u0020""#,
            // outside years 0000-9999
            #""0000-01-01T00:00:00+00:01""#, #""9999-12-31T23:59:59-00:01""#, #""9999-12-31T23:59:60Z""#,
            "253402300800000", "-62167219200001", "9223372036854775807", "-9223372036854775808", "99999999999999999999",
            // not an integer or string
            "1.7e12", "1793491200000.0", "1793491200000e0", "1.5", "-1.5", "1E3", "true", "false", "{}", "[]", "[1793491200000]",
            #"{"ms":1793491200000}"#, #"["2026-11-01T00:00:00Z"]"#,
        ])
        func unreadableTimestampsAreInvalid(ts: String) {
            #expect(reason(usage(ts: ts), now: Int64.max / 2) == .invalidTs, "\(ts)")
        }

        // MARK: invalid_tokens

        @Test(arguments: [
            "12.0", "0.0", "0.5", "-1", "-12", "-9223372036854775807", "1e3", "1E3", "12e0", "1e-3", "\"12\"", "\"0\"", "\"\"",
            "true", "false", "{}", "[]", "[1]", #"{"n":1}"#, "9223372036854775808", "18446744073709551616",
            "99999999999999999999", String(repeating: "9", count: 400), "1" + String(repeating: "0", count: 399),
        ])
        func tokenCountsMustBeNonNegativeIntegerLiteralsWithin63Bits(value: String) {
            for field in ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"] {
                #expect(reason(usage("\"\(field)\":\(value)")) == .invalidTokens, "\(field)=\(value)")
            }
        }

        // MARK: duplicate_field

        static let validValues: [(String, String)] = [
            ("ts", "2"), ("kind", #""usage""#), ("user", #""v""#), ("team", #""t""#), ("org", #""o""#),
            ("model", #""n""#), ("tool", #""x""#), ("session", #""s""#), ("task", #""k""#), ("input_tokens", "1"),
            ("output_tokens", "2"), ("cache_read_tokens", "3"), ("cache_write_tokens", "4"), ("cost_usd", "0.5"),
            ("status", #""done""#), ("artifact", #""a""#), ("id", #""e""#),
        ]

        @Test func everyKnownFieldGivenTwiceIsADuplicate() {
            for (field, value) in Self.validValues {
                let once = "{\(Self.required),\"\(field)\":\(value)}"
                let twice = "{\(Self.required),\"\(field)\":\(value),\"\(field)\":\(value)}"
                let inBase = ["ts", "user", "model"].contains(field)
                #expect(parseFull(once).rejection == (inBase ? .duplicateField : nil), "\(once)")
                #expect(reason(twice) == .duplicateField, "\(twice)")
            }
        }

        @Test(arguments: [
            #"{"ts":1,"t\u0073":2,"user":"u","model":"m"}"#,
            #"{"\u0074\u0073":1,"ts":2,"user":"u","model":"m"}"#,
            #"{"ts":1,"user":"u","model":"m","u\u0073er":"v"}"#,
            #"{"ts":1,"user":"u","model":"m","team":null,"team":"t"}"#,
            #"{"ts":1,"user":"u","model":"m","team":"t","team":null}"#,
            #"{"ts":1,"user":"u","model":"m","team":"t","team":"t"}"#,
            #"{"ts":1,"user":"u","model":"m","kind":null,"kind":"usage"}"#,
            #"{"ts":null,"ts":1,"user":"u","model":"m"}"#,
            #"{"ts":1,"user":"u","model":"m","cost_usd":1,"cost_u\u0073d":1}"#,
        ])
        func duplicatesAreFoundAfterUnescapingAndIncludeNull(line: String) {
            #expect(reason(line) == .duplicateField, "\(line)")
        }

        // MARK: unknown_kind

        @Test(arguments: [
            #""Usage""#, #""USAGE""#, #""Outcome""#, #""""#, #""call""#, #""usage ""#, #"" usage""#, #""usages""#,
            #""outcomes""#, #""use""#, #""u""#, #""usag""#, #""usage\u0000""#, #""u\u0000sage""#, #""\u0055sage""#,
            #""usage\n""#, "\"\(String(repeating: "u", count: 100))\"", "\"\(String(repeating: "\\u0061", count: 20))\"",
            "1", "0", "true", "false", "{}", "[]", #"["usage"]"#, #"{"kind":"usage"}"#,
        ])
        func otherKindsAreUnknown(value: String) {
            #expect(reason(usage("\"kind\":\(value)")) == .unknownKind, "\(value)")
        }

        // MARK: invalid_field_type

        @Test(arguments: ["1", "0", "-1.5", "1e3", "true", "false", "{}", "[]", #"["a"]"#, #"{"a":"b"}"#])
        func knownStringFieldsMustHoldStrings(value: String) {
            for field in ["user", "team", "org", "model", "tool", "session", "task", "status", "artifact", "id"] {
                var members = [("ts", "1"), ("user", #""u""#), ("model", #""m""#)].filter { $0.0 != field }
                members.append((field, value))
                let text = "{" + members.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
                #expect(reason(text) == .invalidFieldType, "\(text)")
            }
        }

        @Test func anOutcomesTaskOrStatusOfTheWrongTypeIsATypeFaultNotMissing() {
            #expect(reason(#"{"ts":1,"user":"u","kind":"outcome","task":1,"status":"s"}"#) == .invalidFieldType)
            #expect(reason(#"{"ts":1,"user":"u","kind":"outcome","task":"t","status":["s"]}"#) == .invalidFieldType)
        }

        // MARK: invalid_cost

        @Test(arguments: [
            "-0.01", "-1", "-1e-20", "-0.0000000001", "-0.00000000001", "-5e-10", #""1.0""#, #""0""#, #""""#, "true", "false",
            "{}", "[]", "[1]", #"{"usd":1}"#, "1e10", "1e400", "9223372036.854775808", "9223372036.8547758075", "9223372037",
            "92233720368547758070", "10000000000", String(repeating: "9", count: 100),
        ])
        func costsMustBeNonNegativeNumbersThatFitNanoDollars(value: String) {
            #expect(reason(usage("\"cost_usd\":\(value)")) == .invalidCost, "\(value)")
        }

        // MARK: future_ts

        @Test(arguments: [
            "253402300799999", String(ParsingTests.now + 86_400_001), #""9999-12-31T23:59:59Z""#,
            #""2026-11-23T00:00:00.001Z""#, #""2026-11-23T01:00:00.001+01:00""#, #""2026-11-22T23:00:00.001-01:00""#,
            #""2026-11-23T00:00:01Z""#, #""2027-01-01T00:00:00Z""#,
        ])
        func eventsMoreThanMaxFutureAheadOfTheClockAreRejected(ts: String) {
            #expect(reason(usage(ts: ts)) == .futureTs, "\(ts)")
        }

        @Test(arguments: [#""2026-11-23T01:00:00+01:00""#, #""2026-11-22T23:00:00-01:00""#, #""2026-11-22T23:59:60Z""#])
        func theFutureLimitIsCheckedAfterTheOffsetIsApplied(ts: String) {
            // Each of these is exactly 2026-11-23T00:00:00Z = now + 24h.
            #expect(parseFull(usage(ts: ts)).outcome == .accepted, "\(ts)")
        }
    }
}
