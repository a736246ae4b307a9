import Foundation
import Testing
@testable import TallyCore
@testable import TallySnapshot
@testable import TallyStages

/// The binary against a shared or hostile snapshot directory: a second ingest is refused while the
/// first runs, and readers skip a FIFO, a device or a zip bomb for the newest valid snapshot.
@Suite(.serialized) struct SnapshotDirectoryCommandTests {
    @Test func aSecondIngestOnALockedDirectoryExitsTwoNamingTheHolder() throws {
        let workspace = TestWorkspace()
        let snapshots = workspace.snapshotDirectory
        let first = Process()
        first.executableURL = BinaryRunner.executable
        first.arguments = ["ingest", "--snapshot-dir", snapshots, "--snapshot-every", "0", "--quiet"]
        let input = Pipe()
        first.standardInput = input
        first.standardError = FileHandle.nullDevice
        try first.run()
        defer { if first.isRunning { first.terminate() } }
        input.fileHandleForWriting.write(Data((usageLine(utcMs(2026, 11, 1), user: "first") + "\n").utf8))
        waitForLock(snapshots, heldBy: first)

        let secondInput = workspace.write("second.ndjson", lines: [usageLine(utcMs(2026, 11, 1), user: "second")])
        let second = try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, secondInput], in: workspace)
        #expect(second.status == 2, "\(second.stderr)")
        #expect(second.stderr.contains("\(snapshots): another ingest (pid \(first.processIdentifier)) is writing to this snapshot directory"))
        #expect(SnapshotDirectory(path: snapshots).snapshots().isEmpty)

        try input.fileHandleForWriting.close()
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        // The lock file stays; with its holder gone it blocks nothing.
        #expect(try SnapshotLocator.open(snapshots) { _ in }.tokens(.user, "30d").keys.sorted() == ["first"])
        let third = try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, secondInput], in: workspace)
        #expect(third.status == 0, "\(third.stderr)")
        let newest = try SnapshotLocator.open(snapshots) { _ in }
        #expect(newest.header.sequence == 2)
        #expect(try newest.tokens(.user, "30d").keys.sorted() == ["second"])
    }

    @Test func aFollowRunHoldsTheLockUntilItStops() throws {
        let workspace = TestWorkspace()
        let snapshots = workspace.snapshotDirectory
        let watched = workspace.path + "/watched"
        try FileManager.default.createDirectory(atPath: watched, withIntermediateDirectories: true)
        let follower = Process()
        follower.executableURL = BinaryRunner.executable
        follower.arguments = ["ingest", "--follow", watched, "--snapshot-dir", snapshots, "--quiet"]
        follower.standardError = FileHandle.nullDevice
        try follower.run()
        defer { if follower.isRunning { follower.terminate() } }
        waitForLock(snapshots, heldBy: follower)

        let input = workspace.write("in.ndjson", lines: [usageLine(utcMs(2026, 11, 1))])
        let refused = try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, input], in: workspace)
        #expect(refused.status == 2, "\(refused.stderr)")
        kill(follower.processIdentifier, SIGTERM)
        follower.waitUntilExit()
        #expect(follower.terminationStatus == 128 + SIGTERM)
        let after = try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, input], in: workspace)
        #expect(after.status == 0, "\(after.stderr)")
    }

    /// Waits until `holder` has written its pid into the lock file, which it does once it holds the lock.
    private func waitForLock(_ snapshots: String, heldBy holder: Process) {
        let deadline = Date().addingTimeInterval(20)
        while (try? String(contentsOfFile: snapshots + "/ingest.lock", encoding: .utf8)) != "\(holder.processIdentifier)\n",
              Date() < deadline {
            usleep(20_000)
        }
    }

    @Test func inspectSkipsAFIFOADeviceAndAZipBomb() throws {
        let workspace = TestWorkspace()
        let snapshots = workspace.snapshotDirectory
        let input = workspace.write("in.ndjson", lines: [usageLine(utcMs(2026, 11, 1))])
        #expect(try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, input], in: workspace).status == 0)
        let directory = SnapshotDirectory(path: snapshots)
        let good = try #require(directory.snapshots().first).path
        #expect(mkfifo(snapshots + "/" + directory.fileName(sequence: 7), 0o600) == 0)
        #expect(symlink("/dev/zero", snapshots + "/" + directory.fileName(sequence: 8)) == 0)
        let bomb = snapshots + "/" + directory.fileName(sequence: 9)
        _ = FileManager.default.createFile(
            atPath: bomb, contents: Data(try ZstdEncoder.compress([UInt8](repeating: 0x0A, count: 4 << 20))))

        // A cap of 2 MiB through the environment: the good snapshot is far smaller, the bomb larger.
        let inspect = try BinaryRunner.run(
            ["TOKENTALLY_SNAPSHOT_BYTES_MAX=2097152", BinaryRunner.executable.path, "inspect", snapshots],
            in: workspace, executable: URL(fileURLWithPath: "/usr/bin/env"))
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stderr.contains("skipped 3 invalid snapshot(s), using \(good)"))
        #expect(inspect.stderr.contains("\(bomb): decompresses to more than 2097152 bytes"))
        #expect(inspect.stderr.contains("a FIFO, not a regular file"))
        #expect(inspect.stderr.contains("a character device, not a regular file"))
    }
}
