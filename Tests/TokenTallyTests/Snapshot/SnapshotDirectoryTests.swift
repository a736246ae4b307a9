import Foundation
import Testing
@testable import TallyIngest
@testable import TallySnapshot

/// The snapshot directory as a place other processes and people can reach: file names it trusts,
/// one writer at a time, no writes through planted links, and modes that keep per-person data private.
@Suite struct SnapshotDirectoryTests {
    private func touch(_ path: String) { _ = FileManager.default.createFile(atPath: path, contents: Data([1])) }

    private func mode(_ path: String) -> mode_t {
        var info = stat()
        #expect(lstat(path, &info) == 0, "\(path)")
        return info.st_mode & 0o7777
    }

    @Test func onlyCanonicalFileNamesCountAsSnapshots() throws {
        let workspace = TestWorkspace()
        let directory = SnapshotDirectory(path: workspace.snapshotDirectory)
        _ = try directory.prepare()
        for name in [
            "snapshot-000000000003.ndjson.zst",  // counts
            "snapshot-1234567890123.ndjson.zst",  // 13 digits, no padding: counts
            "snapshot-99999999999999999999.ndjson.zst",  // beyond Int
            "snapshot-+00000000009.ndjson.zst", "snapshot--00000000009.ndjson.zst",
            "snapshot-0000000000004.ndjson.zst",  // 13 digits with a leading zero
            "snapshot-7.ndjson.zst", "snapshot-00000000000x.ndjson.zst",
        ] {
            touch(workspace.snapshotDirectory + "/" + name)
        }
        #expect(directory.snapshots().map(\.sequence) == [1_234_567_890_123, 3])
        #expect(try directory.nextSequence() == 1_234_567_890_124)
    }

    @Test func aFileWithTheLargestSequenceIsAClearErrorNotATrap() throws {
        let workspace = TestWorkspace()
        try FileManager.default.createDirectory(atPath: workspace.snapshotDirectory, withIntermediateDirectories: true)
        let stray = workspace.snapshotDirectory + "/snapshot-9223372036854775807.ndjson.zst"
        touch(stray)
        var configuration = IngestConfiguration()
        configuration.inputs = [.file(workspace.write("in.ndjson", lines: [usageLine(utcMs(2026, 11, 1))]))]
        configuration.snapshotDirectory = workspace.snapshotDirectory
        #expect {
            _ = try IngestPipeline(configuration: configuration)
        } throws: { error in
            guard let error = error as? IngestError else { return false }
            return error.exitCode == 3 && "\(error)".contains(stray) && "\(error)".contains("no number for the next snapshot")
        }
        // One below the largest is written, and then the directory is full: the run fails at the next.
        try FileManager.default.removeItem(atPath: stray)
        touch(workspace.snapshotDirectory + "/snapshot-9223372036854775805.ndjson.zst")
        let coordinator = try SnapshotCoordinator(
            directory: SnapshotDirectory(path: workspace.snapshotDirectory), keep: 10, shardCount: 1, compressionLevel: 1)
        coordinator.start()
        for _ in 0..<2 {
            _ = try #require(coordinator.beginFinalCut())
            coordinator.submit()
        }
        coordinator.finish()
        #expect(coordinator.snapshotsWritten == 1)
        #expect(coordinator.lastWrittenPath?.hasSuffix("snapshot-9223372036854775806.ndjson.zst") == true)
        #expect(coordinator.error?.description.contains("sequence 9223372036854775806 leaves no number") == true)
    }

    @Test func aSecondWriterIsRefusedUntilTheFirstLetsGo() throws {
        let workspace = TestWorkspace()
        let directory = SnapshotDirectory(path: workspace.snapshotDirectory)
        do {
            let first = try directory.prepare()
            #expect {
                _ = try directory.prepare()
            } throws: { error in
                guard let error = error as? SnapshotError, case .directoryLocked(let holder) = error.kind else { return false }
                return holder == String(getpid()) && error.description.contains(workspace.snapshotDirectory)
            }
            withExtendedLifetime(first) {}
        }
        // The lock file stays behind, as after a crash; it blocks nothing.
        #expect(FileManager.default.fileExists(atPath: workspace.snapshotDirectory + "/ingest.lock"))
        _ = try directory.prepare()
    }

    @Test func aPlantedTemporaryFileLinkIsNotWrittenThrough() throws {
        let workspace = TestWorkspace()
        let directory = SnapshotDirectory(path: workspace.snapshotDirectory)
        _ = try directory.prepare()
        let target = workspace.write("precious", Array("keep me".utf8))
        #expect(symlink(target, workspace.snapshotDirectory + "/.snapshot-1.tmp") == 0)
        #expect {
            _ = try directory.write(sequence: 1) { sink in try [UInt8](repeating: 7, count: 10).withUnsafeBytes { try sink.write($0, at: 0) } }
        } throws: { error in
            "\(error)".contains(".snapshot-1.tmp") && "\(error)".contains("File exists")
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
        #expect(directory.snapshots().isEmpty)
    }

    @Test(arguments: [false, true])
    func newDirectoriesAndFilesArePrivate(groupReadable: Bool) throws {
        let workspace = TestWorkspace()
        let old = umask(0o022)
        defer { umask(old) }
        var configuration = IngestConfiguration()
        configuration.inputs = [.file(workspace.write("in.ndjson", lines: [usageLine(utcMs(2026, 11, 1)), "not json"]))]
        configuration.snapshotDirectory = workspace.snapshotDirectory + "/nested"
        configuration.rejectsPath = configuration.snapshotDirectory + "/rejects.ndjson"
        configuration.groupReadable = groupReadable
        let summary = try IngestPipeline(configuration: configuration).run()
        #expect(summary.error == nil)
        let (directoryMode, fileMode): (mode_t, mode_t) = groupReadable ? (0o750, 0o640) : (0o700, 0o600)
        #expect(mode(workspace.snapshotDirectory) == directoryMode)
        #expect(mode(configuration.snapshotDirectory) == directoryMode)
        let files = try #require(summary.lastSnapshotPath.map { [$0, configuration.rejectsPath!, configuration.snapshotDirectory + "/ingest.lock"] })
        for file in files { #expect(mode(file) == fileMode, "\(file)") }
    }
}
