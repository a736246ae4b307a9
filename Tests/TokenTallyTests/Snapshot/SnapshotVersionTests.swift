import Foundation
import Testing
@testable import TallyStages

/// Version 1 files (written by tokentally before version 2, Tests/Fixtures/snapshots-v1) stay
/// readable with the same answers, and `ingest --resume` continues from version 1 and version 2
/// files to the state of one uninterrupted run. Runs the real binary, as people do.
@Suite struct SnapshotVersionTests {
    /// Everything a reader or a resume takes from a snapshot, in a comparable form.
    struct Answers: Equatable {
        var counters: IngestCounters
        var watermarkMs: Int64
        var totals: [SnapshotTotal]
        var insights: InsightRows
        var buckets: [String]
        var ids: [String]

        init(_ file: SnapshotFile) throws {
            counters = file.header.counters
            watermarkMs = file.header.watermarkMs
            totals = try file.totals()
            // Each kind in one order: version 1 sorts rows by name, version 2 by identity hash.
            insights = try file.insightRows()
            func sort<T>(_ rows: inout [T]) { rows.sort { "\($0)" < "\($1)" } }
            sort(&insights.people)
            sort(&insights.activity)
            sort(&insights.sessions)
            sort(&insights.closedSessions)
            sort(&insights.tasks)
            sort(&insights.work)
            sort(&insights.loops)
            var buckets: [String] = []
            try file.forEachBucketRow { buckets.append("\($0.dimension) \(String(decoding: $0.key, as: UTF8.self)) \($0.hours) \($0.days)") }
            self.buckets = buckets.sorted()
            ids = try file.duplicateIDs().map { "\($0.hour) \($0.high) \($0.low)" }.sorted()
        }

        /// Version 1 files were written before sessions closed after 4 idle hours (docs/insights.md):
        /// their sessions keep the old definition, so only the rest can equal a version 2 run's.
        var withoutSessions: Answers {
            var a = self
            a.insights.sessions = []
            a.insights.closedSessions = []
            return a
        }

        /// Each person's longest session, open or closed.
        var longestSessionMs: [String: Int64] {
            var longest: [String: Int64] = [:]
            for s in insights.sessions { longest[s.user] = max(longest[s.user] ?? 0, s.lastMs - s.firstMs) }
            for s in insights.closedSessions { longest[s.user] = max(longest[s.user] ?? 0, s.lastMs - s.firstMs) }
            return longest
        }
    }

    /// `ingest events.ndjson` run in `directory`, as the fixtures were. Without a price table: the
    /// bundled one changes with releases, the fixtures' costs must not.
    private func ingest(_ workspace: TestWorkspace, in directory: String, resume: Bool = false) throws -> SnapshotFile {
        let run = try BinaryRunner.run(
            ["ingest", "events.ndjson", "--snapshot-dir", "snaps", "--prices", "none", "--quiet"] + (resume ? ["--resume"] : []),
            in: workspace, workingDirectory: directory)
        #expect(run.status == 0, "\(run.stderr)")
        return try SnapshotLocator.open(directory + "/snaps") { _ in }
    }

    private func directory(_ workspace: TestWorkspace, _ name: String, lines: Int? = nil) throws -> String {
        let path = workspace.path + "/" + name
        try FileManager.default.createDirectory(atPath: path + "/snaps", withIntermediateDirectories: true)
        var events = try String(contentsOfFile: SnapshotFixtures.events, encoding: .utf8)
        if let lines { events = events.split(separator: "\n").prefix(lines).joined(separator: "\n") + "\n" }
        try events.write(toFile: path + "/events.ndjson", atomically: false, encoding: .utf8)
        return path
    }

