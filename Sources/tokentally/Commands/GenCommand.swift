import ArgumentParser
import TokenTally

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct GenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Write a synthetic stream of schema v1 usage events (NDJSON) to stdout.",
        discussion: """
            Deterministic: the same options give byte-identical output. Heavy-tailed users, sessions, \
            tasks, cache-heavy agentic calls, costs, about 3% outcome events, both timestamp \
            encodings, occasional JSON escapes and a few minutes of disorder. Event times span the \
            --days before --end. Example: tokentally gen --events 10000000 --users 85000 | tokentally ingest
            """
    )

    @Option(name: .long, help: "Number of events (lines) to write.")
    var events: Int

    @Option(name: .long, help: "Number of distinct users.")
    var users = 1000

    @Option(name: .long, help: "Number of teams (default: users / 40, at least 1).")
    var teams: Int?

    @Option(name: .long, help: "Days of event time covered, ending at --end (1 to 3650).")
    var days = 35

    @Option(name: .long, help: "Random seed; another seed gives another workload.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "End of the time span: RFC 3339 (e.g. 2026-11-01T00:00:00Z) or epoch milliseconds.")
    var end = "2026-11-01T00:00:00Z"

    private func makeConfig() throws(WorkloadError) -> WorkloadConfig {
        let config = WorkloadConfig(
            events: events, users: users, teams: teams, days: days, seed: seed,
            endMs: try WorkloadConfig.parseEnd(end))
        try config.validate()
        return config
    }

    func validate() throws {
        do { _ = try makeConfig() } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)  // a closed pipe becomes EPIPE, reported as a normal end
        do {
            try WorkloadGenerator(config: try makeConfig()).write(to: STDOUT_FILENO)
        } catch .outputClosed {
            return
        } catch {
            Terminal.error("tokentally gen: \(error)")
            throw ExitCode(1)
        }
    }
}
