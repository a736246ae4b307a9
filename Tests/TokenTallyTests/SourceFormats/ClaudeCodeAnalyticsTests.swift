import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// The Claude Code Analytics API (Tests/Fixtures/sources/claude-code-analytics.jsonl): the API
/// reference's example page, a second page with an API key's record, the first page fetched
/// again, an empty page, and a record whose count is a string. Totals worked by hand.
@Suite struct ClaudeCodeAnalyticsTests {
    @Test func countsEachPersonDayAndModelOnceAtTheStartOfTheDay() throws {
        let (summary, file, _) = try SourceFixtureTests().ingest(["claude-code-analytics.jsonl"])
        let c = summary.counters
        // Line 1: two models (1 extra record); line 2: one; line 3: line 1 again (2 duplicates, 1
        // extra); line 4: no records; line 5: "input": "12" is not a count.
        #expect(c.linesRead == 5)
        #expect(c.extraRecords == 2)
        #expect(c.eventsAccepted == 3)
        #expect(c.duplicateEvents == 2)
        #expect(c.skipped(.noUsage) == 1)
        #expect(c.rejected(.invalidTokens) == 1)
        #expect(file.header.sources.first?.format == .anthropic)
        // Sonnet 4: 45,230 + 12,450 + 8,790 + 2,340 = 68,810; Haiku 3.5: 23,100 + 5,680 + 3,420
        // + 890 = 33,090; ci-bot's Sonnet 4: 1,000 + 500.
        #expect(try file.tokens(.user, "30d") == ["user@emaildomain.com": 101_900, "ci-bot": 1_500])
        #expect(try file.tokens(.model, "30d") == ["claude-sonnet-4-20250514": 70_310, "claude-3-5-haiku-20241022": 33_090])
        #expect(try file.tokens(.org, "30d") == ["12345678-1234-5678-1234-567812345678": 101_900])
        #expect(try file.tokens(.tool, "30d") == ["claude-code": 103_400])
        let users = Dictionary(uniqueKeysWithValues: try file.totals(dimension: .user, window: "30d").map { ($0.key, $0) })
        #expect(users["user@emaildomain.com"]?.inputTokens == 68_330)
        #expect(users["user@emaildomain.com"]?.cacheReadTokens == 12_210)
        #expect(users["user@emaildomain.com"]?.cacheWriteTokens == 3_230)
        // The estimated costs are in cents: 186 + 42 = $2.28, and 1.05 cents = $0.0105.
        #expect(users["user@emaildomain.com"]?.costNanoUSD == 2_280_000_000)
        #expect(users["ci-bot"]?.costNanoUSD == 10_500_000)
        #expect(c.costReportedEvents == 3)
        // A day is one event at 00:00 UTC: the whole day is in the hour that starts it.
        #expect(file.header.watermarkMs == utcMs(2025, 8, 8))
        #expect(try file.tokens(.user, "1h") == ["user@emaildomain.com": 101_900, "ci-bot": 1_500])
    }

    /// The cost one record gets from `estimated_cost`: its decimal text, "none", or the reason the
    /// record is rejected.
    private func cost(_ estimated: String) -> String {
        let line = #"{"actor":{"email_address":"a@b.c","type":"user_actor"},"date":"2025-08-08","model_breakdown":[{"estimated_cost":"#
            + estimated + #","model":"claude-sonnet-4-20250514","tokens":{"input":1,"output":1,"cache_read":0,"cache_creation":0}}]}"#
        var context = SourceContext()
        var copy = line
        let outcome = copy.withUTF8 {
            SourceTranslator(format: .anthropic, settings: SourceSettings()).translate(UnsafeRawBufferPointer($0), &context)
        }
        guard case .records(let records) = outcome, records.count == 1 else { return "not one record" }
        switch records[0] {
        case .success(let record):
            guard let value = record.members.first(where: { $0.0 == "cost_usd" })?.1 else { return "none" }
            guard case .number(let text) = value else { return "not a number" }
            return text
        case .failure(let fault):
            return "rejected \(fault.reason)"
        }
    }

    @Test func centsBecomeExactDollarsAndOtherAmountsAreRejectedOrLeftToTheTable() {
        #expect(cost(#"{"amount":186,"currency":"USD"}"#) == "1.86")
        #expect(cost(#"{"amount":5,"currency":"USD"}"#) == "0.05")
        #expect(cost(#"{"amount":0.5,"currency":"USD"}"#) == "0.005")
        #expect(cost(#"{"amount":123456,"currency":"USD"}"#) == "1234.56")
        // Not a plain non-negative decimal number: a counted rejection, never a guess.
        #expect(cost(#"{"amount":-5,"currency":"USD"}"#) == "rejected invalidCost")
        #expect(cost(#"{"amount":1.86e2,"currency":"USD"}"#) == "rejected invalidCost")
        #expect(cost(#"{"amount":"186","currency":"USD"}"#) == "rejected invalidCost")
        // Another currency, or none: no reported cost, so the table prices the tokens.
        #expect(cost(#"{"amount":186,"currency":"EUR"}"#) == "none")
        #expect(cost("null") == "none")
    }

    @Test func recognisesAPageAndOneRecord() {
        let detect = SourceDetectionTests().detect
        #expect(detect(#"{"data":[{"actor":{"email_address":"a@b.c","type":"user_actor"},"model_breakdown":[]}],"has_more":false}"#) == .anthropic)
        #expect(detect(#"{"actor":{"api_key_name":"k","type":"api_actor"},"date":"2025-08-08","model_breakdown":[]}"#) == .anthropic)
    }
}
