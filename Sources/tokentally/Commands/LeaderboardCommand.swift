import ArgumentParser
import TallyReports

struct LeaderboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leaderboard",
        abstract: "Rank people by tokens with four badges, beside what they shipped (only if the ingest allowed it).",
        discussion: """
            Refuses (exit 2) unless the snapshot was written by `ingest --allow-leaderboard`: ranking people \
            by consumption invites gaming, so it is an operator's explicit choice. The output says what the \
            ranking does not measure and shows each person's tasks shipped and tokens per shipped task.
            """
    )

    @OptionGroup var reader: ReaderOptions
    @OptionGroup var scope: ScopeOptions

    @Option(name: .long, help: "Window, one of those the snapshot was written with.")
    var window = "30d"

    @Option(name: .long, help: "Show the first N people.")
    var top = 250

    @Option(name: .long, help: "Cache Wizard: least tokens in the window to be eligible.")
    var cacheWizardTokensMin: Int64 = 1_000_000

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard cacheWizardTokensMin >= 0 else { throw ValidationError("--cache-wizard-tokens-min must not be negative") }
    }

    func run() throws {
        let file = try reader.open()
        guard file.header.leaderboardAllowed else {
            // A merge allows it only when every part did.
            let written = file.header.isMerged ? "a part of this merged snapshot was" : "this snapshot was"
            Terminal.error("""
                tokentally: \(written) written without --allow-leaderboard, so it may not rank people. \
                An operator who decides to show a ranking re-runs ingest with --allow-leaderboard.
                """)
            throw ExitCode(2)
        }
        let scope = try scope.scope(for: file.header)
        do {
            let figures = try InsightFigures(snapshot: file, window: window)
            let board = Leaderboard(figures, top: top, cacheWizardTokensMin: cacheWizardTokensMin, canSee: scope.canSee(user:))
            let notes = LeaderboardReport.limitNotes(file.header).adding(figures.saturationNote)
            Terminal.output(LeaderboardReport(board: board, scopeNote: scope.description, limitNotes: notes).render(reader.format))
            reader.noteOnStderr(notes, unlessIn: [.table, .json])
        } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(1)
        }
    }
}
