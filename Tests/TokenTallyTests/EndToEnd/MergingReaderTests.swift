import Foundation
import Testing
@testable import TallyCore
@testable import TallyStages

/// Readers given several snapshots merge them on the fly: through the built binary, each prints
/// what it prints of `tokentally merge`'s result, and what merge refuses they refuse the same way.
@Suite(.serialized) struct MergingReaderTests {
    /// The in-memory merge's name where a file's path would be.
    private static let mergedName = "merged in memory from 3 snapshots"

    /// `inspect`'s lines about the file itself rather than its content: its path, sequence,
    /// creation time and checksum (of a header that holds the sequence and creation time).
    private static let fileLines = ["snapshot ", "format ", "created ", "checksum "]

    @Test func everyReaderOfSeveralDirectoriesPrintsWhatItPrintsOfTheirMerge() throws {
        let workspace = TestWorkspace()
        // Several people per task (the generator's default): tasks shared by parts give the merged
        // header its task caveat, which the readers must show as they show a merged file's.
        let stream = try PersonSplitStream(workspace, events: TestScale.events(30_000), parts: 3)
        let (_, instances, merged) = try stream.ingestAndMerge(workspace, single: false)
        let inexactTaskRuns = try SnapshotLocator.open(merged) { _ in }.header.inexactTaskRuns
        #expect(inexactTaskRuns > 0)
        let listings = try instances.map { try FileManager.default.contentsOfDirectory(atPath: $0).sorted() }

        /// Standard output and error (notes beside CSV and JSON) of `arguments` on the instances
        /// and on the merged directory are the same.
        func same(_ arguments: [String]) throws {
            let (onTheFly, ofMerged) = (try BinaryRunner.run(arguments + instances, in: workspace),
                                        try BinaryRunner.run(arguments + [merged], in: workspace))
            #expect(onTheFly.status == 0 && ofMerged.status == 0, "\(arguments): \(onTheFly.stderr)")
            #expect(onTheFly.stdoutText == ofMerged.stdoutText, "\(arguments)")
            #expect(onTheFly.stderr == ofMerged.stderr, "\(arguments)")
        }
        for format in ["table", "csv", "json"] {
            for dimension in KeyDimension.allCases {
                try same(["report", "--by", dimension.name, "--window", "7d", "--format", format])
            }
            try same(["flags", "--window", "30d", "--format", format])
            try same(["leaderboard", "--window", "30d", "--format", format])
        }
        for window in ["1h", "24h", "30d"] {
            try same(["report", "--by", "team", "--window", window, "--min-group", "3"])
            try same(["flags", "--window", window, "--run-calls-min", "5"])
        }
        let flags = try BinaryRunner.output(["flags"] + instances, in: workspace)
        #expect(flags.contains("merged snapshot: \(inexactTaskRuns) tasks' calls since their latest status are not exact"))

        // inspect: the same header, parts, completeness watermark, caveat and sections.
        let table = try BinaryRunner.output(["inspect"] + instances, in: workspace)
        func content(_ text: String) -> [Substring] {
            text.split(separator: "\n").filter { line in !Self.fileLines.contains { line.hasPrefix($0) } }
        }
        #expect(content(table) == content(try BinaryRunner.output(["inspect", merged], in: workspace)))
        #expect(table.hasPrefix("snapshot            \(Self.mergedName)\nformat              tokentally-snapshot version 2, sequence 0\n"))
        #expect(table.contains("merged              3 parts, complete through "))
        #expect(table.contains("caveat              task_calls_since_status: \(inexactTaskRuns) tasks"))
        func contentJSON(_ directories: [String]) throws -> NSDictionary {
            let text = try BinaryRunner.output(["inspect", "--format", "json"] + directories, in: workspace)
            var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            for key in ["path", "checksum", "sequence", "created_at_ms", "created_at"] { object[key] = nil }
            return object as NSDictionary
        }
        #expect(try contentJSON(instances) == contentJSON([merged]))

        // dashboard: the same page but its subtitle, which names the file and when it was written.
        func page(_ directories: [String], _ name: String) throws -> String {
            let path = workspace.path + "/" + name
            _ = try BinaryRunner.output(["dashboard", "--window", "7d", "--min-group", "2", "-o", path] + directories, in: workspace)
            return try String(contentsOfFile: path, encoding: .utf8)
        }
        let (onTheFly, ofMerged) = (try page(instances, "on-the-fly.html"), try page([merged], "merged.html"))
        #expect(onTheFly.contains("<p class=\"subtitle\">\(Self.mergedName) · data up to "))
        let subtitle = /<p class="subtitle">[^<]*<\/p>/
        #expect(onTheFly.replacing(subtitle, with: "") == ofMerged.replacing(subtitle, with: ""))
        #expect(onTheFly.contains("\(inexactTaskRuns) tasks&#39; calls since their latest status are not exact"))

        // Nothing was written beside the parts.
        #expect(try instances.map { try FileManager.default.contentsOfDirectory(atPath: $0).sorted() } == listings)
    }

