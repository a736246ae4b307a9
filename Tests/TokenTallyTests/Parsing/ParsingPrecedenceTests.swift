import Testing
@testable import TallyEvents

extension ParsingTests {
    /// A line with several faults is counted under exactly one reason: length and UTF-8 first, then
    /// JSON syntax anywhere in the line, then the first field fault in line order, then missing
    /// required fields (ts, user, then task/status or model), then the future check.
    @Suite struct PrecedenceTests {
        static let future = String(ParsingTests.now + 86_400_001)

        @Test func lengthComesFirst() {
            let badUTF8 = Array(#"{"ts":1,"user":""#.utf8) + [0xFF, 0xFE] + Array(#"","model":"m"}"#.utf8)
            #expect(parseBytes(badUTF8, lineBytesMax: badUTF8.count - 1).rejection == .lineTooLong)
            #expect(parseBytes(badUTF8, lineBytesMax: badUTF8.count).rejection == .invalidUTF8)
            let malformed = "[" + String(repeating: "x", count: 200)
            #expect(reason(malformed, lineBytesMax: 100) == .lineTooLong)
            #expect(reason(usage(#""input_tokens":-1"#), lineBytesMax: 20) == .lineTooLong)
        }

        @Test(arguments: [
            // UTF-8 before JSON syntax, wherever the bad byte is
            Array("[1,2".utf8) + [0xFF],
            [0xFF] + Array("[1,2".utf8),
            Array(#"{"ts":1,"user":""#.utf8) + [0xC3],
            Array(#"{"ts":1,"x":[}"#.utf8) + [0xED, 0xA0, 0x80],
            Array(#"{"ts":1,"x":"\q","y":""#.utf8) + [0x80] + Array(#""}"#.utf8),
            // UTF-8 before field faults and missing fields
            Array(#"{"ts":"bad","input_tokens":-1,"x":""#.utf8) + [0xF5] + Array(#""}"#.utf8),
            Array(#"{"user":""#.utf8) + [0xC0, 0x80] + Array(#""}"#.utf8),
        ] as [[UInt8]])
        func invalidUTF8BeatsEverythingButLength(bytes: [UInt8]) {
            #expect(parseBytes(bytes).rejection == .invalidUTF8, "\(bytes)")
        }

        @Test(arguments: [
            // a syntax error after field faults
            #"{"ts":"bad","user":"u","model":"m","x":[}"#,
            #"{"ts":1,"user":"u","model":"m","input_tokens":-1,"x":[}"#,
            #"{"ts":1,"user":5,"model":"m","kind":"nope","cost_usd":-1,"x":{"a" 1}}"#,
            #"{"ts":1,"ts":2,"user":"u","model":"m"} trailing"#,
            #"{"ts":1,"user":"u","model":"m","input_tokens":1.5,"output_tokens":012}"#,
            #"{"ts":"2026-13-01T00:00:00Z","user":"u","model":"m","x":tru}"#,
            // a syntax error before a field fault
            #"{"x":[},"ts":"bad"}"#,
            // with missing fields or a future ts
            #"{"x":1,}"#,
            #"{"user":"u"]"#,
            #"{"ts":253402300799999,"user":"u","model":"m",}"#,
        ])
        func malformedJSONBeatsFieldFaults(line: String) {
            #expect(reason(line) == .malformedJSON, "\(line)")
        }

        /// One fragment per field-level reason; every ordered pair must report the first one.
        static let faults: [(String, RejectReason)] = [
            (#""ts":"2026-02-30T00:00:00Z""#, .invalidTs),
            (#""input_tokens":-1"#, .invalidTokens),
            (#""output_tokens":"3""#, .invalidTokens),
            (#""kind":"bogus""#, .unknownKind),
            (#""cost_usd":-0.5"#, .invalidCost),
            (#""team":1"#, .invalidFieldType),
            (#""session":[]"#, .invalidFieldType),
        ]

        @Test func theFirstFieldFaultInLineOrderWins() {
            for (i, first) in Self.faults.enumerated() {
                for (j, second) in Self.faults.enumerated() where i != j {
                    // Neither ts nor user is valid here: field faults also outrank missing fields.
                    let text = "{\(first.0),\(second.0)}"
                    #expect(reason(text) == first.1, "\(text)")
                    // With the required fields present and a valid member in between.
                    let full = "{\"user\":\"u\",\(first.0),\"x\":[1],\(second.0),\"model\":\"m\"}"
                    #expect(reason(full) == first.1, "\(full)")
                }
            }
        }

        @Test(arguments: [
            (#"{"ts":1,"ts":"bad","user":"u","model":"m"}"#, RejectReason.duplicateField),
            (#"{"ts":"bad","ts":1,"user":"u","model":"m"}"#, .invalidTs),
            (#"{"user":1,"user":"u","ts":1,"model":"m"}"#, .invalidFieldType),
            (#"{"user":"u","user":1,"ts":1,"model":"m"}"#, .duplicateField),
            (#"{"ts":1,"user":"u","model":"m","kind":"x","kind":"usage"}"#, .unknownKind),
            (#"{"ts":1,"user":"u","model":"m","kind":"usage","kind":"x"}"#, .duplicateField),
            (#"{"ts":1,"user":"u","model":"m","input_tokens":1,"input_tokens":-1}"#, .duplicateField),
        ])
        func duplicatesTakeTheirPlaceInLineOrder(line: String, expected: RejectReason) {
            #expect(reason(line) == expected, "\(line)")
        }

        @Test(arguments: [
            (#"{"input_tokens":-1}"#, RejectReason.invalidTokens),
            (#"{"kind":"bogus"}"#, .unknownKind),
            (#"{"user":"u","kind":"outcome","cost_usd":"1"}"#, .invalidCost),
            (#"{"ts":1,"kind":"outcome","task":5}"#, .invalidFieldType),
            (#"{"ts":"bad"}"#, .invalidTs),
            (#"{"ts":1,"user":"","model":"","team":7}"#, .invalidFieldType),
        ])
        func fieldFaultsBeatMissingFields(line: String, expected: RejectReason) {
            #expect(reason(line) == expected, "\(line)")
        }

        @Test(arguments: [
            (#"{"kind":"outcome"}"#, RejectReason.missingTs),
            (#"{"user":"u","model":"m","kind":"outcome","task":"t","status":"s"}"#, .missingTs),
            (#"{"ts":1,"kind":"outcome"}"#, .missingUser),
            (#"{"ts":1}"#, .missingUser),
            (#"{"ts":1,"user":"u","kind":"outcome"}"#, .missingTask),
            (#"{"ts":1,"user":"u","kind":"outcome","status":"s"}"#, .missingTask),
            (#"{"ts":1,"user":"u","kind":"outcome","task":"t"}"#, .missingStatus),
            (#"{"ts":1,"user":"u","kind":"usage","task":"t"}"#, .missingModel),
        ])
        func missingFieldsAreReportedInOrderTsUserThenTheKindsOwn(line: String, expected: RejectReason) {
            #expect(reason(line) == expected, "\(line)")
        }

        @Test func missingFieldsBeatTheFutureCheck() {
            let f = Self.future
            #expect(reason("{\"ts\":\(f),\"model\":\"m\"}") == .missingUser)
            #expect(reason("{\"ts\":\(f),\"user\":\"u\"}") == .missingModel)
            #expect(reason("{\"ts\":\(f),\"user\":\"u\",\"kind\":\"outcome\"}") == .missingTask)
            #expect(reason("{\"ts\":\(f),\"user\":\"u\",\"kind\":\"outcome\",\"task\":\"t\"}") == .missingStatus)
            #expect(reason("{\"ts\":\(f),\"user\":\"u\",\"model\":\"m\"}") == .futureTs)
            #expect(reason("{\"ts\":\(f),\"user\":\"u\",\"kind\":\"outcome\",\"task\":\"t\",\"status\":\"s\"}") == .futureTs)
        }

        @Test func fieldFaultsBeatTheFutureCheck() {
            let f = Self.future
            #expect(reason("{\"ts\":\(f),\"user\":\"u\",\"model\":\"m\",\"input_tokens\":1.5}") == .invalidTokens)
            #expect(reason("{\"ts\":\(f),\"user\":\"u\",\"model\":\"m\",\"kind\":\"x\"}") == .unknownKind)
            #expect(reason("{\"ts\":\(f),\"ts\":\(f),\"user\":\"u\",\"model\":\"m\"}") == .duplicateField)
        }
    }
}
