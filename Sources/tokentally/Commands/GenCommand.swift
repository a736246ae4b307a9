import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyWorkload

struct GenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Write a synthetic stream of schema v1 usage events (NDJSON) to stdout.",
        discussion: """
            Deterministic: the same options give byte-identical output. Heavy-tailed users, sessions, \
            tasks, cache-heavy agentic calls, costs, about 3% outcome events, both timestamp \
            encodings, occasional JSON escapes and a few minutes of disorder. Event times span the \
            --days before --end. Example: tokentally gen --events 10000000 --users 85000 | tokentally ingest

            Profiles shape sessions and tasks. realistic (the default): people work in stints of about \
            a day with several short sessions each, change tools and models, and share tasks that live \
            a few days (10M events, 85,000 users, 35 days: about 5.5M sessions, 1.3M tasks). dense: \
            agent users making about 20 calls per active hour in longer sessions. uniform: the original \
            stream, long sessions of about 23 calls, so 10M events hold about 0.4M sessions. \
            The shape options below override a profile's values and need --profile realistic or dense.
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

    @Option(name: .long, help: "Shape of sessions and tasks: realistic (default), dense or uniform.")
    var profile: WorkloadProfile = .realistic

    @Option(name: .long, help: "Sessions a median person starts per active day, more for heavy users (realistic 5, dense 4).")
    var sessionsPerDay: Int?

    @Option(name: .long, help: "Median calls per session (realistic 1, dense 6).")
    var sessionCalls: Int?

    @Option(name: .long, help: "Calls per hour of each person at work, at the stream's average rate (realistic 2, dense 26: about 19 per active calendar hour).")
    var callsPerHour: Int?

    @Option(name: .long, help: "Days after its opening that a task is still worked on (realistic and dense 3).")
    var taskDays: Int?

    @Option(name: .long, help: "Sharing of tasks: a side session joins a teammate's task N-1 times in N (1: never; realistic and dense 2).")
    var peoplePerTask: Int?

    private func makeConfig() throws(WorkloadError) -> WorkloadConfig {
        var config = WorkloadConfig(
            events: events, users: users, teams: teams, days: days, seed: seed,
            endMs: try WorkloadConfig.parseEnd(end), profile: profile)
        config.sessionsPerDay = sessionsPerDay
        config.sessionCalls = sessionCalls
        config.callsPerHour = callsPerHour
        config.taskDays = taskDays
        config.peoplePerTask = peoplePerTask
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

extension WorkloadProfile: ExpressibleByArgument {}
