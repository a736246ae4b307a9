import Foundation
import Testing
@testable import TallySnapshot
@testable import TallyStages

/// Session and task ids under `ingest --pseudonymize-key` (and `--pseudonymize-tasks`) through the
/// built binary: no raw id left in the snapshot or the readers' output, `tokentally pseudonym` maps
/// known ids to what the readers show, and a resume that would mix raw and pseudonymised ids is refused.
@Suite(.serialized) struct PseudonymCommandTests {
    static let keyText = "0123456789abcdef0123456789abcdef"
    /// Computed with Python's `hmac` (see GovernancePseudonymKeyTests), not by the code under test.
    static let loopSession = "s-1e77ac470aad73904983f55d318e7cf0"
    static let taskT3 = "t-ef7f300b4ca9054ba24426eeb26657af"

    private func ingest(_ workspace: TestWorkspace, _ extra: [String], directory: String) throws -> BinaryRunner.Result {
        let input = workspace.write("scenario.ndjson", lines: InsightScenario.lines)
        return try BinaryRunner.run(["ingest", "--snapshot-dir", directory, "--quiet", input] + extra, in: workspace)
    }

    @Test func sessionAndTaskIdsArePseudonymisedAndTheKeyHolderMapsThemBack() throws {
        let workspace = TestWorkspace()
        let key = workspace.write("key", Array((Self.keyText + "\n").utf8))
        let snapshots = workspace.snapshotDirectory
        let run = try ingest(workspace, ["--pseudonymize-key", key, "--pseudonymize-tasks"], directory: snapshots)
        #expect(run.status == 0, "\(run.stderr)")

        let snapshot = try SnapshotLocator.open(snapshots) { _ in }
        let text = try snapshotText(snapshot.path)
        for raw in ["s-a", "loop-1", "T1", "T2", "T3", "T4", "T5"] {
            #expect(!text.contains("\"\(raw)\""), "\(raw) appears in the snapshot")
        }
        #expect(text.contains(Self.loopSession) && text.contains(Self.taskT3))
        #expect(snapshot.header.sessionsPseudonymized && snapshot.header.tasksPseudonymized)

        let flags = try BinaryRunner.run(["flags", snapshots, "--window", "7d", "--format", "json"], in: workspace)
        #expect(flags.status == 0, "\(flags.stderr)")
        #expect(!flags.stdoutText.contains("loop-1") && !flags.stdoutText.contains("\"T3\""))
        let list = try #require(try JSONSerialization.jsonObject(with: flags.stdout) as? [[String: Any]])
        let inflated = list.filter { $0["kind"] as? String == "run_inflation" }.compactMap { $0["subject"] as? String }
        #expect(inflated.first == Self.taskT3)
        #expect(list.contains { ($0["evidence"] as? String)?.contains("session \(Self.loopSession)") == true })
        let report = try BinaryRunner.run(["report", snapshots, "--window", "7d"], in: workspace)
        #expect(!report.stdoutText.contains("loop-1") && !report.stdoutText.contains("T3"))

        // The key holder maps a candidate id to the pseudonym a reader shows.
        let mapped = try BinaryRunner.run(["pseudonym", "--key", key, "--kind", "task", "T3", "T9"], in: workspace)
        #expect(mapped.status == 0, "\(mapped.stderr)")
        #expect(mapped.stdoutText.hasPrefix("T3\t\(Self.taskT3)\nT9\tt-"))
        let sessions = workspace.write("sessions.txt", lines: ["loop-1"])
        let session = try BinaryRunner.run(["pseudonym", "--key", key, "--kind", "session"], stdinPath: sessions, in: workspace)
        #expect(session.stdoutText == "loop-1\t\(Self.loopSession)\n")
        let inspect = try BinaryRunner.run(["inspect", snapshots], in: workspace)
        #expect(inspect.stdoutText.contains("session ids         pseudonymised"))
    }

    @Test func withoutPseudonymizeTasksOnlySessionIdsAreReplaced() throws {
        let workspace = TestWorkspace()
        let key = workspace.write("key", Array(Self.keyText.utf8))
        let snapshots = workspace.snapshotDirectory
        #expect(try ingest(workspace, ["--pseudonymize-key", key], directory: snapshots).status == 0)
        let snapshot = try SnapshotLocator.open(snapshots) { _ in }
        let text = try snapshotText(snapshot.path)
        #expect(!text.contains("\"loop-1\"") && !text.contains("\"s-a\"") && text.contains("\"T3\""))
        #expect(snapshot.header.sessionsPseudonymized && !snapshot.header.tasksPseudonymized)

        let tasksWithoutKey = try ingest(workspace, ["--pseudonymize-tasks"], directory: workspace.path + "/nokey")
        #expect(tasksWithoutKey.status == 2 && tasksWithoutKey.stderr.contains("--pseudonymize-key"))
    }