    @Test func whatMergeRefusesEveryReaderRefusesWithItsMessageAndStatus() throws {
        let workspace = TestWorkspace()
        let alice = workspace.write("alice.ndjson", lines: [usageLine(utcMs(2026, 10, 1, 9), user: "alice", tokens: 5)])
        let bob = workspace.write("bob.ndjson", lines: [usageLine(utcMs(2026, 10, 1, 10), user: "bob", tokens: 7),
                                                         usageLine(utcMs(2026, 10, 1, 11), user: "alice", tokens: 1)])
        let (a, hours, b) = (workspace.path + "/alice", workspace.path + "/hours", workspace.path + "/bob")
        try PersonSplitStream.ingest(alice, into: a, workspace)
        try PersonSplitStream.ingest(alice, into: hours, workspace, ["--windows", "1h,24h"])
        try PersonSplitStream.ingest(bob, into: b, workspace)
        let page = workspace.path + "/page.html"
        let readers = [["report"], ["flags"], ["leaderboard"], ["inspect"], ["dashboard", "-o", page]]

        // The same directory twice, different windows, a person in both.
        for (pair, reason) in [([a, a], "is the same snapshot as"), ([a, hours], "has windows 1h,24h but"), ([a, b], "user alice of")] {
            let merge = try BinaryRunner.run(["merge"] + pair + ["-o", workspace.path + "/out"], in: workspace)
            #expect(merge.status == 2 && merge.stderr.contains(reason), "\(merge.stderr)")
            for reader in readers {
                let run = try BinaryRunner.run(reader + pair, in: workspace)
                #expect(run.status == 2, "\(reader) \(reason)")
                #expect(run.stderr == merge.stderr, "\(reader) \(reason)")
                #expect(run.stdout.isEmpty)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: page))

        // A part that cannot be read: exit status 1 and the message one path gives.
        let missing = workspace.path + "/missing"
        let alone = try BinaryRunner.run(["report", missing], in: workspace)
        let withAnother = try BinaryRunner.run(["report", a, missing], in: workspace)
        #expect(alone.status == 1 && withAnother.status == 1)
        #expect(withAnother.stderr == alone.stderr && !alone.stderr.isEmpty)

        // A part that did not allow the leaderboard keeps the merge from ranking.
        let carol = workspace.write("carol.ndjson", lines: [usageLine(utcMs(2026, 10, 1, 9), user: "carol", tokens: 3)])
        let unranked = try BinaryRunner.run(["ingest", "--quiet", "--snapshot-dir", workspace.path + "/carol", carol], in: workspace)
        #expect(unranked.status == 0, "\(unranked.stderr)")
        let board = try BinaryRunner.run(["leaderboard", a, workspace.path + "/carol"], in: workspace)
        #expect(board.status == 2)
        #expect(board.stderr.contains("a part of this merged snapshot was written without --allow-leaderboard"), "\(board.stderr)")
    }
}
