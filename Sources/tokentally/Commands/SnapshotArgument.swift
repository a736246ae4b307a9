import ArgumentParser
import TallyStages

/// The snapshot a reading command reads: one, or several instances' merged on the fly.
struct SnapshotArgument: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "A snapshot file or directory (its newest valid snapshot is used); several are merged.",
        discussion: """
            Several, one per instance of a fleet that read disjoint people, are merged in memory exactly as \
            `tokentally merge` merges them and read as that merged snapshot; nothing is written. What merge \
            refuses (the same snapshot twice, differing settings, a person in two parts) exits with status 2 \
            and merge's message.
            """,
        valueName: "snapshot"))
    var paths: [String]

    /// The snapshot of `paths`: the one given, or the merge of all, never written (exit status 1
    /// when one cannot be read, 2 when they cannot be merged).
    /// - Complexity: one path: as `SnapshotLocator.open`. Several: as `SnapshotMerge`, whose peak
    ///   memory this has, then the merged file's size in memory instead of its parts'.
    func open() throws -> SnapshotFile {
        guard paths.count > 1 else { return try Self.open(paths[0]) }
        let merge = try Self.merge(paths)
        do {
            return try merge.snapshotFile(named: "merged in memory from \(paths.count) snapshots")
        } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(1)
        }
    }

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

    /// The newest snapshots at `paths`, merged (`merge` and the readers share it): exit status 1
    /// when one cannot be read or its sections are damaged, 2 when they cannot be merged exactly.
    static func merge(_ paths: [String]) throws -> SnapshotMerge {
        // Released once the merged state is built: it is all the caller keeps.
        let parts = try paths.map(open)
        do {
            return try SnapshotMerge(parts)
        } catch let error as MergeError {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(2)
        } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(1)
        }
    }
}
