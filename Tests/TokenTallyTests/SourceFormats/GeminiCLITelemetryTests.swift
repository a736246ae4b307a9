import Testing

/// Gemini CLI's OpenTelemetry export (Tests/Fixtures/sources/gemini-cli-otel.jsonl), with the
/// totals worked by hand: the prompt count includes cached tokens, thoughts and tool-use prompts are
/// outside the output and prompt counts.
@Suite struct GeminiCLITelemetryTests {
    @Test func countsEachAPIResponseWithThoughtsAsOutputAndCachedOutOfInput() throws {
        let (summary, file, _) = try SourceFixtureTests().ingest(["gemini-cli-otel.jsonl"])
        let c = summary.counters
        // Line 1: a prompt, a request, two responses. Line 2: the exporter's retry (2 duplicates
        // by response id). Line 3: 200 cached of a 100-token prompt. Line 4: an error only.
        #expect(c.linesRead == 4)
        #expect(c.eventsAccepted == 2)
        #expect(c.duplicateEvents == 2)
        #expect(c.rejected(.inconsistentTokens) == 1)
        #expect(c.skipped(.noUsage) == 1)
        #expect(c.extraRecords == 2)
        let users = Dictionary(uniqueKeysWithValues: try file.totals(dimension: .user, window: "30d").map { ($0.key, $0) })
        // dana, gemini-2.5-pro: prompt 12,000 with 8,000 cached -> 4,000 fresh; output 600 + 1,400
        // thoughts = 2,000. Total 14,000, its total_token_count.
        #expect(users["dana@example.com"]?.inputTokens == 4_000)
        #expect(users["dana@example.com"]?.cacheReadTokens == 8_000)
        #expect(users["dana@example.com"]?.outputTokens == 2_000)
        // No email (installation.id is a machine): --user. Prompt 3,000 + 500 tool-use prompt
        // tokens, output 200: 3,700, its total_token_count.
        #expect(users["ops"]?.inputTokens == 3_500)
        #expect(users["ops"]?.totalTokens == 3_700)
        #expect(try file.tokens(.tool, "30d") == ["gemini-cli": 17_700])
        #expect(try file.tokens(.model, "30d") == ["gemini-2.5-pro": 14_000, "gemini-2.5-flash": 3_700])
    }
}
