import Foundation
import Testing
@testable import TallyCore
@testable import TallyStages

/// `tokentally merge` through the built binary: parts split by person merge to what one ingest of
/// the whole stream gives, and the parts that cannot merge exactly are refused.
@Suite(.serialized) struct MergeCommandTests {
    @Test func partsSplitByPersonMergeToOneIngestOfTheWholeStream() throws {
        let workspace = TestWorkspace()
        // One person per task: every figure merges exactly (tasks shared by people in different
        // parts are the next test's).
        let stream = try PersonSplitStream(workspace, events: TestScale.events(60_000), parts: 3, ["--people-per-task", "1"])
        let (single, directories, merged) = try stream.ingestAndMerge(workspace)

        // The summary, sections included (their sizes and checksums), row for row.
        try SnapshotComparison.expectSameSummary(merged, single)
        // Keys are recounted from the merged buckets: those with a bucket the longest windows include.
        let singleFile = try SnapshotLocator.open(single) { _ in }
        for dimension in KeyDimension.allCases {
            let live = try Set(singleFile.totals(dimension: dimension, window: "30d").map(\.key))
                .union(singleFile.totals(dimension: dimension, window: "24h").map(\.key))
            #expect(try SnapshotLocator.open(merged) { _ in }.header.keysByDimension[dimension.rawValue] == live.count, "\(dimension.name)")
        }
        try SnapshotComparison.expectSameReadings(merged, single, workspace)

        // The header lists each part with its position, and the earliest watermark as complete.
        let file = try SnapshotLocator.open(merged) { _ in }
        #expect(file.header.inexactTaskRuns == 0)
        let partFiles = try directories.map { try SnapshotLocator.open($0) { _ in } }
        #expect(file.header.mergedParts.map(\.path) == partFiles.map(\.path))
        #expect(file.header.mergedParts.map(\.sources) == partFiles.map(\.header.sources))
        #expect(file.header.completenessWatermarkMs == partFiles.map(\.header.watermarkMs).min())
        #expect(file.header.watermarkMs == partFiles.map(\.header.watermarkMs).max())
        let inspect = try BinaryRunner.output(["inspect", merged], in: workspace)
        #expect(inspect.contains("merged              3 parts, complete through "
            + Timestamp.format(ms: file.header.completenessWatermarkMs)))

        // Its input positions are the parts' runs': it cannot be resumed.
        let resume = try BinaryRunner.run(["ingest", "--resume", "--snapshot-dir", merged, stream.whole], in: workspace)
        #expect(resume.status == 2 && resume.stderr.contains("written by tokentally merge"), "\(resume.stderr)")
    }

    @Test func tasksSharedByPeopleOfDifferentPartsAreCountedWhereTheirRunIsNotExact() throws {
        let workspace = TestWorkspace()
        let stream = try PersonSplitStream(workspace, events: TestScale.events(30_000), parts: 2)
        let (single, _, merged) = try stream.ingestAndMerge(workspace)
        let file = try SnapshotLocator.open(merged) { _ in }
        #expect(file.header.inexactTaskRuns > 0)
        #expect(try BinaryRunner.output(["inspect", merged], in: workspace)
            .contains("caveat              task_calls_since_status: \(file.header.inexactTaskRuns) tasks"))
        for window in SnapshotComparison.windows {
            let report = ["report", "--by", "team", "--window", window, "--format", "csv"]
            #expect(try BinaryRunner.output(report + [merged], in: workspace)
                == BinaryRunner.output(report + [single], in: workspace), "team \(window)")
        }

        // Every flag is the same but the runs of tasks that people of both parts worked on.
        /// Each flag's text fields, and its people joined.
        func flags(_ directory: String) throws -> [[String: String]] {
            let run = try BinaryRunner.run(["flags", directory, "--window", "30d", "--format", "json"], in: workspace)
            #expect(run.status == 0, "\(run.stderr)")
            let flags = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [[String: Any]])
            return flags.map { flag in flag.mapValues { ($0 as? [String])?.joined(separator: ",") ?? "\($0)" } }
        }
        let (mergedFlags, singleFlags) = (try flags(merged), try flags(single))
        func exact(_ flags: [[String: String]]) -> [[String: String]] {
            flags.filter { $0["kind"] != "run_inflation" || !stream.sharedTasks.contains($0["subject"]!) }
        }
        #expect(exact(mergedFlags) == exact(singleFlags))
        #expect(mergedFlags.count > exact(mergedFlags).count)
        let noted = try BinaryRunner.run(["flags", merged, "--window", "30d"], in: workspace)
        #expect(noted.stdoutText.contains("\(file.header.inexactTaskRuns) tasks' calls since their latest status are not exact"))
    }

    @Test func theSameSnapshotTwiceIsRefused() throws {
        let workspace = TestWorkspace()
        let input = workspace.write("a.ndjson", lines: [usageLine(utcMs(2026, 10, 1, 9), user: "alice", tokens: 5)])
        let directory = workspace.path + "/a"
        try PersonSplitStream.ingest(input, into: directory, workspace)
        let copy = workspace.path + "/copy.ndjson.zst"
        try FileManager.default.copyItem(atPath: try SnapshotLocator.open(directory) { _ in }.path, toPath: copy)
        for second in [directory, copy] {
            let run = try BinaryRunner.run(["merge", directory, second, "-o", workspace.path + "/out"], in: workspace)
            #expect(run.status == 2)
            #expect(run.stderr.contains("is the same snapshot as"), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: workspace.path + "/out"))
    }

    @Test func partsWithDifferentWindowsOrAPersonInBothAreRefused() throws {
        let workspace = TestWorkspace()
        let alice = workspace.write("alice.ndjson", lines: [usageLine(utcMs(2026, 10, 1, 9), user: "alice", tokens: 5)])
        let bob = workspace.write("bob.ndjson", lines: [usageLine(utcMs(2026, 10, 1, 10), user: "bob", tokens: 7),
                                                         usageLine(utcMs(2026, 10, 1, 11), user: "alice", tokens: 1)])
        try PersonSplitStream.ingest(alice, into: workspace.path + "/alice", workspace)
        try PersonSplitStream.ingest(alice, into: workspace.path + "/hours", workspace, ["--windows", "1h,24h"])
        try PersonSplitStream.ingest(bob, into: workspace.path + "/bob", workspace)

        let windows = try BinaryRunner.run(["merge", workspace.path + "/alice", workspace.path + "/hours", "-o", workspace.path + "/out"],
                                           in: workspace)
        #expect(windows.status == 2)
        #expect(windows.stderr.contains("has windows 1h,24h but"), "\(windows.stderr)")
        let shared = try BinaryRunner.run(["merge", workspace.path + "/alice", workspace.path + "/bob", "-o", workspace.path + "/out"],
                                          in: workspace)
        #expect(shared.status == 2)
        #expect(shared.stderr.contains("user alice of"), "\(shared.stderr)")
    }

    @Test func aMergedSnapshotMergesOnListingItsOwnParts() throws {
        let workspace = TestWorkspace()
        var directories: [String] = []
        for (i, user) in ["alice", "bob", "carol"].enumerated() {
            let input = workspace.write("\(user).ndjson", lines: [usageLine(utcMs(2026, 10, 1, 9 + i), user: user, team: "t", tokens: 10 + i)])
            directories.append(workspace.path + "/" + user)
            try PersonSplitStream.ingest(input, into: directories[i], workspace)
        }
        let first = try BinaryRunner.run(["merge", directories[0], directories[1], "-o", workspace.path + "/ab"], in: workspace)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try BinaryRunner.run(["merge", workspace.path + "/ab", directories[2], "-o", workspace.path + "/abc"], in: workspace)
        #expect(second.status == 0, "\(second.stderr)")

        let file = try SnapshotLocator.open(workspace.path + "/abc") { _ in }
        let parts = try directories.map { try SnapshotLocator.open($0) { _ in } }
        #expect(file.header.mergedParts.map(\.path) == parts.map(\.path))
        #expect(file.header.completenessWatermarkMs == utcMs(2026, 10, 1, 9))
        #expect(try file.tokens(.team, "24h") == ["t": 33])
        #expect(try file.tokens(.user, "24h") == ["alice": 10, "bob": 11, "carol": 12])
    }

    @Test func aVersion1PartIsRead() throws {
        let workspace = TestWorkspace()
        let v1 = try SnapshotFile(path: SnapshotFixtures.v1Full)
        // Another person's events, before the fixture's watermark: the merged windows end where its do.
        let zed = workspace.write("zed.ndjson", lines: [usageLine(v1.header.watermarkMs - 3_600_000, user: "zed", team: "team-0000", tokens: 11)])
        try PersonSplitStream.ingest(zed, into: workspace.path + "/zed", workspace, ["--prices", "none"])
        let merged = workspace.path + "/merged"
        let run = try BinaryRunner.run(["merge", SnapshotFixtures.v1Full, workspace.path + "/zed", "-o", merged], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")

        let file = try SnapshotLocator.open(merged) { _ in }
        #expect(file.header.version == SnapshotHeader.currentVersion)
        #expect(file.header.watermarkMs == v1.header.watermarkMs)
        #expect(file.header.counters.linesRead == 601)
        for window in SnapshotComparison.windows {
            var users = try v1.tokens(.user, window)
            users["zed"] = window == "1h" ? nil : 11
            #expect(try file.tokens(.user, window) == users, "\(window)")
            var teams = try v1.tokens(.team, window)
            if window != "1h" { teams["team-0000", default: 0] += 11 }
            #expect(try file.tokens(.team, window) == teams, "\(window)")
        }
        #expect(try file.insightRows().people.count == v1.insightRows().people.count + 1)
    }
}
