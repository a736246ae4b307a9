import ArgumentParser
import TallyReports

struct FlagsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flags",
        abstract: "List red flags of one window: spend without deliverables, run inflation, concentration, idle loops.",
        discussion: """
            Each flag names its subject, the evidence that triggered it and the threshold in force. \
            Flags are prompts for a conversation, not verdicts: check the evidence.
            """
    )

    @OptionGroup var reader: ReaderOptions
    @OptionGroup var scope: ScopeOptions

    @Option(name: .long, help: "Window, one of those the snapshot was written with.")
    var window = "30d"

    @Option(name: .long, help: "Flag 1: the top share of spend (tokens) examined for people with no shipped task.")
    var spendTopShare = 0.10

    @Option(name: .long, help: "Flag 2: AI calls on one task since its last status change.")
    var runCallsMin: Int64 = 10

    @Option(name: .long, help: "Flag 3: share of a team's tokens held by one person.")
    var concentrationShare = 0.5

    @Option(name: .long, help: "Flag 3: at most this many shipped tasks counts as shipping little.")
    var concentrationShippedMax = 0

    @Option(name: .long, help: "Flag 3: smallest team (active users) examined.")
    var concentrationTeamUsersMin = 3

    @Option(name: .long, help: "Flag 4: calls in a steady-cadence, same-size streak.")
    var loopCallsMin: Int64 = 30

    @Option(name: .long, help: "Flag 4: minutes such a streak lasts.")
    var loopMinutesMin: Int64 = 20

    func validate() throws {
        guard spendTopShare > 0, spendTopShare <= 1 else { throw ValidationError("--spend-top-share must be in (0, 1]") }
        guard concentrationShare > 0, concentrationShare < 1 else { throw ValidationError("--concentration-share must be in (0, 1)") }
        guard runCallsMin >= 1, loopCallsMin >= 2, loopMinutesMin >= 0, concentrationShippedMax >= 0,
              concentrationTeamUsersMin >= 1
        else { throw ValidationError("counts must be positive (--loop-calls-min at least 2)") }
    }

    func run() throws {
        let file = try reader.open()
        let scope = try scope.scope(for: file.header)
        var t = RedFlagThresholds()
        t.spendTopShare = spendTopShare
        t.runCallsMin = runCallsMin
        t.concentrationShare = concentrationShare
        t.concentrationShippedMax = concentrationShippedMax
        t.concentrationTeamUsersMin = concentrationTeamUsersMin
        t.loopCallsMin = loopCallsMin
        t.loopMinutesMin = loopMinutesMin
        do {
            let figures = try InsightFigures(snapshot: file, window: window)
            let flags = RedFlagFinder.find(figures, rows: figures.rows, thresholds: t)
                .compactMap { $0.scoped(scope) }
            let notes = FlagsReport.limitNotes(file.header).adding(figures.saturationNote)
            Terminal.output(FlagsReport(window: window, flags: flags, scopeNote: scope.description, limitNotes: notes)
                .render(reader.format))
            reader.noteOnStderr(notes)
        } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(1)
        }
    }
}
