import Foundation
import Testing

/// The source options through the built binary: detection, `--user`, the OTel attribute keys and
/// `--map`, with totals read back from the snapshot.
@Suite(.serialized) struct SourceCommandTests {
    private func report(_ workspace: TestWorkspace, by: String) throws -> [String: Int64] {
        let run = try BinaryRunner.run(["report", workspace.snapshotDirectory, "--by", by, "--window", "30d", "--format", "json"], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[by] as! String, ($0["total_tokens"] as! NSNumber).int64Value) })
    }

    @Test func detectsEachInputsFormatAndAppliesUser() throws {
        let workspace = TestWorkspace()
        let run = try BinaryRunner.run([
            "ingest", "--snapshot-dir", workspace.snapshotDirectory, "--quiet", "--user", "dev1", "--max-future", "100000d",
            SourceFixtureTests.fixture("claude-code-session.jsonl"), SourceFixtureTests.fixture("otel-traces.jsonl"),
        ], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("skipped (no_usage=5"), "\(run.stderr)")
        // Claude Code 13,663 for dev1 (SourceFixtureTests), plus the OTel span without a user (77).
        let users = try report(workspace, by: "user")
        #expect(users["dev1"] == 13_740)  // 13,663 + 77
        #expect(users["frank"] == 1_100)
        let inspect = try BinaryRunner.run(["inspect", workspace.snapshotDirectory], in: workspace)
        #expect(inspect.stdoutText.contains("format claude-code"))
        #expect(inspect.stdoutText.contains("format otel"))
    }

    @Test func reportsSayWhichPartOfEachRowsCostIsEstimated() throws {
        let workspace = TestWorkspace()
        let run = try BinaryRunner.run([
            "ingest", "--snapshot-dir", workspace.snapshotDirectory, "--quiet", "--user", "dev1", "--max-future", "100000d",
            SourceFixtureTests.fixture("claude-code-session.jsonl"),
        ], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        let csv = try BinaryRunner.run(["report", workspace.snapshotDirectory, "--by", "model", "--window", "30d", "--format", "csv"], in: workspace)
        let lines = csv.stdoutText.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = try #require(lines.first)
        let cost = try #require(header.firstIndex(of: "cost_usd")), estimated = try #require(header.firstIndex(of: "cost_usd_estimated"))
        let rows = Dictionary(uniqueKeysWithValues: lines.dropFirst().map { ($0[0], [Decimal(string: $0[cost]), Decimal(string: $0[estimated])]) })
        // SourceFixtureTests: msg_04 (Opus) reported $0.25; msg_01 (Sonnet, $0.01128) and msg_05
        // (Haiku, $0.0004) were priced from the bundled table.
        #expect(rows == [
            "claude-opus-4-1-20250805": [Decimal(string: "0.25"), Decimal(0)],
            "claude-sonnet-4-5-20250929": [Decimal(string: "0.01128"), Decimal(string: "0.01128")],
            "claude-haiku-4-5-20251001": [Decimal(string: "0.0004"), Decimal(string: "0.0004")],
        ])
        let table = try BinaryRunner.run(["report", workspace.snapshotDirectory, "--by", "model", "--window", "30d"], in: workspace)
        #expect(table.stdoutText.contains("of it estimated"))
    }

    @Test func claudeCodeMetricsOptionCountsTheMetricsInsteadOfTheEvents() throws {
        // ClaudeCodeMetricsTests: the metrics give ben 750 tokens (300 + 50 + 400), the events of
        // the same calls 350; one is counted, never both.
        for (flag, ben) in [([String](), Int64(350)), (["--claude-code-metrics"], Int64(750))] {
            let workspace = TestWorkspace()
            let run = try BinaryRunner.run([
                "ingest", "--snapshot-dir", workspace.snapshotDirectory, "--quiet", "--max-future", "100000d",
            ] + flag + [SourceFixtureTests.fixture("claude-code-otel-metrics.jsonl")], in: workspace)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try report(workspace, by: "user") == ["ana@example.com": 17_492, "ben@example.com": ben])
        }
    }

    @Test func otelAttributeKeysAreConfigurable() throws {
        let workspace = TestWorkspace()
        // service.name as the team: every span of the first line goes to support-bot.
        let run = try BinaryRunner.run([
            "ingest", "--snapshot-dir", workspace.snapshotDirectory, "--quiet", "--source", "otel", "--max-future", "100000d",
            "--otel-team-attributes", "service.name", SourceFixtureTests.fixture("otel-traces.jsonl"),
        ], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try report(workspace, by: "team") == ["support-bot": 1_450, "batch-job": 77, "claude-code": 5_300])
    }

    @Test func mapOptionsReadACustomSource() throws {
        let workspace = TestWorkspace()
        let input = workspace.write("custom.jsonl", lines: [
            #"{"event_time": 1795176000, "actor": {"email": "ivy@example.com"}, "llm": "gpt-4o", "in": 10}"#,
            #"{"event_time": 1795176001, "actor": {"email": "jo@example.com"}, "llm": "gpt-4o", "in": 5}"#,
        ])
        let run = try BinaryRunner.run([
            "ingest", "--snapshot-dir", workspace.snapshotDirectory, "--quiet", "--max-future", "100000d",
            "--map", "user=actor.email", "--map", "ts=event_time", "--ts-unit", "s", "--map", "model=llm",
            "--map", "input_tokens=in", input,
        ], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try report(workspace, by: "user") == ["ivy@example.com": 10, "jo@example.com": 5])
    }

    @Test func badSourceOptionsExitTwoWithTheReason() throws {
        let workspace = TestWorkspace()
        for (arguments, reason) in [
            (["--source", "splunk"], "is not one of"),
            (["--map", "person=actor.email"], "not a schema v1 field"),
            (["--source", "otel", "--map", "user=a"], "--map describes a custom source"),
            (["--source", "map"], "needs at least one --map"),
            (["--ts-unit", "h"], "--ts-unit"),
        ] {
            let run = try BinaryRunner.run(["ingest", "--snapshot-dir", workspace.snapshotDirectory] + arguments + ["/dev/null"], in: workspace)
            #expect(run.status == 2, "\(arguments): \(run.status)")
            #expect(run.stderr.contains(reason), "\(arguments): \(run.stderr)")
        }
    }
}
