import Testing
@testable import TallyEvents

/// Gemini API responses (Tests/Fixtures/sources/gemini-responses.jsonl), with the totals worked by
/// hand: each response's four counts add up to its `totalTokenCount`.
@Suite struct GeminiSourceTests {
    @Test func countsEachResponseWithThoughtsAsOutputAndCachedOutOfInput() throws {
        let (summary, file, _) = try SourceFixtureTests().ingest(["gemini-responses.jsonl"])
        let c = summary.counters
        // 8 lines: a stream chunk without a finish reason, an error, 900 cached of a 100-token
        // prompt, the first response logged again (a duplicate by responseId), and 4 responses.
        #expect(c.linesRead == 8)
        #expect(c.eventsAccepted == 4)
        #expect(c.skipped(.streamEvent) == 1)
        #expect(c.skipped(.apiError) == 1)
        #expect(c.rejected(.inconsistentTokens) == 1)
        #expect(c.duplicateEvents == 1)
        #expect(file.header.sources.first?.format == .gemini)
        let users = Dictionary(uniqueKeysWithValues: try file.totals(dimension: .user, window: "30d").map { ($0.key, $0) })
        // eve, gemini-2.5-pro: prompt 1,000 with 600 cached -> 400; output 300 + 700 thoughts =
        // 1,000. Total 2,000. The stream's last chunk: 50 + 20 = 70.
        #expect(users["eve"]?.inputTokens == 450)  // 400 + 50
        #expect(users["eve"]?.cacheReadTokens == 600)
        #expect(users["eve"]?.outputTokens == 1_020)  // 1,000 + 20
        // frank (wrapped): prompt 200 + 60 tool-use prompt tokens, output 40: 300.
        #expect(users["frank"]?.inputTokens == 260)
        #expect(users["frank"]?.totalTokens == 300)
        // gus: Vertex's createTime is the time; 10 + 5.
        #expect(users["gus"]?.totalTokens == 15)
        #expect(try file.tokens(.model, "30d") == ["gemini-2.5-pro": 2_000, "gemini-2.5-flash": 370, "gemini-2.0-flash-001": 15])
        #expect(try file.tokens(.tool, "30d") == ["gemini-api": 2_385])
    }

    @Test func detectedByItsUsageMetadataAloneOrWrapped() {
        func detect(_ text: String) -> SourceFormat {
            var copy = text
            return copy.withUTF8 { SourceFormat.detect(UnsafeRawBufferPointer($0)) }
        }
        #expect(detect(#"{"usageMetadata":{"promptTokenCount":1},"modelVersion":"gemini-2.5-pro"}"#) == .gemini)
        #expect(detect(#"{"ts":"2026-05-06T08:00:00Z","response":{"candidates":[],"modelVersion":"m"}}"#) == .gemini)
        // A schema v1 record is not taken for one.
        #expect(detect(#"{"ts":1,"user":"a","model":"m","candidates":3}"#) == .tokentally)
    }
}
