import Foundation
import Testing
@testable import TallySnapshot
@testable import TallyStages

/// A snapshot directory that stops taking writes part-way through a run: the next snapshot's
/// temporary file is planted, as a link to another file, before the run gets to it. The run refuses
/// to write through it (the file is created with O_EXCL) and stops with exit status 3 and a message
/// naming the file and the cause; the link's target is untouched and the previous snapshot stays the
/// newest and valid.
@Suite(.serialized) struct SnapshotFailureTests {
    @Test func aPlantedTemporaryFileStopsTheRunAndKeepsThePreviousSnapshot() throws {
        let workspace = TestWorkspace()
        let snapshots = workspace.snapshotDirectory
        let target = workspace.write("precious", Array("keep me".utf8))
        let process = Process()
        process.executableURL = BinaryRunner.executable
        process.arguments = ["ingest", "--snapshot-every", "100ms", "--snapshot-dir", snapshots, "--quiet"]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        try process.run()
        let lines = { (range: Range<Int>) in
            Data(range.map { usageLine(utcMs(2026, 11, 1) + Int64($0) * 1000, user: "u\($0 % 7)") + "\n" }.joined().utf8)
        }
        input.fileHandleForWriting.write(lines(0..<100))

        let directory = SnapshotDirectory(path: snapshots)
        let deadline = Date().addingTimeInterval(30)
        while directory.snapshots().isEmpty, Date() < deadline { usleep(20_000) }
        usleep(300_000)  // no new lines, so no further cut: the newest snapshot stays the newest
        let before = try SnapshotLocator.open(snapshots) { _ in }
        let next = try #require(directory.snapshots().first).sequence + 1
        #expect(symlink(target, snapshots + "/.snapshot-\(next).tmp") == 0)
        // New lines make the next periodic cut, whose file cannot be written.
        input.fileHandleForWriting.write(lines(100..<200))

        while process.isRunning, Date() < deadline { usleep(20_000) }
        let exited = !process.isRunning
        if !exited { process.terminate() }
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(exited, "still running after the snapshot failed")
        #expect(process.terminationStatus == 3, "\(stderr)")
        #expect(stderr.contains("File exists"))
        #expect(stderr.contains(".snapshot-\(next).tmp"))
        #expect(stderr.contains("the previous snapshot is untouched"))

        let after = try SnapshotLocator.open(snapshots) { _ in }
        #expect(after.path == before.path)
        #expect(try after.totals() == before.totals())
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
    }

    /// A real full disk: a 1 MiB tmpfs, mounted in a mount namespace of the test's own (`unshare`:
    /// no privilege needed where user namespaces are allowed, and none of the machine's mounts
    /// touched), holds one good snapshot and is then filled up. The resumed run that has more to
    /// write stops with exit 3 and ENOSPC's message, leaves no temporary file, and the good snapshot
    /// stays the newest.
    @Test func aFullDiskStopsTheRunAndKeepsThePreviousSnapshot() throws {
        let workspace = TestWorkspace()
        let first = workspace.write("first.ndjson", lines: (0..<50).map { usageLine(utcMs(2026, 11, 1) + Int64($0) * 1000, user: "u\($0)") })
        let second = workspace.write("second.ndjson", lines: (50..<5000).map { usageLine(utcMs(2026, 11, 2) + Int64($0) * 1000, user: "u\($0)") })
        let directory = workspace.path + "/full"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let script = """
            set -u
            mount -t tmpfs -o size=1m tmpfs "$D" || exit 90
            "$B" ingest --quiet --snapshot-dir "$D" "$F1" || exit 91
            dd if=/dev/zero of="$D/filler" bs=4k 2>/dev/null
            "$B" ingest --quiet --resume --snapshot-dir "$D" "$F1" "$F2"
            echo "exit=$?"
            ls -a "$D" | grep -c '\\.tmp$' | sed 's/^/temporary files=/'
            "$B" inspect "$D" | grep '^format'
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        process.arguments = ["--map-root-user", "--mount", "/bin/sh", "-c", script]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["B": BinaryRunner.executable.path, "D": directory, "F1": first, "F2": second]) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the namespace or the first run failed: \(stderr)")
        #expect(stdout.contains("exit=3"), "\(stdout)\n\(stderr)")
        #expect(stderr.contains("No space left on device"), "\(stderr)")
        #expect(stdout.contains("temporary files=0"), "\(stdout)")
        #expect(stdout.contains("sequence 1"), "\(stdout)")
    }
}
