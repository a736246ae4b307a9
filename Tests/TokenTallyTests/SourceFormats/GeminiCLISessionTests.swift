import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// Gemini CLI's session files (Tests/Fixtures/sources/gemini-cli-session.jsonl and the two
/// versions of a one-line legacy document), with the totals worked by hand. Gemini CLI appends a
/// message again whole each time it changes, and rewrote legacy documents whole: each message
/// must count once.
@Suite struct GeminiCLISessionTests {
    @Test func countsEachMessageOnceWithThoughtsAsOutputAndCachedOutOfInput() throws {
        let (summary, file, _) = try SourceFixtureTests().ingest(["gemini-cli-session.jsonl"])
        let c = summary.counters
        // 14 lines: the metadata line, the user turn, three $set lines (one holding the messages
        // again), a message without tokens yet, the rewind and an info message have no usage (8);
        // message 1 appended again with its tool call (repeated); cached 64 of a 10-token prompt;
        // a line cut off mid-write; three calls.
        #expect(c.linesRead == 14)
        #expect(c.eventsAccepted == 3)
        #expect(c.skipped(.noUsage) == 8)
        #expect(c.skipped(.repeatedResponse) == 1)
        #expect(c.rejected(.inconsistentTokens) == 1)
        #expect(c.rejected(.malformedJSON) == 1)
        #expect(c.duplicateEvents == 0)
        #expect(file.header.sources.first?.format == .geminiCLI)
        // Message 1: prompt 12,000 with 8,000 cached -> 4,000; output 300 + 700 thoughts = 1,000.
        // Message 2 (its tokens came with its second line, then it was rewound: still a call):
        // 15,000 - 12,000 + 500 tool-use prompt = 3,500; output 200. Each adds up to its `total`
        // (13,000 and 15,700). Message 3 (flash): 2,000 + 100 + 50 = 2,150.
        let users = Dictionary(uniqueKeysWithValues: try file.totals(dimension: .user, window: "30d").map { ($0.key, $0) })
        #expect(users["ops"]?.inputTokens == 9_500)
        #expect(users["ops"]?.outputTokens == 1_350)
        #expect(users["ops"]?.cacheReadTokens == 20_000)
        #expect(try file.tokens(.model, "30d") == ["gemini-2.5-pro": 28_700, "gemini-2.5-flash": 2_150])
        #expect(try file.tokens(.tool, "30d") == ["gemini-cli": 30_850])
        // Priced from the bundled table (nano-dollars per token = $ per million × 1,000). Pro
        // ($1.25 / $10 / $0.125 cache read): 4,000 × 1,250 + 1,000 × 10,000 + 8,000 × 125
        // = 16,000,000, and 3,500 × 1,250 + 200 × 10,000 + 12,000 × 125 = 7,875,000. Flash
        // ($0.30 / $2.50): 2,000 × 300 + 150 × 2,500 = 975,000.
        #expect(users["ops"]?.costNanoUSD == 24_850_000)
        #expect(summary.counters.costEstimatedEvents == 3)
        let sessions = try file.insightRows().sessions.map(\.session)
        #expect(sessions == ["3f0e8a52-6c1d-4b7e-9a21-5d4c3b2a1f00"])
    }

    @Test func theSameFileReadTwiceIsCountedOnce() throws {
        // Two inputs, two contexts: the second file's messages are duplicates by id.
        let (summary, file, _) = try SourceFixtureTests().ingest(["gemini-cli-session.jsonl", "gemini-cli-session.jsonl"])
        #expect(summary.counters.eventsAccepted == 3)
        #expect(summary.counters.duplicateEvents == 3)
        #expect(try file.tokens(.user, "30d") == ["ops": 30_850])
    }

    @Test func aRewrittenLegacyDocumentAddsOnlyItsNewMessage() throws {
        // Version 1 holds two calls, version 2 (rewritten whole) the same two and one more.
        // 1,000 + 300 (200 + 100 thoughts); 1,000 fresh + 4,000 cached + 400; 1,000 + 5,000 + 100.
        let (summary, file, _) = try SourceFixtureTests().ingest(["gemini-cli-legacy-v1.json", "gemini-cli-legacy-v2.json"])
        let c = summary.counters
        #expect(c.linesRead == 2)
        #expect(c.extraRecords == 3)
        #expect(c.eventsAccepted == 3)
        #expect(c.duplicateEvents == 2)
        #expect(try file.tokens(.user, "30d") == ["ops": 1_300 + 5_400 + 6_100])
        #expect(file.header.sources.map(\.format) == [.geminiCLI, .geminiCLI])
    }

    @Test func detectsEachKindOfSessionLine() {
        for line in [
            #"{"sessionId":"s","projectHash":"h","startTime":"2026-05-06T09:00:00.000Z"}"#,
            #"{"$set":{"lastUpdated":"2026-05-06T09:00:05.001Z"}}"#,
            #"{"$rewindTo":"m1"}"#,
            #"{"id":"m1","timestamp":"2026-05-06T09:00:09Z","type":"gemini","content":"ok","tokens":null}"#,
        ] {
            #expect(SourceDetectionTests().detect(line) == .geminiCLI, "\(line)")
        }
        // A Claude Code line has a session id too, but no project hash.
        #expect(SourceDetectionTests().detect(#"{"sessionId":"s","type":"user","message":{"role":"user"}}"#) == .claudeCode)
    }
}
