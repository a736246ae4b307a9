import Testing
@testable import TokenTally

/// Claude Code's OpenTelemetry export (Tests/Fixtures/sources/claude-code-otel.jsonl) through the
/// real pipeline, with the totals worked by hand in the comments.
@Suite struct ClaudeCodeTelemetryTests {
    @Test func countsEachAPIRequestEventOnceAndNotTheMetrics() throws {
        let (summary, file, _) = try SourceFixtureTests().ingest(["claude-code-otel.jsonl"])
        let c = summary.counters
        // Line 1: a prompt, two api_request events, a tool result. Line 2: the exporter's retry of
        // line 1 (2 duplicates by request id). Line 3: the token and cost metrics of the first
        // call. Line 4: an api_error only. Line 5: input "12.5" (invalid) and a call without a
        // request id. Records beyond the first on lines 1, 2 and 5: 3.
        #expect(c.linesRead == 5)
        #expect(c.eventsAccepted == 3)
        #expect(c.duplicateEvents == 2)
        #expect(c.rejected(.invalidTokens) == 1)
        #expect(c.skipped(.otelMetrics) == 1)
        #expect(c.skipped(.noUsage) == 1)
        #expect(c.extraRecords == 3)
        #expect(file.header.sources.first?.format == .otel)

        // ana: 12 + 480 + 15,000 cache reads + 2,000 cache writes = 17,492 (strings).
        // ben: 300 + 50 = 350 (intValue as a string and as a number). The call on line 5 names
        // no email: its account, 5 + 100 = 105. Never user.id, an anonymous installation id.
        let users = Dictionary(uniqueKeysWithValues: try file.totals(dimension: .user, window: "30d").map { ($0.key, $0) })
        #expect(users.mapValues(\.totalTokens) == ["ana@example.com": 17_492, "ben@example.com": 350, "acc-3": 105])
        #expect(users["ana@example.com"]?.inputTokens == 12)
        #expect(users["ana@example.com"]?.cacheReadTokens == 15_000)
        #expect(users["ana@example.com"]?.cacheWriteTokens == 2_000)
        #expect(try file.tokens(.org, "30d") == ["org-7": 17_947])
        #expect(try file.tokens(.tool, "30d") == ["claude-code": 17_947])
        #expect(try file.tokens(.model, "30d") == [
            "claude-sonnet-4-5-20250929": 17_492, "claude-haiku-4-5-20251001": 350, "claude-opus-4-1-20250805": 105,
        ])
        // cost_usd as reported: "0.0333" (a string) and 0.00055 (a double). The Opus call has none
        // and is estimated: 5 × 15,000 + 100 × 75,000 nano-dollars = 7,575,000.
        #expect(c.costReportedEvents == 2)
        #expect(users["ana@example.com"]?.costNanoUSD == 33_300_000)
        #expect(users["ben@example.com"]?.costNanoUSD == 550_000)
        #expect(users["acc-3"]?.costNanoUSD == 7_575_000)
    }

    @Test func detectedAsOpenTelemetryFromAnyOfItsSignals() {
        for text in [#"{"resourceMetrics":[]}"#, #"{"resourceLogs":[{"scopeLogs":[]}]}"#] {
            var copy = text
            #expect(copy.withUTF8 { SourceFormat.detect(UnsafeRawBufferPointer($0)) } == .otel)
        }
    }
}
