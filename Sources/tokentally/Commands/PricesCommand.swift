import ArgumentParser
import TallyCore
import TallyEvents

struct PricesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prices",
        abstract: "List the price table in force, check a prices file, or show how a model name resolves.",
        discussion: """
            Without options, lists the bundled table (or the --prices FILE one): where it comes from, its date \
            and every dated entry, in USD per million tokens. --check FILE reads a prices file (tokentally's \
            format or LiteLLM's model_prices_and_context_window.json) and says what is wrong with it (exit 2) \
            or what it holds (exit 0). --resolve NAME shows which model a name from an event matches and by \
            which rule, with its prices, or says that it matches none (exit 1). See docs/pricing.md.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The price table to list or resolve against, instead of the bundled one.", valueName: "file"))
    var prices: String?

    @Option(name: .long, help: ArgumentHelp("Check a prices file and summarise it.", valueName: "file"))
    var check: String?

    @Option(name: .long, help: ArgumentHelp("Show how one model name resolves.", valueName: "name"))
    var resolve: String?

    @Option(name: .long, help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if check != nil, prices != nil || resolve != nil {
            throw ValidationError("--check FILE checks one file; use it without --prices or --resolve")
        }
    }

    func run() throws {
        if let check {
            let table = try load(check)
            let summary = PriceTableListing(table: table, origin: check)
            if format == .json {
                Terminal.output(summary.render(.json))
            } else {
                Terminal.output(summary.summaryLines().map { TerminalText.escaped($0) }.joined(separator: "\n") + "\nvalid\n")
            }
            return
        }
        let table = try prices.map(load) ?? PriceTable.bundled
        if let resolve {
            let explanation = ModelNameExplanation(name: resolve, table: table)
            Terminal.output(explanation.render(format))
            if explanation.resolution == nil { throw ExitCode(1) }
            return
        }
        Terminal.output(PriceTableListing(table: table, origin: prices ?? "bundled").render(format))
    }

    /// A prices file, or exit 2 with the reader's message (which names the file and the place).
    private func load(_ path: String) throws -> PriceTable {
        do {
            return try PriceTable(contentsOfFile: path)
        } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(2)
        }
    }
}
