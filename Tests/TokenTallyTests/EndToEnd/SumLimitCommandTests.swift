import Foundation
import Testing

/// Sums at the limit of 63 bits through the built binary: events whose tokens or costs add up past
/// `Int64.max` are counted with saturated sums, the snapshot is written, every reader reads it, and
/// a resume goes on from it. 2^62 = 4,611,686,018,427,387,904; 2^63 - 1 = 9,223,372,036,854,775,807.
@Suite(.serialized) struct SumLimitCommandTests {
    static let twoTo62 = "4611686018427387904"
    static let largest = "9223372036854775807"

    private func line(_ time: String, user: String, _ fields: String) -> String {
        #"{"ts":"2026-12-01T\#(time)Z","user":"\#(user)",\#(fields)}"#
    }

    private func ingest(_ workspace: TestWorkspace, _ inputs: [String], resume: Bool = false) throws -> BinaryRunner.Result {
        try BinaryRunner.run(
            ["ingest", "--snapshot-dir", workspace.snapshotDirectory, "--quiet", "--allow-leaderboard"]
                + (resume ? ["--resume"] : []) + inputs, in: workspace)
    }

    /// `report --format csv` as `key -> column -> value`.
    private func report(_ workspace: TestWorkspace, by dimension: String) throws -> [String: [String: String]] {
        let run = try BinaryRunner.run(
            ["report", workspace.snapshotDirectory, "--by", dimension, "--format", "csv"], in: workspace)
        #expect(run.status == 0, "report --by \(dimension): \(run.stderr)")
        let rows = run.stdoutText.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let header = rows.first else { return [:] }
        return Dictionary(uniqueKeysWithValues: rows.dropFirst().map { ($0[0], Dictionary(uniqueKeysWithValues: zip(header, $0))) })
    }

    /// Every reader exits 0 on the snapshot; returns the table report of `dimension` and `inspect`.
    private func readAll(_ workspace: TestWorkspace, by dimension: String) throws -> (report: String, inspect: String) {
        let s = workspace.snapshotDirectory
        let dashboard = workspace.path + "/dashboard.html"
        var outputs: [String] = []
        for arguments in [["report", s, "--by", dimension], ["inspect", s], ["flags", s], ["leaderboard", s],
                          ["dashboard", s, "-o", dashboard, "--min-group", "1"]] {
            let run = try BinaryRunner.run(arguments, in: workspace)
            #expect(run.status == 0, "\(arguments[0]): \(run.stderr)")
            outputs.append(run.stdoutText)
        }
        #expect(FileManager.default.fileExists(atPath: dashboard))
        return (outputs[0], outputs[1])
    }

    /// One person, one task, one hour: two calls of 2^62 input tokens. Before, the insights stage
    /// trapped on the task's sum (exit 132, no snapshot, every resume dying on the same line).
    @Test func twoCallsOf2To62ForOnePersonAndTaskAreCountedAndResumable() throws {
        let workspace = TestWorkspace()
        let huge = #""model":"m","team":"t","task":"T1","session":"s","input_tokens":\#(Self.twoTo62)"#
        let first = workspace.write("a.ndjson", lines: [
            line("10:00:00", user: "a", huge), line("10:05:00", user: "a", huge),
            // Each field fits, the total does not: rejected.
            line("10:06:00", user: "b", #""model":"m","input_tokens":\#(Self.largest),"output_tokens":1"#),
            line("10:07:00", user: "c", #""model":"m2","input_tokens":1000"#),
        ])
        let run = try ingest(workspace, [first])
        #expect(run.status == 0, "ingest: \(run.stderr)")
        let users = try report(workspace, by: "user")
        #expect(users["a"]?["input_tokens"] == Self.largest)
        #expect(users["a"]?["total_tokens"] == Self.largest)
        #expect(users["a"]?["events"] == "2")
        #expect(users["c"]?["total_tokens"] == "1000")
        #expect(users["b"] == nil)

        let (table, inspect) = try readAll(workspace, by: "user")
        #expect(table.contains("saturated sums: "))
        #expect(inspect.contains("  value_too_large   1"))
        // Counters: user a, team t and model m, each in its hour and its day slot (6). Insights:
        // the person's pending work, the task's tokens since its status, the session's tokens and
        // its idle-loop streak (4).
        #expect(inspect.contains("saturated sums      10 additions"))

        // A resume reads on past the saturated sums and carries their count.
        let second = workspace.write("b.ndjson", lines: [line("11:00:00", user: "a", huge)])
        let resumed = try ingest(workspace, [first, second], resume: true)
        #expect(resumed.status == 0, "resume: \(resumed.stderr)")
        #expect(try report(workspace, by: "user")["a"]?["events"] == "3")
        let after = try BinaryRunner.run(["inspect", workspace.snapshotDirectory, "--format", "json"], in: workspace)
        let header = try #require(try JSONSerialization.jsonObject(with: after.stdout) as? [String: Any])
        let limits = try #require(header["limits"] as? [String: Any])
        // Another hour, an hour after the streak: the day slots (3), the task's tokens since its
        // status, the session's tokens and the person's day of work on the task (3) saturate
        // again: 10 + 6.
        #expect(limits["saturated_sums"] as? Int == 16)
    }

    /// Two valid costs of $5 billion add up to $1e10 = 1e19 nano-dollars, past `Int64.max`. Before,
    /// the sum wrapped negative, the snapshot was written with exit 0 and every reader rejected it
    /// as malformed.
    @Test func twoCostsOf5BillionDollarsLeaveASnapshotEveryReaderReads() throws {
        let workspace = TestWorkspace()
        let input = workspace.write("cost.ndjson", lines: [
            line("10:00:00", user: "a", #""model":"m","team":"t","cost_usd":5e9"#),
            line("10:05:00", user: "b", #""model":"m","team":"t","cost_usd":5e9"#),
        ])
        #expect(try ingest(workspace, [input]).status == 0)
        #expect(try report(workspace, by: "team")["t"]?["cost_usd"] == "9223372036.854775807")
        #expect(try report(workspace, by: "user")["a"]?["cost_usd"] == "5000000000")
        let (table, _) = try readAll(workspace, by: "team")
        #expect(table.contains("9,223,372,036.85"))
        #expect(!table.contains("$-"))
    }

    /// Two people of one team on different days, 2^62 tokens each: no bucket saturates, the team's
    /// window total does, and stops at the largest value. Before, it read -9223372036854775808.
    @Test func aTeamTotalDoesNotGoNegative() throws {
        let workspace = TestWorkspace()
        let input = workspace.write("team.ndjson", lines: [
            #"{"ts":"2026-12-01T10:00:00Z","user":"a","team":"t","model":"m","input_tokens":\#(Self.twoTo62)}"#,
            #"{"ts":"2026-12-02T10:00:00Z","user":"b","team":"t","model":"m","input_tokens":\#(Self.twoTo62)}"#,
        ])
        #expect(try ingest(workspace, [input]).status == 0)
        let teams = try report(workspace, by: "team")
        #expect(teams["t"]?["total_tokens"] == Self.largest)
        #expect(teams["t"]?["input_tokens"] == Self.largest)
        #expect(try report(workspace, by: "user")["b"]?["total_tokens"] == Self.twoTo62)
        let (table, _) = try readAll(workspace, by: "team")
        #expect(table.contains("saturated sums: "))
    }
}
