import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif
import TallyCore
import TallyEvents
import TallyIngest

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Count usage events from files or standard input into rolling windows and write snapshots.",
        discussion: """
            Reads NDJSON events (schema v1, or Claude Code transcripts, OpenAI, Anthropic or OpenTelemetry \
            logs, or any JSON through --map: see --source), plain or zstd-compressed (detected from the data), from each \
            FILE in order, or from standard input when none is given or FILE is '-'. Writes a snapshot every \
            interval, at the end of input, and on SIGINT/SIGTERM before exiting. With --follow DIR, tails \
            the JSONL files under DIR as they grow (new files, rotation, truncation) until SIGINT/SIGTERM. \
            With --kafka-brokers and --kafka-topic, reads the topic's partitions instead, one schema v1 event \
            per message, keeping each partition's next offset in the snapshot (docs/scale-out.md).

            With --resume, continues from the newest valid snapshot in --snapshot-dir (or starts fresh when \
            there is none): files already read are skipped, a file read in part is read on from where the \
            snapshot stopped (for --follow, each file from its recorded offset), and counting goes on from the snapshot's state, so running the same command \
            again after a crash counts every event exactly once. Standard input cannot be rewound: a producer \
            resends from the line after the snapshot's `lines_read` for <stdin> (see `tokentally inspect`), \
            or resends everything and passes --skip-lines with that number.

            Exit status: 0 when all input was read (rejected lines are counted, not fatal); 1 when an input \
            cannot be read or its zstd data is truncated or corrupt, or Kafka brokers, a topic or an offset \
            cannot be had; 3 when the snapshot directory cannot be \
            written (or its newest file's sequence number has no successor); 2 for bad options, a snapshot \
            that cannot be resumed from (it says why), or a --snapshot-dir another ingest is writing to; \
            130/143 after SIGINT/SIGTERM (the final snapshot is written first).

            Snapshots and the rejects file hold per-person data: a new snapshot directory is created 0700 and \
            new files 0600 (0750 and 0640 with --group-readable); the umask can only narrow these, and an \
            existing directory or rejects file keeps its mode.
            """
    )

    @Option(name: .long, help: "Directory for snapshot files.")
    var snapshotDir = "snapshots"

    @Option(name: .long, help: ArgumentHelp(
        "Snapshot interval, like 100ms, 5s, 1m; 0 for only the final snapshot.",
        discussion: "A minimum: the next snapshot also waits 7 times as long as the last took to write, so that snapshots take at most an eighth of the run, and counting pauses while a snapshot's insights section is written. The summary line says how much CPU the snapshots took."))
    var snapshotEvery = "60s"

    @Flag(name: .long, help: "Create the snapshot directory 0750 and snapshot and rejects files 0640 (default: 0700 and 0600).")
    var groupReadable = false

    @Option(name: .long, help: "How many of the newest snapshots to keep.")
    var keep = 10

    @Option(name: .long, help: "Comma-separated rolling windows in hours or days.")
    var windows = "1h,24h,7d,30d"

    @Option(name: .long, help: "Reject events whose ts is further than this ahead of the machine's clock.")
    var maxFuture = "24h"

    @Option(name: .long, help: "zstd level for snapshot files (1-19): lower writes faster, higher writes smaller.")
    var snapshotLevel: Int32 = 1

    @Option(name: .long, help: "Longest accepted line in bytes; longer lines are rejected (memory stays bounded).")
    var lineBytesMax = 1 << 20

    @Option(name: .long, help: "Parser threads (default: one per CPU, plus one).")
    var workers: Int?

    @Option(name: .long, help: "Threads that decode independent zstd frames in parallel (default: one per CPU; 0: none).")
    var decodeThreads: Int?

    @Option(name: .long, help: "Counter shards (single-writer partitions of the keys).")
    var shards = 16

    @Option(name: .long, help: ArgumentHelp(
        "Most distinct keys kept over all dimensions; updates for keys beyond are dropped, counted and reported.",
        discussion: "Each shard keeps an equal share: with keys spread unevenly, drops can start a little below the limit, never above."))
    var keysMax = 4_000_000

    @Option(name: .long, help: "Drop events whose id was already counted within this much event time (like 48h; 0 for off).")
    var dedupHorizon = "48h"

    @Option(name: .long, help: "Most event ids the duplicate filter holds (32-64 bytes each); beyond it the oldest hours are forgotten early.")
    var dedupIdsMax = 8_000_000

    @Option(name: .long, help: "File for rejected lines, with input, line number, reason and the line's first bytes (default: rejects.ndjson in the snapshot directory).")
    var rejects: String?

    @Option(name: .long, help: "Most rejected lines written to the rejects file per run; 0 for no file. All are counted regardless.")
    var rejectsMax = 10_000

    @Flag(name: .long, help: "Continue from the newest valid snapshot in --snapshot-dir; start fresh if there is none.")
    var resume = false

    @Option(name: .long, help: "Drop the first N lines of standard input (what a resending producer already delivered).")
    var skipLines = 0

    @Option(name: .customLong("pseudonymize-key"), help: ArgumentHelp(
        "Replace user and session ids by keyed pseudonyms (HMAC-SHA256 with the key in FILE) before anything counts them.",
        discussion: "The same key gives the same pseudonym across runs. Create one with `openssl rand -hex 32 > FILE` and keep it apart from the snapshots."))
    var pseudonymizeKey: String?

    @Flag(name: .long, help: ArgumentHelp(
        "With --pseudonymize-key: replace task ids by keyed pseudonyms too (session ids always are).",
        discussion: "Branch names often hold a person's name. `tokentally pseudonym --kind task` maps known ids to their pseudonyms."))
    var pseudonymizeTasks = false

    @Flag(name: .long, help: "Let `tokentally leaderboard` rank people from these snapshots (off by default).")
    var allowLeaderboard = false

    @Option(name: .long, help: "Most records in each insights table (people, activity, open sessions, closed-session fronts, tasks, task work); more are refused and counted.")
    var insightRecordsMax = 8_000_000

    @Option(name: .long, help: ArgumentHelp(
        "Price table for events without cost_usd (JSON, docs/pricing.md); default: the bundled, dated table.",
        discussion: "'none' estimates no costs."))
    var prices: String?

    @OptionGroup(title: "Sources")
    var sourceOptions: SourceOptions

    @Option(name: .long, help: ArgumentHelp(
        "Tail the .jsonl, .ndjson and .json files under DIR as they grow (new files, rotation), until SIGINT/SIGTERM.",
        discussion: "See docs/follow.md. Takes no FILE arguments.", valueName: "DIR"))
    var follow: String?

    @Flag(name: .long, help: "With --follow: read files that exist at the start from their end (new files are read whole).")
    var fromEnd = false

    @Option(name: .long, help: "With --follow: how often files are checked for growth, like 250ms.")
    var followPoll = "250ms"

    @Option(name: .long, help: ArgumentHelp(
        "Read the Kafka topic --kafka-topic from these brokers (host:port,...) instead of files.",
        discussion: "Each message value is one schema v1 event; each partition's next offset is kept in the snapshot, and --resume goes on from there (docs/scale-out.md).",
        valueName: "HOST:PORT,..."))
    var kafkaBrokers: String?

    @Option(name: .long, help: "With --kafka-brokers: the topic to read.")
    var kafkaTopic: String?

    @Option(name: .long, help: "With --kafka-brokers: the partitions to read, like 0,1 or 4-7, or all.")
    var kafkaPartitions = "all"

    @Flag(name: .long, help: "With --kafka-brokers: stop (final snapshot, exit 0) once every partition is read to the end it had at the start.")
    var kafkaUntilCaughtUp = false

    @Option(name: .long, help: "With --kafka-brokers: how long to wait for the brokers to answer when starting (and for the last offset commit), like 10s.")
    var kafkaTimeout = "10s"

    @Option(name: .long, help: ArgumentHelp(
        "With --kafka-brokers: commit each durable snapshot's offsets to this consumer group, for lag monitoring.",
        discussion: "The group does not assign partitions (--kafka-partitions does) and --resume never reads its offsets.",
        valueName: "GROUP"))
    var kafkaGroup: String?

    @Flag(name: .long, help: "No progress line on stderr.")
    var quiet = false

    @Argument(help: "Input files; '-' or none for standard input.")
    var files: [String] = []

    func validate() throws {
        guard DurationText.milliseconds(snapshotEvery) != nil else {
            throw ValidationError("--snapshot-every '\(snapshotEvery)' is not a duration like 100ms, 5s or 1m")
        }
        guard DurationText.milliseconds(dedupHorizon) != nil else {
            throw ValidationError("--dedup-horizon '\(dedupHorizon)' is not a duration like 48h, or 0")
        }
        guard DurationText.milliseconds(maxFuture) != nil else {
            throw ValidationError("--max-future '\(maxFuture)' is not a duration like 1h or 24h")
        }
        do { _ = try WindowSet(parsing: windows) } catch { throw ValidationError("--windows: \(error)") }
        guard let poll = DurationText.milliseconds(followPoll), (10...60_000).contains(poll) else {
            throw ValidationError("--follow-poll '\(followPoll)' is not a duration between 10ms and 1m")
        }
        if follow != nil, !files.isEmpty {
            throw ValidationError("--follow reads a directory; give it no FILE arguments")
        }
        if follow == nil, fromEnd { throw ValidationError("--from-end applies to --follow") }
        if pseudonymizeTasks, pseudonymizeKey == nil { throw ValidationError("--pseudonymize-tasks needs --pseudonymize-key") }
        try validateKafka()
    }

    private func validateKafka() throws {
        guard kafkaBrokers != nil || kafkaTopic != nil else {
            if kafkaUntilCaughtUp || kafkaPartitions != "all" || kafkaTimeout != "10s" || kafkaGroup != nil {
                throw ValidationError("--kafka-partitions, --kafka-until-caught-up, --kafka-timeout and --kafka-group apply to --kafka-brokers")
            }
            return
        }
        guard kafkaBrokers != nil, kafkaTopic != nil else { throw ValidationError("--kafka-brokers and --kafka-topic go together") }
        guard files.isEmpty, follow == nil else { throw ValidationError("--kafka-topic is the only input; give it no FILE arguments or --follow") }
        guard KafkaSource.partitions(parsing: kafkaPartitions) != nil else {
            throw ValidationError("--kafka-partitions '\(kafkaPartitions)' is not 'all' or a list like 0,1,4-7")
        }
        guard DurationText.milliseconds(kafkaTimeout) != nil else {
            throw ValidationError("--kafka-timeout '\(kafkaTimeout)' is not a duration like 10s")
        }
    }

    private var kafkaSource: KafkaSource? {
        guard let kafkaBrokers, let kafkaTopic, let partitions = KafkaSource.partitions(parsing: kafkaPartitions) else { return nil }
        var source = KafkaSource(brokers: kafkaBrokers, topic: kafkaTopic, partitions: partitions)
        source.untilCaughtUp = kafkaUntilCaughtUp
        source.group = kafkaGroup
        source.timeoutMs = Int(clamping: DurationText.milliseconds(kafkaTimeout) ?? 10_000)
        return source
    }

    func run() throws {
        var configuration = IngestConfiguration(windows: try WindowSet(parsing: windows))
        if let follow {
            configuration.inputs = [.follow(follow)]
        } else if let kafkaSource {
            configuration.inputs = [.kafka(kafkaSource)]
        } else {
            configuration.inputs = files.isEmpty ? [.standardInput] : files.map(InputSpec.init(argument:))
        }
        configuration.followFromEnd = fromEnd
        configuration.followPollMs = Int(DurationText.milliseconds(followPoll)!)
        configuration.snapshotDirectory = snapshotDir
        configuration.snapshotEveryMs = DurationText.milliseconds(snapshotEvery)!
        configuration.keepSnapshots = keep
        configuration.groupReadable = groupReadable
        configuration.maxFutureMs = DurationText.milliseconds(maxFuture)!
        configuration.lineBytesMax = lineBytesMax
        if let workers { configuration.workerCount = workers }
        if let decodeThreads { configuration.decodeThreadCount = decodeThreads }
        configuration.shardCount = shards
        configuration.keysMax = keysMax
        configuration.snapshotCompressionLevel = snapshotLevel
        configuration.resume = resume
        configuration.dedupHorizonMs = DurationText.milliseconds(dedupHorizon)!
        configuration.dedupIDsMax = dedupIdsMax
        configuration.rejectsPath = rejects ?? snapshotDir + "/rejects.ndjson"
        configuration.rejectsMax = rejectsMax
        configuration.skipLines = skipLines
        configuration.leaderboardAllowed = allowLeaderboard
        configuration.insightRecordsMax = insightRecordsMax
        configuration.pseudonymizeTasks = pseudonymizeTasks
        configuration.sources = try sourceOptions.settings()
        if let prices {
            if prices == "none" {
                configuration.priceTable = nil
            } else {
                do {
                    configuration.priceTable = try PriceTable(contentsOfFile: prices)
                    configuration.priceTableName = "\(prices), as of \(configuration.priceTable!.asOf)"
                } catch {
                    Terminal.error("tokentally: \(error)")
                    throw ExitCode(2)
                }
            }
        }
        if let pseudonymizeKey {
            do { configuration.pseudonymKey = try PseudonymKey(contentsOfFile: pseudonymizeKey) } catch {
                Terminal.error("tokentally: \(error)")
                throw ExitCode(2)
            }
        }

        StopSignal.install()
        let pipeline: IngestPipeline
        do { pipeline = try IngestPipeline(configuration: configuration) } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(error.exitCode)
        }
        for warning in pipeline.resumeWarnings { Terminal.error(warning) }
        if let header = pipeline.resumedFrom, let path = pipeline.resumedFromPath {
            Terminal.error("tokentally: resuming from \(path): \(header.counters.linesRead) lines already counted")
        } else if resume {
            Terminal.error("tokentally: no snapshot in \(snapshotDir) yet; starting fresh")
        }
        let showProgress = !quiet && isatty(STDERR_FILENO) == 1
        var progress: (@Sendable (ProgressSample, ProgressSample) -> Void)?
        if showProgress {
            progress = { current, previous in Terminal.progress(current.line(since: previous)) }
        }
        let summary = pipeline.run(progress: progress) { notice in
            if showProgress { Terminal.progress(nil) }  // the next redraw puts the progress line back
            Terminal.error("tokentally: " + notice)
        }
        if showProgress { Terminal.progress(nil) }
        Terminal.error(summary.line)
        if let error = summary.error {
            Terminal.error("tokentally: error: \(error)")
            throw ExitCode(error.exitCode)
        }
        if let signal = summary.interruptedBySignal { throw ExitCode(128 + signal) }
    }
}
