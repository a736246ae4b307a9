import Testing
@testable import TallyCore
@testable import TallyEvents

@Suite struct SourceDetectionTests {
    func detect(_ text: String) -> SourceFormat {
        var copy = text
        return copy.withUTF8 { SourceFormat.detect(UnsafeRawBufferPointer($0)) }
    }

    @Test func recognisesEachSourceFromItsFirstTellingLine() {
        #expect(detect(#"{"ts":1,"user":"a","model":"m"}"#) == .tokentally)
        #expect(detect("\n\n" + #"{"type":"summary","summary":"s","leafUuid":"x"}"#) == .claudeCode)
        #expect(detect(#"{"type":"user","sessionId":"s","message":{}}"#) == .claudeCode)
        #expect(detect(#"{"object":"chat.completion","usage":{}}"#) == .openai)
        #expect(detect(#"{"object":"page","data":[]}"#) == .openai)
        #expect(detect(#"{"ts":"2026-01-01T00:00:00Z","response":{"object":"response"}}"#) == .openai)
        #expect(detect(#"{"ts":"2026-01-01T00:00:00Z","user":"u","response":{"type":"message"}}"#) == .anthropic)
        #expect(detect(#"{"type":"message_start","message":{}}"#) == .anthropic)
        #expect(detect(#"{"data":[{"starting_at":"2026-01-01T00:00:00Z","results":[]}]}"#) == .anthropic)
        #expect(detect(#"{"resourceSpans":[]}"#) == .otel)
        #expect(detect(#"{"resourceLogs":[]}"#) == .otel)
        #expect(detect(#"{"timestamp":"2026-05-01T10:00:00Z","type":"session_meta","payload":{"id":"s"}}"#) == .codex)
        #expect(detect(#"{"timestamp":"2026-05-01T10:00:00Z","type":"event_msg","payload":{"type":"token_count"}}"#) == .codex)
    }

    @Test func codexNeedsItsLineTypeAndAPayload() {
        // A rollout line type without a payload object, or a payload under another type, says nothing.
        #expect(detect(#"{"ts":1,"type":"event_msg","user":"a","model":"m"}"#) == .tokentally)
        #expect(detect(#"{"type":"event_msg","payload":"x"}"#) == .tokentally)
        #expect(detect(#"{"type":"message","payload":{},"usage":{}}"#) == .anthropic)
    }

    @Test func undecidedInputIsSchemaV1() {
        // Nothing tells: schema v1, whose parser then rejects what is not valid.
        #expect(detect("") == .tokentally)
        #expect(detect("not json\n[1,2]\n{}") == .tokentally)
        // A broken first line does not decide; the next line does.
        #expect(detect("{\"sessionId\":\n" + #"{"type":"user","sessionId":"s"}"#) == .claudeCode)
    }
}

@Suite struct SourceValueTests {
    @Test func countsFollowSchemaV1Rules() throws {
        #expect(try SourceValue.count(nil) == 0)
        #expect(try SourceValue.count(.null) == 0)
        #expect(try SourceValue.count(.number("12")) == 12)
        #expect(try SourceValue.count(.string("12"), stringsAllowed: true) == 12)
        for bad: JSONValue in [.number("12.0"), .number("-1"), .number("1e3"), .number("012"), .string("12"), .bool(true),
                               .number("9223372036854775808")] {
            #expect(throws: RecordFault.self) { try SourceValue.count(bad) }
        }
        #expect(try SourceValue.remainder(2_006, minus: 1_920) == 86)
        #expect(throws: RecordFault.self) { try SourceValue.remainder(10, minus: 6, 5) }
    }

    @Test func epochTimesInEachUnit() {
        // 2026-11-20T10:00:00Z is 1,795,168,800 s.
        #expect(SourceValue.epochMs("1795168800", unit: .seconds) == 1_795_168_800_000)
        #expect(SourceValue.epochMs("1795168800.2509", unit: .seconds) == 1_795_168_800_250)
        #expect(SourceValue.epochMs("1795168800250", unit: .milliseconds) == 1_795_168_800_250)
        #expect(SourceValue.epochMs("1795168800250999", unit: .microseconds) == 1_795_168_800_250)
        #expect(SourceValue.epochMs("1795168800250999999", unit: .nanoseconds) == 1_795_168_800_250)
        // Before 1970, rounding goes to the past like the buckets: -0.5 s is -500 ms, -1.0005 s -1,001 ms.
        #expect(SourceValue.epochMs("-0.5", unit: .seconds) == -500)
        #expect(SourceValue.epochMs("-1.0005", unit: .seconds) == -1_001)
        #expect(SourceValue.epochMs("1e9", unit: .seconds) == nil)
        #expect(SourceValue.epochMs("99999999999999", unit: .seconds) == nil)
        #expect(SourceValue.epochMs("", unit: .seconds) == nil)
    }
}