    @Test func version1AndVersion2FilesOfTheSameInputGiveTheSameAnswers() throws {
        let workspace = TestWorkspace()
        let v1 = try SnapshotFile(path: SnapshotFixtures.v1Full)
        let v2 = try ingest(workspace, in: try directory(workspace, "v2"))
        #expect(v1.header.version == 1 && v1.sections.isEmpty)
        #expect(v2.header.version == 2 && v2.sections.count == 3)
        let answers = try Answers(v1)
        #expect(try Answers(v2).withoutSessions == answers.withoutSessions)
        #expect(!answers.totals.isEmpty && !answers.insights.sessions.isEmpty && !answers.buckets.isEmpty && !answers.ids.isEmpty)
        // The old definition never splits a session, so nobody's longest session got longer.
        let old = answers.longestSessionMs
        for (user, span) in try Answers(v2).longestSessionMs { #expect(span <= old[user] ?? -1, "\(user)") }
        // And the commands print the same.
        for command in Self.commands {
            let old = try BinaryRunner.run(command + [SnapshotFixtures.v1Full], in: workspace)
            let new = try BinaryRunner.run(command + [v2.path], in: workspace)
            #expect(old.status == new.status && old.stdout == new.stdout && old.stderr == new.stderr, "\(command)")
        }
    }

    /// The reports' commands, each compared between an older file and a new one of the same input.
    private static let commands = [
        ["report", "--by", "team", "--window", "30d"], ["report", "--by", "user", "--window", "7d", "--format", "json"],
        ["flags", "--window", "30d", "--format", "json"], ["leaderboard", "--window", "30d"],
    ]

    @Test func filesWithEarlierSectionLayoutsGiveTheSameAnswers() throws {
        let workspace = TestWorkspace()
        let old = try SnapshotFile(path: SnapshotFixtures.earlierSectionsFull)
        let new = try ingest(workspace, in: try directory(workspace, "new"))
        #expect(old.header.version == 2 && old.sections.map(\.version) == [2, 1, 3])
        #expect(new.sections.first { $0.kind == InsightState.section }?.version == 4)
        let answers = try Answers(old)
        #expect(try Answers(new) == answers)
        #expect(answers.insights.tasks.contains { $0.status != nil } && !answers.insights.work.isEmpty)
        for command in Self.commands {
            let before = try BinaryRunner.run(command + [old.path], in: workspace)
            let after = try BinaryRunner.run(command + [new.path], in: workspace)
            #expect(before.status == after.status && before.stdout == after.stdout && before.stderr == after.stderr, "\(command)")
        }
    }

    @Test func resumingFromAFileWithEarlierSectionLayoutsContinuesExactly() throws {
        let workspace = TestWorkspace()
        let whole = try Answers(try ingest(workspace, in: try directory(workspace, "whole")))
        let resumed = try directory(workspace, "resumed")
        try FileManager.default.copyItem(
            atPath: SnapshotFixtures.earlierSectionsHalf, toPath: resumed + "/snaps/snapshot-000000000001.ndjson.zst")
        let file = try ingest(workspace, in: resumed, resume: true)
        #expect(file.header.sequence == 2 && file.header.counters.linesRead == 600)
        #expect(try Answers(file) == whole)
    }

    @Test func resumingFromAVersion1FileContinuesExactly() throws {
        let workspace = TestWorkspace()
        let whole = try Answers(try ingest(workspace, in: try directory(workspace, "whole")))
        // The run stopped after 300 lines; the file grew to 600 since.
        let resumed = try directory(workspace, "resumed")
        try FileManager.default.copyItem(atPath: SnapshotFixtures.v1Half, toPath: resumed + "/snaps/snapshot-000000000001.ndjson.zst")
        let file = try ingest(workspace, in: resumed, resume: true)
        #expect(file.header.version == 2 && file.header.sequence == 2)
        // The first 300 lines' sessions keep the old definition (one session however idle).
        let answers = try Answers(file)
        #expect(answers.withoutSessions == whole.withoutSessions)
        let split = whole.longestSessionMs
        for (user, span) in answers.longestSessionMs { #expect(span >= split[user] ?? -1, "\(user)") }
    }

    @Test func resumingFromAVersion2FileContinuesExactly() throws {
        let workspace = TestWorkspace()
        let whole = try Answers(try ingest(workspace, in: try directory(workspace, "whole")))
        let resumed = try directory(workspace, "resumed", lines: 300)
        let half = try ingest(workspace, in: resumed)
        #expect(half.header.counters.linesRead == 300)
        try FileManager.default.copyItem(atPath: SnapshotFixtures.events, toPath: resumed + "/events.next")
        try FileManager.default.removeItem(atPath: resumed + "/events.ndjson")
        try FileManager.default.moveItem(atPath: resumed + "/events.next", toPath: resumed + "/events.ndjson")
        let file = try ingest(workspace, in: resumed, resume: true)
        #expect(file.header.sequence == 2)
        #expect(try Answers(file) == whole)
    }
}
