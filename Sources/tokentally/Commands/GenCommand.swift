import ArgumentParser
import TokenTally

#if canImport(Glibc)
import Glibc
#endif

struct GenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Write a synthetic stream of schema v1 usage events to stdout.",
        discussion: """
            Deterministic for a given set of options: heavy-tailed users, sessions, tasks, outcome events, \
            both timestamp encodings and a little disorder. Event times span the --days before --end.
            """
    )

    @Option(name: .long, help: "Number of events (lines).")
    var events: Int

    @Option(name: .long, help: "Number of distinct users.")
    var users = 1000

    @Option(name: .long, help: "Number of teams (default: users / 40).")
    var teams: Int?

    @Option(name: .long, help: "Days of event time covered.")
    var days = 35

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "End of the time span, RFC 3339.")
    var end = "2026-11-01T00:00:00Z"

    func makeConfig() throws -> WorkloadConfig {
        let config = WorkloadConfig(
            events: events, users: users, teams: teams, days: days, seed: seed, endMs: try WorkloadConfig.parseEnd(end))
        try config.validate()
        return config
    }

    func validate() throws {
        do { _ = try makeConfig() } catch { throw ValidationError("\(error)") }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)  // a closed pipe becomes EPIPE, reported as a normal end
        do {
            try WorkloadGenerator(config: try makeConfig()).write(to: STDOUT_FILENO)
        } catch WorkloadError.outputClosed {
            return
        } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(1)
        }
    }
}
