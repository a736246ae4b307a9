import ArgumentParser
import TallyCore
import TallyReports
import TallyStages

/// Options shared by the commands that print a snapshot's figures.
struct ReaderOptions: ParsableArguments {
    @OptionGroup var snapshot: SnapshotArgument

    @Option(name: .long, help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func open() throws -> SnapshotFile { try snapshot.open() }

    /// CSV and JSON rows keep their shape for scripts, so what the limits left out goes to stderr
    /// (a table shows it itself, beside the figures).
    func noteOnStderr(_ notes: LimitNotes, unlessIn formats: [OutputFormat] = [.table]) {
        guard !formats.contains(format) else { return }
        for line in notes.lines { Terminal.error("tokentally: note: \(line)") }
    }
}

extension OutputFormat: ExpressibleByArgument {}
