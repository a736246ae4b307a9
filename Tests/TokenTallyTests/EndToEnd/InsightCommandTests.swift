import Foundation
import Testing
@testable import TallyEvents
@testable import TallyReports
@testable import TallyStages

/// The insight and governance commands through the built binary: `flags`, `leaderboard`,
/// `dashboard`, pseudonymised ingest, and viewer scopes.
@Suite(.serialized) struct InsightCommandTests {
    /// The scenario written to a file and ingested by the binary with `extra` options.
    private func ingest(_ workspace: TestWorkspace, _ extra: [String] = [], directory: String? = nil) throws -> String {
        let input = workspace.write("scenario.ndjson", lines: InsightScenario.lines + ["{not json"])
        let snapshots = directory ?? workspace.snapshotDirectory
        let run = try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, "--quiet", input] + extra, in: workspace)
        #expect(run.status == 0, "ingest: \(run.stderr)")
        return snapshots
    }

    @Test func flagsListsEachFlagWithItsEvidenceAsJSON() throws {
        let workspace = TestWorkspace()
        let snapshots = try ingest(workspace)
        let run = try BinaryRunner.run(["flags", snapshots, "--window", "7d", "--format", "json"], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        let flags = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [[String: Any]])
        #expect(flags.map { "\($0["kind"]!) \($0["subject"]!)" } == [
            "high_spend_no_deliverable dave", "run_inflation T3", "run_inflation T2", "concentration carol", "idle_loop dave",
        ])
        #expect((flags[4]["threshold"] as? String)?.hasPrefix("at least 30 calls over at least 20 min") == true)
        let stricter = try BinaryRunner.run(["flags", snapshots, "--window", "7d", "--format", "csv", "--run-calls-min", "41",
                                             "--loop-calls-min", "41", "--concentration-share", "0.95"], in: workspace)
        #expect(stricter.stdoutText.split(separator: "\n").count == 2)  // header and dave's spend
    }

    @Test func leaderboardRefusesUnlessTheIngestAllowedIt() throws {
        let workspace = TestWorkspace()
        let refused = try BinaryRunner.run(["leaderboard", try ingest(workspace)], in: workspace)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--allow-leaderboard"))
        #expect(refused.stdout.isEmpty)

        let allowed = try ingest(workspace, ["--allow-leaderboard"], directory: workspace.path + "/allowed")
        let run = try BinaryRunner.run(["leaderboard", allowed, "--window", "7d", "--top", "2"], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdoutText.contains(Leaderboard.caveat))
        let ranks = run.stdoutText.split(separator: "\n").filter { $0.hasPrefix("   1 ") || $0.hasPrefix("   2 ") || $0.hasPrefix("   3 ") }
        #expect(ranks.map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] } == ["dave", "carol"])
        #expect(run.stdoutText.contains("Session Immortal   dave"))
    }

    @Test func pseudonymisedSnapshotsHoldNoRawUserIds() throws {
        let workspace = TestWorkspace()
        let key = workspace.write("key", Array("0123456789abcdef0123456789abcdef\n".utf8))
        let snapshots = try ingest(workspace, ["--pseudonymize-key", key])
        let snapshot = try SnapshotLocator.open(snapshots) { _ in }
        // The summary and every section; the counters section holds key names unquoted.
        let text = try snapshotText(snapshot.path)
        for name in ["alice", "bob", "carol", "dave", "erin"] {
            #expect(!text.contains(name), "\(name) appears in the snapshot")
        }
        let people = try snapshot.insightRows().people.map(\.user)
        #expect(people.count == 5)
        #expect(people.allSatisfy { $0.wholeMatch(of: /p-[0-9a-f]{32}/) != nil })
        #expect(snapshot.header.pseudonymKeyFingerprint?.count == 16)
        // The rejected line is counted, but its text (which could hold an id) is not kept.
        let rejects = try String(contentsOfFile: snapshots + "/rejects.ndjson", encoding: .utf8)
        #expect(rejects.contains("\"reason\":\"malformed_json\"") && !rejects.contains("\"text\""))

        // Same key, same pseudonyms; the operator's report ranks them like the raw run.
        let again = try ingest(workspace, ["--pseudonymize-key", key], directory: workspace.path + "/again")
        #expect(try SnapshotLocator.open(again) { _ in }.insightRows().people.map(\.user) == people)

        // A viewer needs the key to be found; with it, they see themselves and their reports.
        let chart = workspace.write("chart.csv", lines: ["user,manager", "alice,", "bob,alice", "carol,zed", "dave,zed", "erin,zed", "zed,"])
        let withoutKey = try BinaryRunner.run(["report", snapshots, "--viewer", "alice", "--org-chart", chart], in: workspace)
        #expect(withoutKey.status == 2 && withoutKey.stderr.contains("--pseudonymize-key"))
        let scoped = try BinaryRunner.run(["report", snapshots, "--window", "7d", "--format", "csv", "--viewer", "alice",
                                           "--org-chart", chart, "--pseudonymize-key", key], in: workspace)
        #expect(scoped.status == 0, "\(scoped.stderr)")
        let rows = scoped.stdoutText.split(separator: "\n").dropFirst().map { String($0.prefix(while: { $0 != "," })) }
        #expect(rows.count == 2)
        #expect(Set(rows) == Set(["alice", "bob"].map { PseudonymKey(keyBytes: Array("0123456789abcdef0123456789abcdef".utf8)).pseudonym(of: $0) }))

        let wrongKey = workspace.write("other-key", Array("fedcba9876543210fedcba9876543210".utf8))
        let wrong = try BinaryRunner.run(["report", snapshots, "--pseudonymize-key", wrongKey], in: workspace)
        #expect(wrong.status == 2 && wrong.stderr.contains("not the key this snapshot was written with"))
        let missing = try BinaryRunner.run(["ingest", "--pseudonymize-key", workspace.path + "/nope", "--snapshot-dir",
                                            workspace.path + "/x", workspace.path + "/scenario.ndjson"], in: workspace)
        #expect(missing.status == 2 && missing.stderr.contains("nope"))
    }

    @Test func dashboardIsOneSelfContainedFileWithTheLeaderboardOnlyWhenAllowed() throws {
        let workspace = TestWorkspace()
        let plain = try ingest(workspace)
        let out = workspace.path + "/plain.html"
        let run = try BinaryRunner.run(["dashboard", plain, "-o", out, "--min-group", "1"], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("Content-Security-Policy"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
        #expect(html.contains("Work completed with AI") && html.contains("Red flags") && html.contains("<svg"))
        #expect(!html.contains(Leaderboard.caveat.prefix(40)))

        let allowed = try ingest(workspace, ["--allow-leaderboard"], directory: workspace.path + "/allowed")
        let withBoard = workspace.path + "/board.html"
        #expect(try BinaryRunner.run(["dashboard", allowed, "-o", withBoard], in: workspace).status == 0)
        let board = try String(contentsOfFile: withBoard, encoding: .utf8)
        #expect(board.contains(Leaderboard.caveat.prefix(40)))
        // The shared page hides groups under 5 people by default: no org has 5 here.
        #expect(!board.contains(">eng<") && !board.contains(">ops<"))
    }
}
