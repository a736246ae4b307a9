import ArgumentParser
import TokenTally

/// Options shared by the commands that read snapshots.
struct ReaderOptions: ParsableArguments {
    @Argument(help: "A snapshot file, or a directory (its newest valid snapshot is used).")
    var path: String

    @Option(name: .long, help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func open() throws -> SnapshotFile {
        do {
            return try SnapshotLocator.open(path) { Terminal.error($0) }
        } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(1)
        }
    }

    /// CSV and JSON rows keep their shape for scripts, so what the limits left out goes to stderr
    /// (a table shows it itself, beside the figures).
    func noteOnStderr(_ notes: LimitNotes, unlessIn formats: [OutputFormat] = [.table]) {
        guard !formats.contains(format) else { return }
        for line in notes.lines { Terminal.error("tokentally: note: \(line)") }
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension KeyDimension: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { allCases.map(\.name) }
}
