import ArgumentParser
import TallyReports

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a snapshot's header: version, watermark, windows, counts by reason, input position, checksum."
    )

    @OptionGroup var reader: ReaderOptions

    func run() throws {
        Terminal.output(SnapshotInspection(file: try reader.open()).render(reader.format))
    }
}
