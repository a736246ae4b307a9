import Testing
@testable import TallyEvents
@testable import TallyIngest
@testable import TallyStages

/// Codex CLI rollouts (Tests/Fixtures/sources/codex-*.jsonl) through the real pipeline. Totals are
/// worked by hand in the comments: fresh input is input minus cached, output includes reasoning.
@Suite struct CodexSourceTests {
    func ingest(_ names: [String], chunkBytes: Int = 1 << 20) throws -> (IngestSummary, SnapshotFile) {
        let (summary, file, _) = try SourceFixtureTests().ingest(names, chunkBytes: chunkBytes)
        return (summary, file)
    }

    @Test func countsEachCallOnceAndNotItsReEmits() throws {
        let (summary, file) = try ingest(["codex-rollout.jsonl"])
        let c = summary.counters
        // 14 lines: session_meta, 2 turn_context, a user message, an agent message and a token_count
        // without info say nothing (6); calls 1 and 2 are each re-emitted with the same cumulative
        // total (2); one blank line; cached 90 of a 50-token input; a line cut off mid-write.
        #expect(c.linesRead == 14)
        #expect(c.eventsAccepted == 3)
        #expect(c.skipped(.noUsage) == 6)
        #expect(c.skipped(.repeatedTotal) == 2)
        #expect(c.blankLines == 1)
        #expect(c.rejected(.inconsistentTokens) == 1)
        #expect(c.rejected(.malformedJSON) == 1)
        #expect(c.duplicateEvents == 0)
        #expect(file.header.sources.first?.format == .codex)

        // Call 1 (gpt-5-codex): input 1,200 with 200 cached, output 500 (100 of it reasoning):
        // 1,000 + 200 + 500 = 1,700. Call 2 (gpt-5, after the second turn_context): 2,000 with 1,500
        // cached, output 300: 2,300. Call 3 has no last_token_usage: the cumulative total grew from
        // 3,200/1,700/800 to 4,000/2,000/1,000, so input 800 with 300 cached and output 200: 1,000.
        // Together 5,000, the session's final cumulative total_tokens.
        #expect(try file.tokens(.model, "30d") == ["gpt-5-codex": 1_700, "gpt-5": 3_300])
        let totals = try #require(try file.totals(dimension: .user, window: "30d").first)
        #expect(totals.inputTokens == 1_000 + 500 + 500)
        #expect(totals.cacheReadTokens == 200 + 1_500 + 300)
        #expect(totals.outputTokens == 500 + 300 + 200)
        #expect(try file.tokens(.tool, "30d") == ["codex": 5_000])
    }

    @Test func aForkDoesNotCountItsParentsReplayedCalls() throws {
        // The fork replays calls 1 and 2 (and a re-emit) in one burst at its start: 3 lines skipped.
        // Its own call: input 3,500 with 3,000 cached, output 400: 3,900, then re-emitted.
        let (summary, file) = try ingest(["codex-rollout.jsonl", "codex-fork.jsonl"])
        let c = summary.counters
        #expect(c.eventsAccepted == 3 + 1)
        #expect(c.skipped(.replayedHistory) == 3)
        #expect(c.skipped(.repeatedTotal) == 2 + 1)
        #expect(c.skipped(.noUsage) == 6 + 4)
        #expect(c.duplicateEvents == 0)
        #expect(try file.tokens(.model, "30d") == ["gpt-5-codex": 1_700 + 3_900, "gpt-5": 3_300])
    }

    @Test func aSubagentThatDoesNotReplayCountsItsFirstCall() throws {
        // Its first call comes 4.25 s after it started, past any replay burst: 800 + 120 = 920.
        let (summary, file) = try ingest(["codex-subagent.jsonl"])
        #expect(summary.counters.eventsAccepted == 1)
        #expect(summary.counters.skipped(.replayedHistory) == 0)
        #expect(try file.tokens(.model, "30d") == ["gpt-5-mini": 920])
    }

    @Test func theSameRolloutReadTwiceCountsOnce() throws {
        // Each call's id is its session and cumulative total, so the second reading is duplicates.
        let (summary, file) = try ingest(["codex-rollout.jsonl", "codex-rollout.jsonl"])
        #expect(summary.counters.eventsAccepted == 3)
        #expect(summary.counters.duplicateEvents == 3)
        #expect(try file.tokens(.tool, "30d") == ["codex": 5_000])
    }

    @Test(arguments: [4096, 4500, 5003])
    func smallChunksChangeNothing(chunkBytes: Int) throws {
        // The session, model and last total carry across chunk boundaries.
        let (summary, file) = try ingest(["codex-rollout.jsonl", "codex-fork.jsonl"], chunkBytes: chunkBytes)
        #expect(summary.counters.eventsAccepted == 4)
        #expect(summary.counters.skipped(.replayedHistory) == 3)
        #expect(try file.tokens(.model, "30d") == ["gpt-5-codex": 5_600, "gpt-5": 3_300])
    }

    @Test func recordsNameTheirSessionTaskAndCall() throws {
        // The fork's own call: its session is the first session_meta's (the fork's), not the
        // parent's copy that follows it, and its id is the session with the cumulative total.
        let translator = SourceTranslator(format: .codex, settings: SourceSettings())
        var context = SourceContext()
        let text = try String(contentsOfFile: SourceFixtureTests.fixture("codex-fork.jsonl"), encoding: .utf8)
        var records: [V1Record] = []
        for line in text.split(separator: "\n") {
            var bytes = String(line)
            if case .records(let made) = bytes.withUTF8({ translator.translate(UnsafeRawBufferPointer($0), &context) }) {
                records += made.compactMap { try? $0.get() }
            }
        }
        let record = try #require(records.count == 1 ? records.first : nil)
        let fields = Dictionary(uniqueKeysWithValues: record.members.map { ($0.0, $0.1) })
        #expect(fields["session"] == .string("0199a2a9-0c11-7b52-9d40-6f1e2c7d8e90"))
        #expect(fields["task"] == .string("shop@main"))
        #expect(fields["tool"] == .string("codex"))
        #expect(fields["id"] == .string("codex:0199a2a9-0c11-7b52-9d40-6f1e2c7d8e90:6700/4700/0/1200/150"))
        #expect(fields["input_tokens"] == .number("500"))
        #expect(fields["cache_read_tokens"] == .number("3000"))
        #expect(fields["output_tokens"] == .number("400"))
    }
}
