import Testing
@testable import TallyCore
@testable import TallyEvents

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
        #expect(c.skipped(.otherSignal) == 1)
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

/// `--claude-code-metrics` (Tests/Fixtures/sources/claude-code-otel-metrics.jsonl): the metrics
/// are counted and the events of the same calls are not; without it, the other way round.
@Suite struct ClaudeCodeMetricsTests {
    @Test func countsDeltaAndCumulativePointsOnceAndSkipsTheEvents() throws {
        let (summary, file, _) = try SourceFixtureTests().ingest(["claude-code-otel-metrics.jsonl"]) { $0.claudeCodeMetrics = true }
        let c = summary.counters
        // Line 1 (delta): 4 token points and a cost point for ana (session.count is not usage).
        // Line 2: the exporter's retry (5 duplicates). Lines 3-4 (cumulative, one series each for
        // ben's input, output and cost): 300, 50, $0.00055, then 700 (+400), 50 (adds nothing, no
        // record), $0.00105 (+$0.0005). Line 5: the api_request events of the same calls.
        #expect(c.linesRead == 5)
        #expect(c.eventsAccepted == 5 + 3 + 2)
        #expect(c.duplicateEvents == 5)
        #expect(c.skipped(.otherSignal) == 1)
        #expect(c.extraRecords == 4 + 4 + 2 + 1)
        let users = Dictionary(uniqueKeysWithValues: try file.totals(dimension: .user, window: "30d").map { ($0.key, $0) })
        // ana: 12 + 480 + 15,000 + 2,000. ben: 300 + 50 + 400.
        #expect(users.mapValues(\.totalTokens) == ["ana@example.com": 17_492, "ben@example.com": 750])
        #expect(users["ben@example.com"]?.inputTokens == 700)
        // Cost only from the cost metric, never estimated from the token points as well.
        #expect(users["ana@example.com"]?.costNanoUSD == 33_300_000)
        #expect(users["ben@example.com"]?.costNanoUSD == 1_050_000)
        #expect(c.costEstimatedEvents == 0)
        #expect(try file.tokens(.model, "30d") == ["claude-sonnet-4-5-20250929": 17_492, "claude-haiku-4-5-20251001": 750])
    }

    @Test func withoutTheOptionTheEventsAreCountedAndTheMetricsNot() throws {
        let (summary, file, _) = try SourceFixtureTests().ingest(["claude-code-otel-metrics.jsonl"])
        // The 4 metrics lines are skipped; line 5's events: ana 17,492, ben 300 + 50 = 350.
        #expect(summary.counters.skipped(.otherSignal) == 4)
        #expect(summary.counters.eventsAccepted == 2)
        #expect(try file.tokens(.user, "30d") == ["ana@example.com": 17_492, "ben@example.com": 350])
    }

    @Test func aRunResumedInsideTheFileTakesTheFirstCumulativePointAsItsBaseline() throws {
        // Lines 3 and 4 (cumulative) read by a run that resumed inside the file: line 3's values
        // were counted up to some earlier point, so only line 4's increase counts: input +400 and
        // $0.0005 (output did not move). From the file's start, line 3 counts whole.
        let lines = try String(contentsOfFile: SourceFixtureTests.fixture("claude-code-otel-metrics.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var settings = SourceSettings()
        settings.claudeCodeMetrics = true
        let translator = SourceTranslator(format: .otel, settings: settings)
        func values(startedInside: Bool) -> [[String: JSONValue]] {
            var context = SourceContext()
            context.startedInside = startedInside
            var records: [[String: JSONValue]] = []
            for var line in lines[2...3] {
                if case .records(let made) = line.withUTF8({ translator.translate(UnsafeRawBufferPointer($0), &context) }) {
                    records += made.compactMap { try? $0.get() }.map { r in
                        Dictionary(uniqueKeysWithValues: r.members.filter { ["input_tokens", "output_tokens", "cost_usd"].contains($0.0) })
                    }
                }
            }
            return records
        }
        #expect(values(startedInside: true) == [
            ["input_tokens": .number("400"), "cost_usd": .number("0")], ["cost_usd": .number("0.000500000")],
        ])
        #expect(values(startedInside: false).count == 3 + 2)
    }
}
