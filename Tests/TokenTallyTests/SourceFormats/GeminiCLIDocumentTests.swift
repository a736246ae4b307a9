import Foundation
import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// Gemini CLI's legacy session files as it wrote them: one pretty-printed JSON document per session
/// (`JSON.stringify(conversation, null, 2)`, no newline at the end), rewritten whole as it grows.
/// Given as file arguments, each is read whole as one line. Totals worked by hand.
@Suite struct GeminiCLIDocumentTests {
    @Test func aRewrittenPrettyDocumentAddsOnlyWhatIsNew() throws {
        // v1: a user turn, message 1 with its tokens, an info message, message 2 without tokens yet.
        // v2, rewritten whole: message 2 with its tokens, a user turn, message 3.
        let (summary, file, _) = try SourceFixtureTests().ingest(
            ["gemini-cli-legacy-pretty-v1.json", "gemini-cli-legacy-pretty-v2.json"])
        let c = summary.counters
        // One line per document; v2's three records are message 1 again (a duplicate by id), 2 and 3.
        #expect(c.linesRead == 2)
        #expect(c.extraRecords == 2)
        #expect(c.eventsAccepted == 3)
        #expect(c.duplicateEvents == 1)
        #expect(c.rejectedTotal == 0)
        #expect(file.header.sources.map(\.format) == [.geminiCLI, .geminiCLI])
        // Message 1: 12,000 prompt with 8,000 cached -> 4,000 in; 300 + 700 thoughts out = 13,000.
        // Message 2: 15,000 - 12,000 + 500 tool = 3,500 in; 200 out; 12,000 cached = 15,700.
        // Message 3 (flash): 2,000 in; 100 + 50 out = 2,150.
        let users = Dictionary(uniqueKeysWithValues: try file.totals(dimension: .user, window: "30d").map { ($0.key, $0) })
        #expect(users["ops"]?.inputTokens == 9_500)
        #expect(users["ops"]?.outputTokens == 1_350)
        #expect(users["ops"]?.cacheReadTokens == 20_000)
        #expect(try file.tokens(.model, "30d") == ["gemini-2.5-pro": 28_700, "gemini-2.5-flash": 2_150])
        // Each input's position is the whole file, not the length of the line it became.
        let sizes = try ["v1", "v2"].map {
            try FileManager.default.attributesOfItem(atPath: SourceFixtureTests.fixture("gemini-cli-legacy-pretty-\($0).json"))[.size] as! Int
        }
        #expect(file.header.sources.map(\.decodedBytesRead) == sizes)
    }

    @Test func aDocumentThatGrewSinceTheSnapshotIsReadAgainWhole() throws {
        // The resumed run sees the same first 4 KiB (a long first message, the same `lastUpdated`),
        // so it would read on from the recorded offset, in the middle of the new version.
        func version(_ name: String) throws -> String {
            let text = try String(contentsOfFile: SourceFixtureTests.fixture("gemini-cli-legacy-pretty-\(name).json"), encoding: .utf8)
            return text
                .replacingOccurrences(of: "and then stops.", with: "and then stops." + String(repeating: " ", count: 5_000))
                .replacingOccurrences(of: #""lastUpdated": "[^"]*""#, with: #""lastUpdated": "2025-10-21T09:05:00.000Z""#, options: .regularExpression)
        }
        let workspace = TestWorkspace()
        let path = workspace.url.appendingPathComponent("session-2025-10-21T09-00-5c4b3a29.json").path
        try version("v2").write(toFile: path, atomically: false, encoding: .utf8)
        let (first, _) = try workspace.ingest([path]) { $0.sources.user = "ops" }
        #expect(first.counters.eventsAccepted == 3)
        try version("v3").write(toFile: path, atomically: false, encoding: .utf8)  // message 4 added
        let (resumed, file) = try workspace.ingest([path], resume: true) { $0.sources.user = "ops" }
        #expect(resumed.error == nil)
        #expect(resumed.counters.rejectedTotal == 0)
        #expect(resumed.counters.eventsAccepted == 4)
        #expect(resumed.counters.duplicateEvents == 3)
        #expect(try file.tokens(.model, "30d") == ["gemini-2.5-pro": 28_700, "gemini-2.5-flash": 2_150 + 3_400])
    }

    @Test func aSchemaV1DocumentCountsTheFileBytes() throws {
        // Not translated: the parser reads the compacted line, and the input's bytes are the file's.
        let workspace = TestWorkspace()
        let text = "{\n  \"ts\": 1793491200000,\n  \"user\": \"u1\",\n  \"model\": \"m\",\n  \"input_tokens\": 5\n}"
        let path = workspace.write("event.json", Array(text.utf8))
        let (summary, file) = try workspace.ingest([path], maxFutureMs: Int64.max / 4)
        #expect(summary.counters.eventsAccepted == 1)
        #expect(summary.counters.decodedBytes == text.utf8.count)
        #expect(file.header.sources.map(\.decodedBytesRead) == [text.utf8.count])
        #expect(file.header.sources.map(\.format) == [.tokentally])
    }

    @Test func aJSONFileOfOneValuePerLineIsReadLineByLine() throws {
        let workspace = TestWorkspace()
        let lines = try GeminiSessionFollowTests.fixtureLines("gemini-cli-session.jsonl")
        let path = workspace.write("session.json", lines: lines.map { String($0.dropLast()) })
        let (summary, _) = try workspace.ingest([path]) { $0.sources.user = "ops" }
        #expect(summary.counters.linesRead == 14)  // as in GeminiCLISessionTests
        #expect(summary.counters.eventsAccepted == 3)
    }

    @Test func aDocumentCutOffIsOneMalformedLine() throws {
        let workspace = TestWorkspace()
        let text = try String(contentsOfFile: SourceFixtureTests.fixture("gemini-cli-legacy-pretty-v2.json"), encoding: .utf8)
        let path = workspace.url.appendingPathComponent("cut.json").path
        try String(text.prefix(text.count / 2)).write(toFile: path, atomically: true, encoding: .utf8)
        let (summary, _) = try workspace.ingest([path]) { $0.sources.format = .geminiCLI }
        #expect(summary.counters.linesRead == 1)
        #expect(summary.counters.rejected(.malformedJSON) == 1)
        #expect(summary.counters.eventsAccepted == 0)
    }

    @Test func aDocumentLongerThanTheLineLimitIsOneRejectedLine() throws {
        // Compacted, v2 is about 2,300 bytes: over a 2,000-byte limit, refused whole, never held.
        let workspace = TestWorkspace()
        let (summary, file) = try workspace.ingest(
            [SourceFixtureTests.fixture("gemini-cli-legacy-pretty-v2.json"), SourceFixtureTests.fixture("gemini-cli-legacy-pretty-v1.json")],
            lineBytesMax: 2_000) { $0.sources.user = "ops" }
        #expect(summary.counters.rejected(.lineTooLong) == 1)
        #expect(summary.counters.eventsAccepted == 1)  // v1 fits: message 1
        #expect(summary.counters.isBalanced)
        #expect(file.header.sources.map(\.format) == [.tokentally, .geminiCLI])
    }
}
