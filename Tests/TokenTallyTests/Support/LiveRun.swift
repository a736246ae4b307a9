import Foundation
import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// A live `ingest` (no --kafka-until-caught-up) in the background, its stderr in the workspace.
final class LiveRun {
    let workspace: TestWorkspace
    let process = Process()
    var stderrPath: String { workspace.path + "/stderr.txt" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    init(_ workspace: TestWorkspace, _ arguments: [String]) throws {
        self.workspace = workspace
        process.executableURL = BinaryRunner.executable
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits until the newest snapshot's header satisfies `condition` (60 s at most) and returns it.
    func waitFor(_ condition: (SnapshotHeader) -> Bool) -> SnapshotHeader? {
        let directory = SnapshotDirectory(path: workspace.snapshotDirectory)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            if let newest = directory.snapshots().first, let file = try? SnapshotFile(path: newest.path), condition(file.header) {
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
}
