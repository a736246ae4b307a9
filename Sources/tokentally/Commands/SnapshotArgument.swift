import ArgumentParser
import TallyStages

/// The snapshot a reading command reads.
struct SnapshotArgument: ParsableArguments {
    @Argument(help: "A snapshot file, or a directory (its newest valid snapshot is used).")
    var path: String

    func open() throws -> SnapshotFile { try Self.open(path) }

    /// The snapshot at `path` (a file, or a directory's newest valid one); exit status 1 when none.
    static func open(_ path: String) throws -> SnapshotFile {
        do {
            // Its lists name the files it skipped and why, one per line: the names match
            // snapshot-N.ndjson.zst and the reasons are tokentally's own.
            return try SnapshotLocator.open(path) { Terminal.error($0, keepingLineFeeds: true) }
        } catch {
            Terminal.error("tokentally: \(error)", keepingLineFeeds: true)
            throw ExitCode(1)
        }
    }
}
