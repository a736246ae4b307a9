import ArgumentParser
import TokenTally

/// Options shared by the commands that print a snapshot's figures.
struct ReaderOptions: ParsableArguments {
    @OptionGroup var snapshot: SnapshotArgument

    @Option(name: .long, help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func open() throws -> SnapshotFile { try snapshot.open() }
}

extension OutputFormat: ExpressibleByArgument {}
