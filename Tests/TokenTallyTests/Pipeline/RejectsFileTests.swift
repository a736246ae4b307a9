import Foundation
import Testing
@testable import TokenTally

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
}
