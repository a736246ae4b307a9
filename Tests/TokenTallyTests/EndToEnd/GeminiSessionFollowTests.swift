import Foundation
import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// `ingest --follow` on Gemini CLI session files with the real binary: a `.jsonl` session that
/// grows a line at a time, messages appended again as they change, and a legacy document rewritten
/// whole in place. Each message counts once.
@Suite struct GeminiSessionFollowTests {
    static func fixtureLines(_ name: String) throws -> [String] {
        try String(contentsOfFile: SourceFixtureTests.fixture(name), encoding: .utf8).split(separator: "\n").map { $0 + "\n" }
    }

    @Test func aGrowingSessionCountsEachMessageOnce() throws {
        let lines = try Self.fixtureLines("gemini-cli-session.jsonl")
        let workspace = TestWorkspace()
        let follow = try FollowCommandTests.Follow(workspace)
        let name = "3f0e/chats/session-2026-05-06T09-00-3f0e8a52.jsonl"
        // The metadata line, the user turn and a $set.
        follow.write(name, lines[0..<3].joined())
        try follow.start()
        #expect(follow.waitFor(lines: 3) != nil)
        try follow.append(name, lines[3])  // message 1 with its tokens
        #expect(follow.waitFor(lines: 4) != nil)
        // Message 1 again with its tool call, a $set, then message 2 without and with its tokens.
        try follow.append(name, lines[4..<8].joined())
        #expect(follow.waitFor(lines: 8) != nil)
        let final = try follow.stop()
        let c = final.header.counters
        #expect(c.eventsAccepted == 2)
        #expect(c.skipped(.repeatedResponse) == 1)
        #expect(c.duplicateEvents == 0)
        // 13,000 + 15,700, as in GeminiCLISessionTests.
        #expect(try final.tokens(.model, "30d") == ["gemini-2.5-pro": 28_700])
    }

    @Test func aDocumentRewrittenWholeAddsOnlyTheNewMessage() throws {
        let workspace = TestWorkspace()
        let follow = try FollowCommandTests.Follow(workspace)
        let name = "8e7d/chats/session-2025-10-20T15-00-8e7d6c5b.json"
        follow.write(name, try Self.fixtureLines("gemini-cli-legacy-v1.json")[0])
        try follow.start()
        #expect(follow.waitFor(lines: 1) != nil)
        // Rewritten in place, as Gemini CLI's writeFileSync does: same file, new first bytes.
        let handle = try #require(FileHandle(forWritingAtPath: follow.logs + "/" + name))
        try handle.truncate(atOffset: 0)
        handle.write(Data(try Self.fixtureLines("gemini-cli-legacy-v2.json")[0].utf8))
        try handle.close()
        #expect(follow.waitFor(lines: 2) != nil)
        let final = try follow.stop()
        let c = final.header.counters
        // Read again from its start: the two calls already counted are duplicates, the third is new.
        #expect(c.eventsAccepted == 3)
        #expect(c.duplicateEvents == 2)
        #expect(try final.tokens(.user, "30d") == ["ops": 1_300 + 5_400 + 6_100])
    }
}
