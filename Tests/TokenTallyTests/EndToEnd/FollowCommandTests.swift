import Foundation
import Testing
@testable import TallySnapshot
@testable import TallyStages

/// `ingest --follow DIR` with the real binary: files that grow, appear, rotate and are truncated
/// while it runs, a resumed follow, and Claude Code transcripts written a line at a time.
@Suite(.serialized) struct FollowCommandTests {
    /// A running `ingest --follow`: snapshots every 100 ms, files looked at every 20 ms. Its stderr
    /// goes to `stderr.txt` in the workspace.
    final class Follow {
        let workspace: TestWorkspace
        let process = Process()
        var logs: String { workspace.url.appendingPathComponent("logs").path }
        var stderrPath: String { workspace.url.appendingPathComponent("stderr.txt").path }
        var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

        /// `unprivileged`: as root, the binary runs as `nobody` (setpriv), for whom permissions hold.
        init(_ workspace: TestWorkspace, _ extra: [String] = [], unprivileged: Bool = false) throws {
            self.workspace = workspace
            try FileManager.default.createDirectory(atPath: workspace.url.appendingPathComponent("logs").path,
                                                    withIntermediateDirectories: true)
            let arguments = [
                "ingest", "--follow", workspace.url.appendingPathComponent("logs").path,
                "--snapshot-dir", workspace.snapshotDirectory, "--snapshot-every", "100ms", "--follow-poll", "20ms",
                "--quiet", "--prices", "none", "--max-future", "100000h", "--user", "ops",
            ] + extra
            if unprivileged {  // `nobody` must be able to write the snapshots
                try FileManager.default.createDirectory(
                    atPath: workspace.snapshotDirectory, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o777])
            }
            let command = unprivileged ? BinaryRunner.unprivileged(arguments) : (executable: BinaryRunner.executable, arguments: arguments)
            process.executableURL = command.executable
            process.arguments = command.arguments
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: stderrPath)
        }

        func start() throws { try process.run() }

        /// Waits until a snapshot shows `lines` lines read and `files` files followed (20 s at most)
        /// and returns its header.
        @discardableResult
        func waitFor(lines: Int, files: Int = 0) -> SnapshotHeader? {
            let directory = SnapshotDirectory(path: workspace.snapshotDirectory)
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if let newest = directory.snapshots().first, let file = try? SnapshotFile(path: newest.path),
                   file.header.counters.linesRead >= lines, file.header.follow.count >= files {
                    return file.header
                }
                usleep(20_000)
            }
            return nil
        }

        /// SIGTERM, then the final snapshot.
        func stop() throws -> SnapshotFile {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            #expect(process.terminationStatus == 128 + SIGTERM)
            return try SnapshotLocator.open(workspace.snapshotDirectory) { _ in }
        }

        func write(_ name: String, _ text: String) {
            let path = logs + "/" + name
            try? FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        }

        func append(_ name: String, _ text: String) throws {
            let handle = try #require(FileHandle(forWritingAtPath: logs + "/" + name))
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            try handle.close()
        }
    }

    static let t0 = utcMs(2026, 11, 1)

    /// One schema v1 line with `tokens` input tokens (distinct powers of ten make every sum unique).
    static func line(_ i: Int, tokens: Int, user: String = "u1") -> String {
        usageLine(t0 + Int64(i) * 1000, user: user, tokens: tokens) + "\n"
    }

    @Test func growingFilesNewFilesAndAPartialLineAreEachCountedOnce() throws {
        let workspace = TestWorkspace()
        let follow = try Follow(workspace)
        follow.write("a.jsonl", Self.line(0, tokens: 1) + Self.line(1, tokens: 2))
        follow.write("ignored.txt", Self.line(2, tokens: 1_000_000))  // not a JSONL name
        try follow.start()
        #expect(follow.waitFor(lines: 2) != nil)

        // A line written in two pieces is held back until its newline arrives.
        let split = Self.line(3, tokens: 10)
        let cut = split.index(split.startIndex, offsetBy: 20)
        try follow.append("a.jsonl", String(split[..<cut]))
        usleep(300_000)
        try follow.append("a.jsonl", String(split[cut...]) + Self.line(4, tokens: 100))
        follow.write("team/b.ndjson", Self.line(5, tokens: 1000, user: "u2"))
        #expect(follow.waitFor(lines: 5) != nil)

        let final = try follow.stop()
        #expect(final.header.counters.linesRead == 5)
        #expect(final.header.counters.rejectedTotal == 0)
        #expect(try final.tokens(.user, "30d") == ["u1": 113, "u2": 1000])
        let files = final.header.follow.map { ($0.path.replacingOccurrences(of: follow.logs + "/", with: ""), $0.linesRead) }
        #expect(files.map(\.0) == ["a.jsonl", "team/b.ndjson"])
        #expect(files.map(\.1) == [4, 1])
        let aSize = try FileManager.default.attributesOfItem(atPath: follow.logs + "/a.jsonl")[.size] as! Int
        #expect(final.header.follow.first?.offset == aSize)
    }

    /// A file the run may not read is said so at once (even with --quiet), read once it may be, and
    /// named in the summary while it stays unreadable.
    @Test func anUnreadableFileIsReportedAndReadOnceItCanBe() throws {
        let workspace = TestWorkspace()
        let follow = try Follow(workspace, unprivileged: true)
        follow.write("open.jsonl", Self.line(0, tokens: 1))
        follow.write("closed.jsonl", Self.line(1, tokens: 10))
        let closed = follow.logs + "/closed.jsonl"
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: closed)
        try follow.start()
        #expect(follow.waitFor(lines: 1) != nil)
        var notice = ""
        for _ in 0..<250 where !notice.contains("cannot read") {  // 5 s at most
            usleep(20_000)
            notice = follow.stderr
        }
        #expect(notice.contains("tokentally: cannot read \(closed) (permission denied)"), "stderr: \(notice)")

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: closed)
        #expect(follow.waitFor(lines: 2, files: 2) != nil, "read after it became readable")
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: closed)
        follow.write("later.jsonl", Self.line(2, tokens: 100))
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: follow.logs + "/later.jsonl")
        usleep(1_500_000)  // more than one walk (every second at this poll interval)
        let final = try follow.stop()
        #expect(final.header.counters.linesRead == 2)
        #expect(try final.tokens(.user, "30d") == ["u1": 11])
        #expect(follow.stderr.contains("1 followed file not readable (permission denied: \(follow.logs)/later.jsonl)"),
                "stderr: \(follow.stderr)")
        #expect(follow.stderr.components(separatedBy: "cannot read \(closed)").count == 2, "said once")
    }

    @Test func aResumedFollowCountsEveryLineOnceAcrossRotation() throws {
        let workspace = TestWorkspace()
        let first = try Follow(workspace)
        first.write("app.jsonl", Self.line(0, tokens: 1) + Self.line(1, tokens: 2))
        first.write("gone.jsonl", Self.line(9, tokens: 5000))
        try first.start()
        #expect(first.waitFor(lines: 3) != nil)
        _ = try first.stop()

        // While it is down: the file grows, is rotated by renaming, and a new one takes its name;
        // another file is deleted.
        try FileManager.default.removeItem(atPath: first.logs + "/gone.jsonl")
        try first.append("app.jsonl", Self.line(2, tokens: 10) + Self.line(3, tokens: 20))
        try FileManager.default.moveItem(atPath: first.logs + "/app.jsonl", toPath: first.logs + "/app.1.jsonl")
        first.write("app.jsonl", Self.line(4, tokens: 100))

        let second = try Follow(workspace, ["--resume"])
        try second.start()
        #expect(second.waitFor(lines: 6) != nil)
        try second.append("app.jsonl", Self.line(5, tokens: 1000))
        #expect(second.waitFor(lines: 7) != nil)
        let final = try second.stop()
        #expect(final.header.counters.linesRead == 7)
        #expect(final.header.counters.eventsAccepted == 7)
        #expect(try final.tokens(.user, "30d") == ["u1": 6133])
        let lines = Dictionary(uniqueKeysWithValues: final.header.follow.map {
            ($0.path.replacingOccurrences(of: second.logs + "/", with: ""), $0.linesRead)
        })
        // The renamed file keeps its line count; the deleted one is gone from the positions. (The new
        // app.jsonl often reuses gone.jsonl's inode: its count must not carry gone.jsonl's on.)
        #expect(lines == ["app.1.jsonl": 4, "app.jsonl": 2])
    }

    @Test func fromEndSkipsWhatWasThereAndAResumeKeepsItsPlace() throws {
        let workspace = TestWorkspace()
        let first = try Follow(workspace, ["--from-end"])
        first.write("a.jsonl", Self.line(0, tokens: 1) + Self.line(1, tokens: 2))
        try first.start()
        // The file is recorded at its end before anything is appended.
        #expect(first.waitFor(lines: 0, files: 1)?.follow.first?.offset == (Self.line(0, tokens: 1) + Self.line(1, tokens: 2)).utf8.count)
        try first.append("a.jsonl", Self.line(2, tokens: 10))
        #expect(first.waitFor(lines: 1) != nil)
        _ = try first.stop()
        // Written while it is down: a resumed run reads it, rather than skipping to the end again.
        try first.append("a.jsonl", Self.line(3, tokens: 100))
        let second = try Follow(workspace, ["--from-end", "--resume"])
        try second.start()
        #expect(second.waitFor(lines: 2) != nil)
        let final = try second.stop()
        #expect(try final.tokens(.user, "30d") == ["u1": 110])
        #expect(final.header.follow.map(\.linesRead) == [2])
    }

    @Test func aTruncatedFileStartsOver() throws {
        let workspace = TestWorkspace()
        let follow = try Follow(workspace)
        follow.write("a.jsonl", Self.line(0, tokens: 1) + Self.line(1, tokens: 2) + Self.line(2, tokens: 4))
        try follow.start()
        #expect(follow.waitFor(lines: 3) != nil)
        // copytruncate: the content moves elsewhere and the file is emptied, then written again.
        let handle = try #require(FileHandle(forWritingAtPath: follow.logs + "/a.jsonl"))
        handle.truncateFile(atOffset: 0)
        try handle.close()
        usleep(200_000)
        try follow.append("a.jsonl", Self.line(3, tokens: 8))
        #expect(follow.waitFor(lines: 4) != nil)
        let final = try follow.stop()
        #expect(try final.tokens(.user, "30d") == ["u1": 15])
        #expect(final.header.follow.map(\.linesRead) == [1])
        #expect(final.header.follow.map(\.offset) == [Self.line(3, tokens: 8).utf8.count])
    }

    @Test func aClaudeCodeResponseWrittenAcrossReadsCountsOnce() throws {
        let lines = try String(contentsOfFile: SourceFixtureTests.fixture("claude-code-session.jsonl"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\n" }
        let workspace = TestWorkspace()
        let follow = try Follow(workspace)
        try follow.start()
        // msg_01 is lines 3-4 (the first with 5 output tokens, the second with 250), msg_05 lines
        // 10, 11 and 13: each response is cut between two writes, well within the 2 s idle close.
        follow.write("proj/s.jsonl", lines[0..<3].joined())
        usleep(200_000)
        try follow.append("proj/s.jsonl", lines[3..<11].joined())
        usleep(200_000)
        try follow.append("proj/s.jsonl", lines[11..<14].joined())
        #expect(follow.waitFor(lines: 14) != nil)
        let final = try follow.stop()
        let c = final.header.counters
        #expect(c.eventsAccepted == 3)
        #expect(c.skipped(.repeatedResponse) == 3)
        #expect(c.rejected(.malformedJSON) == 1)
        // The hand-worked totals of SourceFixtureTests.claudeCodeSession.
        #expect(try final.tokens(.model, "30d") == [
            "claude-sonnet-4-5-20250929": 6_260, "claude-opus-4-1-20250805": 7_243, "claude-haiku-4-5-20251001": 160,
        ])
        #expect(final.header.follow.first?.linesRead == 14)
    }

    @Test func codexRolloutsWrittenAcrossReadsKeepTheirSessionAndModel() throws {
        let lines = try String(contentsOfFile: SourceFixtureTests.fixture("codex-rollout.jsonl"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\n" }
        let fork = try String(contentsOfFile: SourceFixtureTests.fixture("codex-fork.jsonl"), encoding: .utf8)
        let workspace = TestWorkspace()
        let follow = try Follow(workspace)
        try follow.start()
        // The model (line 2, then line 7) and the last cumulative total (line 5) are read in an
        // earlier write than the calls and re-emits that need them.
        let rollout = "sessions/2026/05/01/rollout-2026-05-01T10-00-00-0199a213.jsonl"
        follow.write(rollout, lines[0..<5].joined())
        usleep(200_000)
        try follow.append(rollout, lines[5..<8].joined())
        usleep(200_000)
        try follow.append(rollout, lines[8..<14].joined())
        follow.write("sessions/2026/05/03/rollout-2026-05-03T11-00-00-0199a2a9.jsonl", fork)
        #expect(follow.waitFor(lines: 14 + 9) != nil)
        let final = try follow.stop()
        let c = final.header.counters
        // The hand-worked totals of CodexSourceTests.aForkDoesNotCountItsParentsReplayedCalls.
        #expect(c.eventsAccepted == 4)
        #expect(c.skipped(.repeatedTotal) == 3)
        #expect(c.skipped(.replayedHistory) == 3)
        #expect(try final.tokens(.model, "30d") == ["gpt-5-codex": 1_700 + 3_900, "gpt-5": 3_300])
    }

    @Test func followRefusesFilesAndAMissingDirectory() throws {
        let workspace = TestWorkspace()
        let withFile = try BinaryRunner.run(["ingest", "--follow", workspace.path, "x.ndjson"], in: workspace)
        #expect(withFile.status == 2)
        #expect(withFile.stderr.contains("--follow reads a directory"))
        let missing = try BinaryRunner.run(
            ["ingest", "--follow", workspace.path + "/nope", "--snapshot-dir", workspace.snapshotDirectory], in: workspace)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such directory"))
    }
}
