import Foundation
import Testing
@testable import TallyIngest

/// The rejects file refuses what a planted link or special file would redirect, and the summary
/// counts only lines that reached it.
@Suite struct RejectsFileTests {
    private func run(rejectsPath: String, in workspace: TestWorkspace) throws -> IngestSummary {
        var configuration = IngestConfiguration()
        configuration.inputs = [.file(workspace.write("in.ndjson", lines: ["not json", usageLine(utcMs(2026, 11, 1)), "{"]))]
        configuration.snapshotDirectory = workspace.snapshotDirectory
        configuration.rejectsPath = rejectsPath
        return try IngestPipeline(configuration: configuration).run()
    }

    @Test func aPlantedLinkIsRefusedAndItsTargetUntouched() throws {
        let workspace = TestWorkspace()
        let target = workspace.write("precious", Array("keep me\n".utf8))
        let link = workspace.path + "/rejects.ndjson"
        #expect(symlink(target, link) == 0)
        let summary = try run(rejectsPath: link, in: workspace)
        let error = try #require(summary.error)
        #expect(error.exitCode == 3)
        #expect("\(error)" == "\(link): refusing to write the rejects file: it is a symbolic link, not a regular file")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
        #expect(summary.rejectsWritten == 0)
    }

    @Test func aFailedWriteIsNotCountedAsWritten() throws {
        let workspace = TestWorkspace()
        // A regular file whose writes fail: the kernel refuses anything but a number here (EINVAL),
        // and refusing is all it does with this text.
        let path = "/proc/self/oom_score_adj"
        let summary = try run(rejectsPath: path, in: workspace)
        let error = try #require(summary.error)
        #expect(error.exitCode == 3)
        #expect("\(error)".contains("cannot write the rejects file"))
        #expect(summary.counters.rejectedTotal == 2)
        #expect(summary.rejectsWritten == 0)
        #expect(summary.rejectsFailed)
        #expect(summary.line.contains("writing \(path) failed after 0 lines"))
        #expect(!summary.line.contains("written to"))
    }

    /// Written off the sequencer's turn, by another thread: the lines still come in input order,
    /// numbered in their input, and the limit holds exactly, with several workers and many batches.
    @Test(arguments: [100_000, 1_000])
    func linesComeInInputOrderUnderTheLimit(limit: Int) throws {
        let workspace = TestWorkspace()
        let lineCount = 30_000
        let lines = (1...lineCount).map { $0 % 3 == 0 ? "bad \($0)" : usageLine(utcMs(2026, 11, 1), user: "u\($0 % 50)") }
        var configuration = IngestConfiguration()
        configuration.inputs = [.file(workspace.write("in.ndjson", lines: lines))]
        configuration.snapshotDirectory = workspace.snapshotDirectory
        configuration.rejectsPath = workspace.path + "/rejects.ndjson"
        configuration.rejectsMax = limit
        configuration.chunkBytes = 4096
        configuration.lineBytesMax = 1024  // chunks hold chunkBytes + lineBytesMax: many small batches
        configuration.workerCount = 4
        let summary = try IngestPipeline(configuration: configuration).run()
        #expect(summary.error == nil)
        let written = try String(contentsOfFile: workspace.path + "/rejects.ndjson", encoding: .utf8)
            .split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["line"] as? Int ?? -1
            }
        let expected = Array(stride(from: 3, through: lineCount, by: 3).prefix(limit))
        #expect(written.count == expected.count)
        #expect(written == expected, "first difference at \(String(describing: written.indices.first { $0 < expected.count && written[$0] != expected[$0] }))")
        #expect(summary.rejectsWritten == expected.count)
    }
}
