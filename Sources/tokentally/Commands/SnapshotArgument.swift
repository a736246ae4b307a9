import ArgumentParser
import TokenTally

/// The snapshot a reading command reads.
struct SnapshotArgument: ParsableArguments {
    @Argument(help: "A snapshot file, or a directory (its newest valid snapshot is used).")
    var path: String

    func open() throws -> SnapshotFile {
        do {
            return try SnapshotLocator.open(path) { Terminal.error($0) }
        } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(1)
        }
    }
}
