import Foundation
import Testing
@testable import TallyEvents
@testable import TallyIngest
@testable import TallyStages

/// Each source's fixtures (Tests/Fixtures/sources, written from the providers' published examples,
/// double-counting traps included) through the real pipeline, with every total worked out by hand
/// in the comments.
@Suite struct SourceFixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/sources")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    func ingest(
        _ names: [String], format: SourceFormat = .auto, user: String? = "ops", chunkBytes: Int = 1 << 20,
        settings: (inout SourceSettings) -> Void = { _ in }
    ) throws -> (IngestSummary, SnapshotFile, TestWorkspace) {
        let workspace = TestWorkspace()
        let (summary, file) = try workspace.ingest(names.map(Self.fixture), chunkBytes: chunkBytes) { c in
            c.sources.format = format
            c.sources.user = user
            c.maxFutureMs = Int64.max / 4
            c.priceTable = .bundled
            settings(&c.sources)
        }
        #expect(summary.error == nil)
        #expect(summary.counters.isBalanced)
        return (summary, file, workspace)
    }

    // MARK: Claude Code

    @Test func claudeCodeCountsEachResponseOnceWithItsLargestUsage() throws {
        let (summary, file, _) = try ingest(["claude-code-session.jsonl"])
        let c = summary.counters
        // 14 lines: summary, user turn, tool result and the sidechain's tool result have no usage
        // (4); msg_01 is 2 lines and msg_05 3 lines with a tool result between them (3 repeated);
        // one <synthetic> line, one API error, one blank line, one line cut off mid-write.
        #expect(c.linesRead == 14)
        #expect(c.eventsAccepted == 3)
        #expect(c.skipped(.noUsage) == 4)
        #expect(c.skipped(.repeatedResponse) == 3)
        #expect(c.skipped(.syntheticModel) == 1)
        #expect(c.skipped(.apiError) == 1)
        #expect(c.blankLines == 1)
        #expect(c.rejected(.malformedJSON) == 1)
        #expect(file.header.sources.first?.format == .claudeCode)

        // msg_01: the tool_use line's usage (output 250), not the thinking line's (output 5):
        // 10 + 250 + 5,000 + 1,000 = 6,260. msg_04: 3 + 40 + 7,000 + 200 = 7,243.
        // msg_05 (sidechain, three lines): 100 + 60 = 160.
        let models = try file.tokens(.model, "30d")
        #expect(models == ["claude-sonnet-4-5-20250929": 6_260, "claude-opus-4-1-20250805": 7_243, "claude-haiku-4-5-20251001": 160])
        #expect(try file.tokens(.user, "30d") == ["ops": 13_663])
        #expect(try file.tokens(.tool, "30d") == ["claude-code": 13_663])
        // msg_04 reported $0.25. The others are priced from the bundled table (nano-dollars per
        // token = $ per million tokens × 1,000). msg_01, Sonnet 4.5: 10 × 3,000 + 250 × 15,000
        // + 5,000 × 300 (cache read) + 1,000 × 6,000 (1-hour cache write) = 11,280,000.
        // msg_05, Haiku 4.5: 100 × 1,000 + 60 × 5,000 = 400,000.
        #expect(try file.totals(dimension: .user, window: "30d").first?.costNanoUSD == 261_680_000)
        #expect(summary.counters.costReportedEvents == 1)
        #expect(summary.counters.costEstimatedEvents == 2)
        #expect(summary.counters.costEstimatedNanoUSD == 11_680_000)
        // Each row says how much of its cost is estimated: Opus is all reported, the others all estimated.
        let estimated = Dictionary(uniqueKeysWithValues: try file.totals(dimension: .model, window: "30d").map {
            ($0.key, [$0.costNanoUSD, $0.estimatedCostNanoUSD])
        })
        #expect(estimated == [
            "claude-sonnet-4-5-20250929": [11_280_000, 11_280_000], "claude-opus-4-1-20250805": [250_000_000, 0],
            "claude-haiku-4-5-20251001": [400_000, 400_000],
        ])
        #expect(try file.totals(dimension: .user, window: "30d").first?.estimatedCostNanoUSD == 11_680_000)
    }

    @Test func claudeCodeResumedSessionRepeatsAreDuplicates() throws {
        // A resumed session copies msg_01/req_01 into the new file: dropped as a duplicate by id.
        // msg_07 is new: 7 + 100 + 9,000 = 9,107.
        let (summary, file, _) = try ingest(["claude-code-session.jsonl", "claude-code-resumed.jsonl"])
        #expect(summary.counters.duplicateEvents == 1)
        #expect(summary.counters.eventsAccepted == 4)
        #expect(try file.tokens(.user, "30d") == ["ops": 13_663 + 9_107])
        #expect(try file.tokens(.model, "30d")["claude-sonnet-4-5-20250929"] == 6_260 + 9_107)
    }

    @Test(arguments: [4096, 5000, 7919])
    func claudeCodeResponsesSpanningChunksCountOnce(chunkBytes: Int) throws {
        // Small chunks cut responses apart; the totals must not change.
        let (summary, file, _) = try ingest(["claude-code-session.jsonl"], chunkBytes: chunkBytes)
        #expect(summary.counters.eventsAccepted == 3)
        #expect(summary.counters.skipped(.repeatedResponse) == 3)
        #expect(try file.tokens(.user, "30d") == ["ops": 13_663])
    }

    @Test func claudeCodeWithoutUserIsRejectedNotGuessed() throws {
        let (summary, _, _) = try ingest(["claude-code-session.jsonl"], user: nil)
        #expect(summary.counters.eventsAccepted == 0)
        #expect(summary.counters.rejected(.missingUser) == 3)
    }

    // MARK: OpenAI

    @Test func openAICallsMoveCachedTokensOutOfInput() throws {
        let (summary, file, _) = try ingest(["openai-calls.jsonl"])
        let c = summary.counters
        // 8 lines: 2 chunks without usage (stream_event), an error object (api_error), cached 64 of
        // a 10-token prompt (inconsistent_tokens), and 4 calls.
        #expect(c.eventsAccepted == 4)
        #expect(c.skipped(.streamEvent) == 2)
        #expect(c.skipped(.apiError) == 1)
        #expect(c.rejected(.inconsistentTokens) == 1)
        let users = Dictionary(uniqueKeysWithValues: try file.totals(dimension: .user, window: "30d").map { ($0.key, $0) })
        // ops: prompt 2,006 with 1,920 cached -> input 86, cache read 1,920, output 300; plus the
        // stream's usage chunk, prompt 40, completion 8.
        #expect(users["ops"]?.inputTokens == 126)  // 86 + 40
        #expect(users["ops"]?.cacheReadTokens == 1_920)
        #expect(users["ops"]?.outputTokens == 308)
        // bob (envelope): completion 1,200 already includes 1,000 reasoning tokens.
        #expect(users["bob@example.com"]?.totalTokens == 1_700)
        #expect(users["bob@example.com"]?.outputTokens == 1_200)
        // carol (responses API): input 328 with 128 cached.
        #expect(users["carol"]?.inputTokens == 200)
        #expect(users["carol"]?.cacheReadTokens == 128)
        #expect(try file.tokens(.team, "30d") == ["payments": 1_700])
    }

    @Test func openAIUsagePagesCountEachRowOnce() throws {
        let (summary, file, _) = try ingest(["openai-usage.jsonl"])
        let c = summary.counters
        // Page 1: 2 rows (and an empty bucket); page 2 repeats bob's row (an overlapping pull);
        // page 3: a row not grouped by model.
        #expect(c.linesRead == 3)
        #expect(c.extraRecords == 1)
        #expect(c.eventsAccepted == 3)
        #expect(c.duplicateEvents == 1)
        let users = Dictionary(uniqueKeysWithValues: try file.totals(dimension: .user, window: "30d").map { ($0.key, $0) })
        // bob: input 100,000 includes 60,000 cached -> 40,000 + 60,000 + 20,000 output.
        #expect(users["user-bob"]?.inputTokens == 40_000)
        #expect(users["user-bob"]?.cacheReadTokens == 60_000)
        #expect(users["user-bob"]?.totalTokens == 120_000)
        #expect(users["user-dan"]?.totalTokens == 6_000)
        #expect(users["ops"]?.totalTokens == 7_700)
        #expect(try file.tokens(.team, "30d") == ["proj_payments": 120_000, "proj_search": 6_000])
        #expect(try file.tokens(.model, "30d")[OpenAIFormat.unspecifiedModel] == 7_700)
    }

    // MARK: Anthropic

    @Test func anthropicMessagesKeepInputAsIs() throws {
        let (summary, file, _) = try ingest(["anthropic-messages.jsonl"])
        let c = summary.counters
        // 7 lines: 2 stream events, 1 error, a message with no time (missing_ts), the first message
        // logged twice (duplicate), and 2 counted messages.
        #expect(c.eventsAccepted == 2)
        #expect(c.skipped(.streamEvent) == 2)
        #expect(c.skipped(.apiError) == 1)
        #expect(c.rejected(.missingTs) == 1)
        #expect(c.duplicateEvents == 1)
        let erin = try #require(try file.totals(dimension: .user, window: "30d").first { $0.key == "erin" })
        // input_tokens excludes the cache: 2,095 + 12 fresh; cache writes 2,051; reads 4,000.
        #expect(erin.inputTokens == 2_107)
        #expect(erin.cacheWriteTokens == 2_051)
        #expect(erin.cacheReadTokens == 4_000)
        #expect(erin.outputTokens == 533)
        // msg_02 reported $0.00075; the first message is estimated, Sonnet 4.5: 2,095 × 3,000
        // + 503 × 15,000 + 2,051 × 6,000 (all 1-hour cache writes) = 26,136,000.
        #expect(erin.costNanoUSD == 26_886_000)
    }

    @Test func anthropicUsageReportRows() throws {
        let (summary, file, _) = try ingest(["anthropic-usage-report.jsonl"])
        #expect(summary.counters.eventsAccepted == 2)
        #expect(summary.counters.extraRecords == 1)
        // Row 1: 1,500 uncached + 1,000 (1h) + 500 (5m) cache writes + 200 reads + 500 output.
        #expect(try file.tokens(.user, "30d") == ["apikey_01Rj2N8SVvo6BePZj99NhmiT": 3_700, "ops": 15])
        #expect(try file.tokens(.team, "30d") == ["wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ": 3_700])
    }

    // MARK: OpenTelemetry

    @Test func otelSpansAndLogsSubtractCacheAndSkipAgentTotals() throws {
        let (summary, file, _) = try ingest(["otel-traces.jsonl"])
        let c = summary.counters
        // Line 1: an invoke_agent span (its 1,450 tokens repeat its children: not counted), two
        // chat spans, an HTTP span. Line 2: the gpt-4.1 span exported again (duplicate). Line 3:
        // a span with cache reads above its input (inconsistent) and a good one. Line 4: one log
        // record with usage, one without. Line 5: no usage at all.
        #expect(c.linesRead == 5)
        #expect(c.eventsAccepted == 4)
        #expect(c.duplicateEvents == 1)
        #expect(c.rejected(.inconsistentTokens) == 1)
        #expect(c.skipped(.noUsage) == 1)
        #expect(c.extraRecords == 2)
        let users = Dictionary(uniqueKeysWithValues: try file.totals(dimension: .user, window: "30d").map { ($0.key, $0) })
        // frank: input 1,000 includes 800 cache reads -> 200 fresh, + 100 output.
        #expect(users["frank"]?.inputTokens == 200)
        #expect(users["frank"]?.totalTokens == 1_100)
        // gina (span attribute over the resource's): 300 includes 200 cache writes.
        #expect(users["gina"]?.inputTokens == 100)
        #expect(users["gina"]?.cacheWriteTokens == 200)
        #expect(users["ops"]?.totalTokens == 77)
        #expect(users["hana@example.com"]?.totalTokens == 5_300)
        #expect(try file.tokens(.team, "30d") == ["support": 1_450])
        #expect(try file.tokens(.model, "30d")["gpt-4.1-2025-04-14"] == 1_100)
        #expect(try file.tokens(.tool, "30d") == ["support-bot": 1_450, "batch-job": 77, "claude-code": 5_300])
    }

    @Test func unknownModelsAreCountedAndListedNotPricedAtZeroSilently() throws {
        // The usage API rows: gpt-4o-2024-08-06 and gpt-4.1-mini-2025-04-14 are priced;
        // "(unspecified)" is not. bob: 40,000 × 2,500 + 60,000 × 1,250 + 20,000 × 10,000
        // = 375,000,000 nano-dollars.
        let (summary, file, _) = try ingest(["openai-usage.jsonl"])
        #expect(summary.counters.costEstimatedEvents == 2)
        #expect(summary.counters.costUnpricedEvents == 1)
        #expect(summary.counters.unpricedModels == [OpenAIFormat.unspecifiedModel: 1])
        #expect(file.header.counters.unpricedModels == [OpenAIFormat.unspecifiedModel: 1])
        #expect(file.header.priceTable?.hasPrefix("bundled, as of ") == true)
        let bob = try #require(try file.totals(dimension: .user, window: "30d").first { $0.key == "user-bob" })
        #expect(bob.costNanoUSD == 375_000_000)
    }

    // MARK: Custom mapping

    @Test func mappedSourceReadsPathsAndConvertsSeconds() throws {
        let workspace = TestWorkspace()
        let path = workspace.write("custom.jsonl", lines: [
            #"{"event_time": 1795176000.25, "actor": {"email": "ivy@example.com"}, "llm": {"name": "gpt-4o", "usage": {"in": 10, "out": 5}}}"#,
            #"{"event_time": 1795176060, "actor": {"email": "ivy@example.com"}, "llm": {"name": "gpt-4o", "usage": {"in": 1, "out": "2"}}}"#,
            #"{"event_time": "soon", "actor": {}, "llm": {"name": "gpt-4o"}}"#,
        ])
        var map = FieldMap()
        for argument in ["user=actor.email", "ts=event_time", "model=llm.name", "input_tokens=llm.usage.in", "output_tokens=llm.usage.out"] {
            try map.add(argument)
        }
        let (summary, file) = try workspace.ingest([path]) { c in
            c.sources.fieldMap = map
            c.sources.timestampUnit = .seconds
            c.sources.user = nil
        }
        #expect(summary.counters.eventsAccepted == 1)
        // "2" is a string: schema v1's rules apply to mapped values.
        #expect(summary.counters.rejected(.invalidTokens) == 1)
        #expect(summary.counters.rejected(.invalidTs) == 1)
        #expect(file.header.watermarkMs == 1_795_176_000_250)
        #expect(try file.tokens(.user, "30d") == ["ivy@example.com": 15])
    }

    @Test func fieldMapRejectsUnknownFieldsAndDoubleMaps() throws {
        var map = FieldMap()
        #expect(throws: SourceError.self) { try map.add("person=actor.email") }
        #expect(throws: SourceError.self) { try map.add("user") }
        #expect(throws: SourceError.self) { try map.add("user=a..b") }
        try map.add("user=actor.email")
        #expect(throws: SourceError.self) { try map.add("user=other") }
        try map.add(#"team=attributes.team\.name"#)
        #expect(map.path(for: "team") == ["attributes", "team.name"])
        #expect(map.path(for: "model") == ["model"])
    }
}
