import Foundation
import Testing

/// `--keys-max`, `--dedup-ids-max` and `--insight-records-max` through the built binary: the limit
/// holds as stated, and every reader says, beside its figures, what the limit left out.
@Suite(.serialized) struct LimitNoticeTests {
    static let day = utcMs(2026, 11, 20, 0, 0, 0)

    /// One event of 10 input tokens for each of `users` people, all in one team, org, model and tool.
    private func oneEventPerUser(_ users: Int) -> [String] {
        (0..<users).map {
            "{\"ts\":\(Self.day + Int64($0) * 1000),\"user\":\"u\($0)\",\"team\":\"t\",\"org\":\"o\",\"model\":\"m\","
                + "\"tool\":\"c\",\"input_tokens\":10}"
        }
    }

    private func inspectJSON(_ snapshots: String, _ workspace: TestWorkspace) throws -> [String: Any] {
        let run = try BinaryRunner.run(["inspect", snapshots, "--format", "json"], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any])
    }

    @Test func keysMaxHoldsExactlyAndEveryReaderSaysWhatItDropped() throws {
        let workspace = TestWorkspace()
        let input = workspace.write("users.ndjson", lines: oneEventPerUser(300))
        let snapshots = workspace.snapshotDirectory
        // 16 shards: the old per-shard share (limit / shards + 10% + 64) let 1,120 keys in, so nothing dropped.
        let ingest = try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, "--quiet", "--keys-max", "100", "--shards", "16",
                                           "--allow-leaderboard", input], in: workspace)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let header = try inspectJSON(snapshots, workspace)
        let keys = try #require(header["keys"] as? [String: Int])
        #expect(keys.values.reduce(0, +) <= 100, "\(keys)")
        let keptUsers = try #require(keys["user"])
        #expect(keptUsers < 300)
        let limits = try #require(header["limits"] as? [String: Any])
        let dropped = try #require((limits["dropped_updates_by_dimension"] as? [String: Int])?["user"])
        #expect(dropped == 300 - keptUsers)  // one event per person: one dropped update per person not kept

        // report: the table says it under the headline; CSV rows are the kept people, the note on stderr.
        let note = "--keys-max 100 was reached: totals leave out \(dropped) events by user"
        let table = try BinaryRunner.run(["report", snapshots, "--window", "7d"], in: workspace)
        #expect(table.status == 0 && table.stdoutText.contains("Note: " + note), "\(table.stdoutText)")
        let csv = try BinaryRunner.run(["report", snapshots, "--window", "7d", "--format", "csv"], in: workspace)
        #expect(csv.stdoutText.split(separator: "\n").count == 1 + keptUsers)
        #expect(csv.stderr.contains("tokentally: note: " + note), "\(csv.stderr)")
        let json = try BinaryRunner.run(["report", snapshots, "--window", "7d", "--format", "json", "--by", "team"], in: workspace)
        let rows = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
        #expect(rows.first?["events"] as? Int == 300)  // the team kept its key: nothing missing by team
        #expect(json.stderr.contains("tokentally: note: " + note))  // the headline's people are

        let flags = try BinaryRunner.run(["flags", snapshots, "--window", "7d"], in: workspace)
        #expect(flags.status == 0 && flags.stdoutText.contains("Note: " + note), "\(flags.stdoutText)")
        let flagsJSON = try BinaryRunner.run(["flags", snapshots, "--window", "7d", "--format", "json"], in: workspace)
        #expect(flagsJSON.stderr.contains("tokentally: note: " + note))

        let board = try BinaryRunner.run(["leaderboard", snapshots, "--window", "7d", "--format", "json"], in: workspace)
        #expect(board.status == 0, "\(board.stderr)")
        let boardObject = try #require(try JSONSerialization.jsonObject(with: board.stdout) as? [String: Any])
        let boardDropped = try #require(boardObject["dropped"] as? [String: Any])
        #expect((boardDropped["events_by_dimension"] as? [String: Int])?["user"] == dropped)
        #expect(boardDropped["keys_max"] as? Int == 100)
        let boardTable = try BinaryRunner.run(["leaderboard", snapshots, "--window", "7d"], in: workspace)
        #expect(boardTable.stdoutText.contains("Note: " + note))

        let page = workspace.path + "/page.html"
        #expect(try BinaryRunner.run(["dashboard", snapshots, "-o", page, "--window", "7d"], in: workspace).status == 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("Ingest limits were reached: these figures are not exact") && html.contains(note))
    }

    @Test func resumingWithALimitBelowTheSnapshotsKeysIsRefused() throws {
        let workspace = TestWorkspace()
        let input = workspace.write("users.ndjson", lines: oneEventPerUser(300))
        let snapshots = workspace.snapshotDirectory
        #expect(try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, "--quiet", input], in: workspace).status == 0)
        let resumed = try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, "--quiet", "--resume", "--keys-max", "100", input],
                                           in: workspace)
        #expect(resumed.status == 2)
        #expect(resumed.stderr.contains("holds 304 keys, more than --keys-max 100") && resumed.stderr.contains("raise --keys-max"),
                "\(resumed.stderr)")
    }

    @Test func readersWithNothingDroppedSayNothing() throws {
        let workspace = TestWorkspace()
        let input = workspace.write("users.ndjson", lines: oneEventPerUser(20))
        let snapshots = workspace.snapshotDirectory
        #expect(try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, "--quiet", input], in: workspace).status == 0)
        let table = try BinaryRunner.run(["report", snapshots, "--window", "7d"], in: workspace)
        #expect(!table.stdoutText.contains("Note:"))
        let csv = try BinaryRunner.run(["report", snapshots, "--window", "7d", "--format", "csv"], in: workspace)
        #expect(csv.stderr.isEmpty)
    }

    /// Ids one hour apart against a filter of 10: at the 11th id it forgets the oldest hours down
    /// to 6 (three quarters, rounded down to whole quarters of 10/4 = 2), so 5 ids; again at every
    /// 5th new id after. 40 ids and a resent copy of the first: forgotten at ids 11, 16, 21, 26, 31,
    /// 36 and at the copy (the 41st), 7 times 5 = 35, and the copy is counted.
    @Test func aForgetfulDuplicateFilterSaysHowManyIdsItForgot() throws {
        let workspace = TestWorkspace()
        var lines = (0..<40).map {
            "{\"ts\":\(Self.day + Int64($0) * 3_600_000),\"user\":\"u\",\"model\":\"m\",\"input_tokens\":1,\"id\":\"e\($0)\"}"
        }
        lines.append("{\"ts\":\(Self.day + 40 * 3_600_000),\"user\":\"u\",\"model\":\"m\",\"input_tokens\":1,\"id\":\"e0\"}")
        let input = workspace.write("ids.ndjson", lines: lines)
        let snapshots = workspace.snapshotDirectory
        let ingest = try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, "--quiet", "--dedup-ids-max", "10", input], in: workspace)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let dedup = try #require(try inspectJSON(snapshots, workspace)["dedup"] as? [String: Int])
        #expect(dedup["ids_forgotten"] == 35 && dedup["horizon_shortenings"] == 7 && dedup["ids_max"] == 10, "\(dedup)")

        let note = "--dedup-ids-max 10 was reached: the duplicate filter forgot 35 event ids before their 48h horizon"
        let csv = try BinaryRunner.run(["report", snapshots, "--window", "7d", "--format", "csv"], in: workspace)
        #expect(csv.stdoutText.split(separator: "\n").last?.split(separator: ",")[6] == "41")  // the copy counted
        #expect(csv.stderr.contains(note), "\(csv.stderr)")
        let flags = try BinaryRunner.run(["flags", snapshots, "--window", "7d"], in: workspace)
        #expect(flags.stdoutText.contains(note))
    }

    @Test func aSnapshotAtItsInsightsLimitIsReadAndSaysItsFiguresAreLowerBounds() throws {
        let workspace = TestWorkspace()
        let input = workspace.write("scenario.ndjson", lines: InsightScenario.lines)
        let snapshots = workspace.snapshotDirectory
        let ingest = try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, "--quiet", "--insight-records-max", "2", input],
                                          in: workspace)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let insights = try #require(try inspectJSON(snapshots, workspace)["insights"] as? [String: Int])
        let refused = try #require(insights["refused"])
        #expect(refused > 0)
        // Work records used to name only tasks whose own record was kept: the snapshot could not be read.
        let report = try BinaryRunner.run(["report", snapshots, "--window", "7d"], in: workspace)
        #expect(report.status == 0, "\(report.stderr)")
        let note = "--insight-records-max 2 was reached: \(refused) insights records were refused, "
            + "so outcome, adoption and flag figures are lower bounds"
        #expect(report.stdoutText.contains(note))
        let flags = try BinaryRunner.run(["flags", snapshots, "--window", "7d"], in: workspace)
        #expect(flags.status == 0 && flags.stdoutText.contains(note), "\(flags.stderr)")
    }
}
