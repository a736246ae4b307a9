import Foundation
import Testing
@testable import TokenTally

/// A snapshot directory that stops taking writes part-way through a run: the file size limit
/// (`ulimit -f`) makes the next, larger snapshot fail with EFBIG, as a full disk would with ENOSPC.
/// The run stops with exit status 3 and a message naming the file and the cause, the previous
/// snapshot stays the newest and valid, and no temporary file is left.
@Suite struct SnapshotFailureTests {
    @Test func aSnapshotThatCannotBeWrittenStopsTheRunAndKeepsThePreviousOne() throws {
        let workspace = TestWorkspace()
        let small = workspace.write("small.ndjson", lines: (0..<50).map { usageLine(utcMs(2026, 11, 1) + Int64($0) * 1000, user: "u\($0)") })
        let gen = try BinaryRunner.run(["gen", "--events", "50000", "--users", "20000", "--seed", "3"], in: workspace)
        let big = workspace.write("big.ndjson", [UInt8](gen.stdout))
        let snapshots = workspace.snapshotDirectory

        let first = try BinaryRunner.run(["ingest", "--quiet", "--snapshot-dir", snapshots, small], in: workspace)
        #expect(first.status == 0)
        let before = try SnapshotLocator.open(snapshots) { _ in }

        // 64 KiB is plenty for the first snapshot's 50 users and far too little for 20,000 more.
        let binary = BinaryRunner.executable.path
        let limited = try BinaryRunner.run(
            ["-c", "ulimit -f 64 && exec \"$0\" ingest --quiet --resume --snapshot-dir \"$1\" \"$2\" \"$3\"", binary, snapshots, small, big],
            in: workspace, executable: URL(fileURLWithPath: "/bin/bash"))
        #expect(limited.status == 3, "\(limited.stderr)")
        #expect(limited.stderr.contains("File too large"))
        #expect(limited.stderr.contains(snapshots))
        #expect(limited.stderr.contains("the previous snapshot is untouched"))

        let after = try SnapshotLocator.open(snapshots) { _ in }
        #expect(after.path == before.path)
        #expect(try after.totals() == before.totals())
        let names = try FileManager.default.contentsOfDirectory(atPath: snapshots)
        #expect(names.allSatisfy { !$0.hasSuffix(".tmp") }, "\(names)")
    }
}
