import Foundation
import Testing
@testable import TallyStages

/// zstd input through a real pipe, as `producer | tokentally ingest` gives it: frames that record
/// their size are decoded in parallel, frames that do not are streamed as they arrive, and both
/// count the same.
@Suite struct PipeInputTests {
    static let lines = (0..<3000).map { i in
        usageLine(utcMs(2026, 11, 1) + Int64(i) * 10_000, user: "user-\(i % 31)", tokens: i + 1)
    }
    static let text = Array(lines.map { $0 + "\n" }.joined().utf8)

    /// Runs `tokentally ingest -` with `bytes` written into its standard input through a pipe.
    private func ingestThroughPipe(_ bytes: [UInt8], in workspace: TestWorkspace) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = BinaryRunner.executable
        process.arguments = ["ingest", "--quiet", "--snapshot-every", "0", "--snapshot-dir", workspace.snapshotDirectory, "-"]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        try process.run()
        // Write in pieces, so frames arrive split across reads.
        for start in stride(from: 0, to: bytes.count, by: 7_001) {
            input.fileHandleForWriting.write(Data(bytes[start..<min(start + 7_001, bytes.count)]))
        }
        try input.fileHandleForWriting.close()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr)
    }

    @Test(arguments: [true, false])
    func framesThroughAPipeAreCountedOnce(knownSize: Bool) throws {
        let workspace = TestWorkspace()
        let bytes = try FrameLayouts.frames(Self.text, frameBytes: 30_000, knownSize: knownSize, skippableBytes: 5)
        let result = try ingestThroughPipe(bytes, in: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("3000 accepted"))
        #expect(result.stderr.contains("zstd frames decoded in parallel") == knownSize)
        let snapshot = try SnapshotLocator.open(workspace.snapshotDirectory) { _ in }
        let total = try snapshot.totals(dimension: .user, window: "30d").reduce(0) { $0 + $1.totalTokens }
        #expect(total == Int64((1...3000).reduce(0, +)))
    }
}
