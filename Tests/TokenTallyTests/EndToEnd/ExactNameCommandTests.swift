import Foundation
import Testing
@testable import TallyCore

/// Two ids that are canonically equivalent but differ in bytes ("é" as U+00E9, and "e" followed by
/// U+0301) are two people to the engine, and so to every reader, through the built binary. Readers
/// used to key figures by Swift `String`, whose equality is canonical equivalence: they showed one
/// person's outcomes on both rows, counted one active person, and let a viewer see the other's rows.
@Suite(.serialized) struct ExactNameCommandTests {
    static let composed = "jos\u{E9}", decomposed = "jose\u{301}"

    private func ingest(_ workspace: TestWorkspace) throws -> String {
        let at = { (minute: Int) in InsightScenario.at(0, 10, minute) }
        let lines = (0..<3).map { InsightScenario.usage(at($0), Self.composed, "red", "eng", model: "m1", task: "T1", input: 100) }
            + (0..<2).map { InsightScenario.usage(at($0), Self.decomposed, "blue", "ops", model: "m2", task: "T2", input: 7) }
            + [InsightScenario.outcome(at(30), Self.composed, "red", "eng", task: "T1", status: "shipped")]
        let input = workspace.write("names.ndjson", lines: lines)
        let run = try BinaryRunner.run(["ingest", "--snapshot-dir", workspace.snapshotDirectory, "--quiet", input], in: workspace)
        #expect(run.status == 0, "ingest: \(run.stderr)")
        return workspace.snapshotDirectory
    }

    /// Each row of `report --by user` as "user-bytes tokens touched shipped".
    private func rows(_ output: Data) throws -> [String] {
        let rows = try #require(try JSONSerialization.jsonObject(with: output) as? [[String: Any]])
        return rows.map { row in
            let user = (row["user"] as? String).map { Array($0.utf8).map(String.init).joined(separator: ".") } ?? "?"
            return "\(user) \(row["total_tokens"] ?? "?") \(row["tasks_touched"] ?? "?") \(row["tasks_shipped"] ?? "?")"
        }
    }

    @Test func theTwoIdsAreTwoPeopleInReports() throws {
        let workspace = TestWorkspace()
        let snapshots = try ingest(workspace)
        let json = try BinaryRunner.run(["report", snapshots, "--by", "user", "--window", "24h", "--format", "json"], in: workspace)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(try rows(json.stdout) == ["106.111.115.195.169 300 1 1", "106.111.115.101.204.129 14 1 0"])
        let table = try BinaryRunner.run(["report", snapshots, "--by", "team", "--window", "24h"], in: workspace)
        #expect(table.stdoutText.contains("2 active people in 2 teams and 2 orgs"), "\(table.stdoutText)")
    }

    @Test func aViewerSeesOnlyTheIdTheOrgChartNames() throws {
        let workspace = TestWorkspace()
        let snapshots = try ingest(workspace)
        let chart = workspace.write("chart.csv", lines: ["user,manager", "\(Self.composed),"])
        let run = try BinaryRunner.run(
            ["report", snapshots, "--by", "user", "--window", "24h", "--format", "json", "--viewer", Self.composed, "--org-chart", chart],
            in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try rows(run.stdout) == ["106.111.115.195.169 300 1 1"])
    }
}
