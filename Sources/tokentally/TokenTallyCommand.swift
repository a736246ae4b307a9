import ArgumentParser

@main
struct TokenTallyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokentally",
        abstract: "Rolling-window AI token usage counters from NDJSON event streams.",
        discussion: """
            Pipe usage events (NDJSON, optionally zstd-compressed) into `tokentally ingest`; it keeps \
            rolling-window totals per user, team, org, model and tool and writes compressed snapshot \
            files that `report` and `inspect` read.
            """,
        subcommands: [
            IngestCommand.self, ReportCommand.self, FlagsCommand.self, LeaderboardCommand.self, DashboardCommand.self,
            InspectCommand.self, MergeCommand.self, PseudonymCommand.self, PricesCommand.self,
            GenCommand.self,
        ]
    )
}