    @Test func resumeWithAChangedTaskSettingIsRefused() throws {
        let workspace = TestWorkspace()
        let key = workspace.write("key", Array(Self.keyText.utf8))
        let pseudonymised = workspace.path + "/tasks"
        #expect(try ingest(workspace, ["--pseudonymize-key", key, "--pseudonymize-tasks"], directory: pseudonymised).status == 0)
        let raw = try ingest(workspace, ["--resume", "--pseudonymize-key", key], directory: pseudonymised)
        #expect(raw.status == 2 && raw.stderr.contains("task pseudonyms"), "\(raw.stderr)")

        let plain = workspace.path + "/plain"
        #expect(try ingest(workspace, ["--pseudonymize-key", key], directory: plain).status == 0)
        let tasks = try ingest(workspace, ["--resume", "--pseudonymize-key", key, "--pseudonymize-tasks"], directory: plain)
        #expect(tasks.status == 2 && tasks.stderr.contains("raw task ids"), "\(tasks.stderr)")
        // The same setting resumes.
        #expect(try ingest(workspace, ["--resume", "--pseudonymize-key", key], directory: plain).status == 0)
    }

    /// A keyed snapshot as written before session ids were pseudonymised (raw session ids, no
    /// `sessions_pseudonymized`), made from a new one by putting the raw ids back.
    private func writeOldStyleSnapshot(_ path: String) throws {
        func rawIds(_ bytes: [UInt8]) -> [UInt8] {
            let text = String(decoding: bytes, as: UTF8.self).replacing(Self.loopSession, with: "loop-1")
                .replacing("s-49625281bd5c19a7cab6883664c3cded", with: "s-a").replacing(",\"sessions_pseudonymized\":true", with: "")
            return Array(text.utf8)
        }
        let file = try SnapshotFile(path: path)
        var (summary, parts) = try SnapshotAssembly.parts(of: file)
        summary = rawIds(summary)
        // Its insights as NDJSON rows (section version 1), as such snapshots held them.
        for i in parts.indices where parts[i].kind == .insights {
            (parts[i].payload, parts[i].version) = (rawIds(insightNDJSON(try file.insightRows())), 1)
        }
        try Data(try SnapshotAssembly.assemble(summary: summary, parts: parts)).write(to: URL(fileURLWithPath: path))
    }

    @Test func aKeyedSnapshotWithRawSessionIdsResumesWithThemReplaced() throws {
        let workspace = TestWorkspace()
        let key = workspace.write("key", Array(Self.keyText.utf8))
        let snapshots = workspace.snapshotDirectory
        #expect(try ingest(workspace, ["--pseudonymize-key", key, "--snapshot-every", "0"], directory: snapshots).status == 0)
        let first = try SnapshotLocator.open(snapshots) { _ in }
        try writeOldStyleSnapshot(first.path)
        let old = try SnapshotLocator.open(snapshots) { _ in }
        #expect(!old.header.sessionsPseudonymized)
        #expect(try old.insightRows().sessions.contains { $0.session == "loop-1" })

        // One more call in dave's session loop-1, after the 40 the snapshot holds.
        let more = workspace.write("more.ndjson", lines: [
            InsightScenario.usage(InsightScenario.at(0, 5, 40), "dave", "blue", "ops", model: "m1", task: "T3", session: "loop-1",
                                  input: 1000, output: 100),
        ])
        let resumed = try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, "--quiet", "--resume", "--pseudonymize-key", key,
                                            workspace.path + "/scenario.ndjson", more], in: workspace)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let latest = try SnapshotLocator.open(snapshots) { _ in }
        #expect(latest.header.sessionsPseudonymized && latest.header.sequence > old.header.sequence)
        // Neither in the summary nor in the insights section.
        let text = try snapshotText(latest.path)
        #expect(text.contains(Self.loopSession) && !text.contains("\"loop-1\"") && !text.contains("\"s-a\""))
        // The restored session and the new call are one session: 40 + 1 calls.
        #expect(try latest.insightRows().sessions.first { $0.session == Self.loopSession }?.calls == 41)
    }
}
