import Foundation
import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// Gemini CLI's legacy session documents with the real binary: pretty-printed, without a newline at
/// the end, named as inputs, and followed while rewritten whole in place as Gemini CLI's
/// `writeFileSync` does (truncate, then write), once caught half written.
@Suite struct GeminiDocumentCommandTests {
    static func version(_ name: String) throws -> String {
        try String(contentsOfFile: SourceFixtureTests.fixture("gemini-cli-legacy-pretty-\(name).json"), encoding: .utf8)
    }

    /// Replaces the file's content in place: same inode, new size and time.
    static func rewrite(_ path: String, _ text: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 0)
        handle.write(Data(text.utf8))
        try handle.close()
    }

    @Test func twoVersionsNamedAsInputsCountEachMessageOnce() throws {
        let workspace = TestWorkspace()
        let ingest = try BinaryRunner.run(
            ["ingest", "--snapshot-dir", workspace.snapshotDirectory, "--prices", "none", "--max-future", "100000h",
             "--user", "ops", SourceFixtureTests.fixture("gemini-cli-legacy-pretty-v1.json"),
             SourceFixtureTests.fixture("gemini-cli-legacy-pretty-v2.json")],
            in: workspace)
        #expect(ingest.status == 0, "ingest failed: \(ingest.stderr)")
        let file = try SnapshotLocator.open(workspace.snapshotDirectory) { _ in }
        let c = file.header.counters
        // As in GeminiCLIDocumentTests: message 1 in v1, then 1 again (a duplicate), 2 and 3 in v2.
        #expect(c.linesRead == 2)
        #expect(c.eventsAccepted == 3)
        #expect(c.duplicateEvents == 1)
        #expect(c.rejectedTotal == 0)
        #expect(file.header.sources.map(\.format) == [.geminiCLI, .geminiCLI])
        #expect(try file.tokens(.user, "30d") == ["ops": 13_000 + 15_700 + 2_150])
    }

    @Test func eachRewriteAddsOnlyItsNewMessagesAndAHalfWrittenOneWaits() throws {
        let workspace = TestWorkspace()
        let follow = try FollowCommandTests.Follow(workspace)
        let name = "2f6e/chats/session-2025-10-21T09-00-5c4b3a29.json"
        let path = follow.logs + "/" + name
        follow.write(name, try Self.version("v1"))  // message 1 with tokens, message 2 without yet
        try follow.start()
        #expect(follow.waitFor(lines: 1) != nil)

        try Self.rewrite(path, try Self.version("v2"))  // message 2's tokens, and message 3
        #expect(follow.waitFor(lines: 2) != nil)

        // v3 caught half written: nothing is counted or rejected, and it is read again once whole.
        let v3 = try Self.version("v3")
        try Self.rewrite(path, String(v3.prefix(v3.count * 2 / 3)))
        usleep(500_000)  // 25 polls
        let waiting = try #require(follow.waitFor(lines: 2))
        #expect(waiting.counters.linesRead == 2)
        #expect(waiting.counters.rejectedTotal == 0)
        try Self.rewrite(path, v3)  // message 4
        #expect(follow.waitFor(lines: 3) != nil)

        let final = try follow.stop()
        let c = final.header.counters
        #expect(c.linesRead == 3)
        #expect(c.rejectedTotal == 0)
        // v1: message 1. v2: message 1 again (a duplicate), 2 and 3. v3: 1, 2 and 3 again, and 4.
        #expect(c.eventsAccepted == 4)
        #expect(c.duplicateEvents == 4)
        // 13,000 + 15,700 + 2,150 as in GeminiCLIDocumentTests, and message 4: 3,000 - 1,000 cached
        // + 400 out + 1,000 cache read = 3,400.
        #expect(try final.tokens(.model, "30d") == ["gemini-2.5-pro": 28_700, "gemini-2.5-flash": 2_150 + 3_400])
        // The position is the whole file; the document is the file's one line since its rewrite.
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        #expect(final.header.follow.map(\.offset) == [size])
        #expect(final.header.follow.map(\.linesRead) == [1])
    }
}
