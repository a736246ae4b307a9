import Foundation
import Testing
@testable import TallySnapshot
@testable import TallyStages

/// SIGINT/SIGTERM on a live stream: the final snapshot holds every line sent, then the process exits
/// with 128 + the signal number.
@Suite(.serialized) struct SignalTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalWritesTheFinalSnapshotThenExits(signal: Int32) throws {
        let workspace = TestWorkspace()
        let process = Process()
        process.executableURL = BinaryRunner.executable
        process.arguments = ["ingest", "--snapshot-dir", workspace.snapshotDirectory, "--snapshot-every", "100ms", "--quiet"]
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        let lines = (0..<1000).map { usageLine(utcMs(2026, 11, 1) + Int64($0) * 1000, user: "u\($0 % 7)", tokens: 2) }
        input.fileHandleForWriting.write(Data(lines.map { $0 + "\n" }.joined().utf8))

        // Wait until a periodic snapshot shows every line was read, with the pipe still open.
        let directory = SnapshotDirectory(path: workspace.snapshotDirectory)
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let newest = directory.snapshots().first, let file = try? SnapshotFile(path: newest.path),
               file.header.counters.linesRead == 1000 { break }
            usleep(50_000)
        }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + signal)

        let final = try SnapshotLocator.open(workspace.snapshotDirectory) { _ in }
        #expect(final.header.counters.eventsAccepted == 1000)
        #expect(final.header.sources.first?.finished == false)
        #expect(try final.totals(dimension: .user, window: "30d").reduce(0) { $0 + $1.totalTokens } == 2000)
        // No temporary files left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: workspace.snapshotDirectory)
        #expect(names.allSatisfy { !$0.hasSuffix(".tmp") })
        try? input.fileHandleForWriting.close()
    }

    /// A pipe that never sends a byte: the signal still ends the run (the reader is waiting for the
    /// first bytes, to tell plain from zstd input), with an empty final snapshot.
    @Test func aSignalEndsARunThatHasReadNothing() throws {
        let workspace = TestWorkspace()
        let process = Process()
        process.executableURL = BinaryRunner.executable
        process.arguments = ["ingest", "--snapshot-dir", workspace.snapshotDirectory, "--quiet"]
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(500_000)
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        let stopped = !process.isRunning
        if !stopped { process.terminate() }
        process.waitUntilExit()
        #expect(stopped, "still running 10 s after SIGTERM")
        #expect(process.terminationStatus == 128 + SIGTERM)
        let final = try SnapshotLocator.open(workspace.snapshotDirectory) { _ in }
        #expect(final.header.counters.linesRead == 0)
        try? input.fileHandleForWriting.close()
    }
}
