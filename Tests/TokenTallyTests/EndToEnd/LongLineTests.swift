import Foundation
import Testing
@testable import TallyStages

/// A 2 GiB line with no newline, through a pipe, between good lines: it is rejected as too long,
/// the good lines are counted, and memory stays bounded (the line is dropped as it arrives, never
/// buffered whole).
@Suite(.serialized) struct LongLineTests {
    @Test func aTwoGigabyteLineIsRejectedWithBoundedMemory() throws {
        let workspace = TestWorkspace()
        let process = Process()
        process.executableURL = BinaryRunner.executable
        process.arguments = ["ingest", "--quiet", "--snapshot-every", "0", "--snapshot-dir", workspace.snapshotDirectory, "-"]
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()

        let good = { (i: Int) in Data((usageLine(utcMs(2026, 11, 1) + Int64(i), user: "u\(i)", tokens: 5) + "\n").utf8) }
        let writer = input.fileHandleForWriting
        writer.write(good(1))
        let block = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
        for _ in 0..<2048 { writer.write(block) }
        writer.write(Data("\n".utf8))
        writer.write(good(2))
        // The pipe holds at most 64 KiB, so the process has taken in the whole line by now; its peak
        // resident memory so far is what the line cost.
        usleep(300_000)
        let peakKiB = try Self.peakResidentKiB(process.processIdentifier)
        try writer.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(peakKiB < 300 * 1024, "peak RSS \(peakKiB) KiB for a 2 GiB line")

        let snapshot = try SnapshotLocator.open(workspace.snapshotDirectory) { _ in }
        #expect(snapshot.header.counters.rejected(.lineTooLong) == 1)
        #expect(snapshot.header.counters.eventsAccepted == 2)
        #expect(snapshot.header.counters.linesRead == 3)
    }

    /// `VmHWM` from /proc: the process's peak resident set so far, in KiB.
    static func peakResidentKiB(_ pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }
}
