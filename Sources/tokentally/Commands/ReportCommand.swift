import ArgumentParser
import TallyCore
import TallyReports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Rank one dimension's totals over one window from a snapshot.",
        discussion: """
            Rows are sorted by total_tokens, largest first, ties by key. For user, team and org, the outcome \
            columns follow: tasks touched (AI calls in the window), tasks shipped with AI in the window, tokens \
            and reported cost per shipped task, and the share of tokens spent on tasks that shipped. For team \
            and org, adoption columns follow: distinct active people, tools and models, and active people \
            this week and last. A table \
            starts with the organisation's "work completed with AI" line.
            """
    )

    @OptionGroup var reader: ReaderOptions
    @OptionGroup var scope: ScopeOptions

    @Option(name: .long, help: "What to rank: people, or the totals of each team, org, model or tool.")
    var by: Dimension = .user

    /// `--by`'s values by name: `KeyDimension`'s raw values are array indexes, which ArgumentParser
    /// would show as the default ("0").
    enum Dimension: String, CaseIterable, ExpressibleByArgument {
        case user, team, org, model, tool
        var key: KeyDimension { KeyDimension(name: rawValue)! }
    }

    @Option(name: .long, help: "Window, one of those the snapshot was written with.")
    var window = "30d"

    @Option(name: .long, help: "Show only the first N rows.")
    var top: Int?

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let file = try reader.open()
        let scope = try scope.scope(for: file.header)
        do {
            let report = try UsageReport(snapshot: file, dimension: by.key, window: window, top: top, scope: scope)
            Terminal.output(report.render(reader.format))
            reader.noteOnStderr(report.limitNotes)
        } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(1)
        }
    }
}
