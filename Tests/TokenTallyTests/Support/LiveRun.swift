import Foundation
import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// An `ingest` in the background (live, or until caught up) writing `snapshotDirectory`, its stderr
/// in a file beside that directory (so that several runs in one workspace keep theirs apart).
final class LiveRun {
    let workspace: TestWorkspace  // kept while the run writes into it
    let snapshotDirectory: String
    let process = Process()
    var stderrPath: String { snapshotDirectory + ".stderr.txt" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// `arguments` must name `snapshotDirectory` (the workspace's by default) as `--snapshot-dir`.
    init(_ workspace: TestWorkspace, _ arguments: [String], snapshotDirectory: String? = nil) throws {
        self.workspace = workspace
        self.snapshotDirectory = snapshotDirectory ?? workspace.snapshotDirectory
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
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            if let header = newestHeader, condition(header) { return header }
            usleep(20_000)
        }
        return nil
    }

    var newestHeader: SnapshotHeader? { Self.newestHeader(in: snapshotDirectory) }

    /// The header of the newest snapshot in `directory`; nil before the first (or when the newest
    /// was just removed by the writer's --keep).
    static func newestHeader(in directory: String) -> SnapshotHeader? {
        guard let newest = SnapshotDirectory(path: directory).snapshots().first else { return nil }
        return try? SnapshotFile(path: newest.path).header
    }

    /// SIGTERM, then the final snapshot.
    func stop() throws -> SnapshotFile {
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + SIGTERM)
        return try SnapshotLocator.open(snapshotDirectory) { _ in }
    }
}
