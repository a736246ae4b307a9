import TallyCore
import TallyEvents

/// Everything `tokentally ingest` can be told. Defaults match the CLI's.
public struct IngestConfiguration: Sendable {
    public var inputs: [InputSpec] = [.standardInput]
    public var windows: WindowSet
    public var snapshotDirectory = "snapshots"
    /// 0 writes only the final snapshot.
    public var snapshotEveryMs: Int64 = 60_000
    public var keepSnapshots = 10
    public var lineBytesMax = 1 << 20
    public var maxFutureMs: Int64 = Timestamp.msPerDay
    /// Parser threads; default: one per online CPU plus one. The extra worker keeps the cores busy
    /// while another waits for its ordered turn or the reader decompresses (docs/performance.md).
    public var workerCount = SystemThread.processorCount + 1
    /// Threads that decode independent zstd frames (pzstd output, concatenated files) in parallel;
    /// 0 decodes everything on the reader thread. Frames too large to hold whole are always streamed
    /// on the reader thread, so one-frame inputs do not use these.
    public var decodeThreadCount = SystemThread.processorCount
    /// Frames that decode to more than this are streamed on the reader thread; this bounds the
    /// decode threads' memory to about (threads + 1) × 2 × this.
    package var decodeFrameBytesMax = 32 << 20
    /// Counter shards; more shards let more batches count at once, each shard single-writer.
    public var shardCount = 16
    /// Distinct keys (over all dimensions) kept; updates for keys beyond it are counted as dropped.
    public var keysMax = 4_000_000
    /// Target size of the line-aligned chunks handed to parsers.
    public var chunkBytes = 1 << 20
    /// zstd level 1: on the reference state it writes in 0.45 s instead of 0.7 s at level 3, and the
    /// file is no larger (measured 2026-11-23, docs/performance.md).
    public var snapshotCompressionLevel: Int32 = 1
    /// Events whose `id` was already counted within this much event time are dropped as duplicates
    /// (rounded up to whole hours); 0 turns the filter off.
    public var dedupHorizonMs: Int64 = 48 * Timestamp.msPerHour
    /// Most ids the duplicate filter holds (32 to 64 bytes each); beyond it the oldest hours are
    /// forgotten early, and the snapshot counts how often.
    public var dedupIDsMax = 8_000_000
    /// Where rejected lines are written (`RejectsFile`), at most `rejectsMax` of them; nil for none.
    public var rejectsPath: String?
    public var rejectsMax = 10_000
    /// Snapshot directory 0750 and snapshot and rejects files 0640 instead of 0700 and 0600.
    public var groupReadable = false
    /// Continue from the newest valid snapshot in `snapshotDirectory` (start fresh when it has none).
    public var resume = false
    /// Lines of standard input to drop before counting (a producer that resends from the start).
    public var skipLines = 0
    /// Most records each insights table holds (people, activity combinations, sessions, tasks,
    /// task work per bucket); inserts beyond are refused and counted in the snapshot.
    public var insightRecordsMax = 8_000_000
    /// Insights shards: like the counter shards, single-writer partitions (by person, and by task)
    /// that batches pass through as a wavefront. One on 2 cores: 4 measured no faster there, and each
    /// shard reads every event's time (docs/performance.md). More cores are where more shards pay.
    public var insightShardCount = 1
    /// When set, user and session ids are replaced by keyed pseudonyms (HMAC-SHA256) right after
    /// parsing, before any counter, table or file sees them; the rejects file then keeps no line text.
    public var pseudonymKey: PseudonymKey?
    /// Task ids too (`--pseudonymize-tasks`, with a key): branch names often hold a person's name.
    public var pseudonymizeTasks = false
    /// Prices for usage events that come without `cost_usd` (docs/pricing.md); nil estimates none.
    package var priceTable: PriceTable? = .bundled
    /// How the snapshot names the table: "bundled, as of DATE" or the file given.
    public var priceTableName = "bundled, as of \(PriceTable.bundled.asOf)"
    /// Each input's format (`--source`, detected by default) and what translated formats need.
    public var sources = SourceSettings()
    /// The operator's explicit choice to let `tokentally leaderboard` rank people from these snapshots.
    public var leaderboardAllowed = false
    /// `--follow`: files found when the run starts are read from their end rather than their start
    /// (files that appear later are always read whole), and how often files are looked at.
    public var followFromEnd = false
    public var followPollMs = 250

    public init(windows: WindowSet) { self.windows = windows }

    public init() {
        // The default list is a constant that parses.
        windows = try! WindowSet(parsing: WindowSet.defaultList)
    }

    func validate() throws(IngestError) {
        func invalid(_ message: String) -> IngestError { IngestError(.invalidConfiguration(message)) }
        guard !inputs.isEmpty else { throw invalid("no inputs") }
        guard snapshotEveryMs >= 0 else { throw invalid("--snapshot-every must not be negative") }
        guard keepSnapshots >= 1 else { throw invalid("--keep must be at least 1") }
        guard (1...(1 << 30)).contains(lineBytesMax) else { throw invalid("--line-bytes-max must be between 1 and 1 GiB") }
        guard maxFutureMs >= 0 else { throw invalid("--max-future must not be negative") }
        guard (1...256).contains(workerCount) else { throw invalid("--workers must be between 1 and 256") }
        guard (0...256).contains(decodeThreadCount) else { throw invalid("--decode-threads must be between 0 and 256") }
        guard (1...4096).contains(shardCount) else { throw invalid("--shards must be between 1 and 4096") }
        guard keysMax >= shardCount else { throw invalid("--keys-max must be at least the number of shards") }
        guard (1...19).contains(snapshotCompressionLevel) else { throw invalid("--snapshot-level must be between 1 and 19") }
        guard dedupHorizonMs >= 0 else { throw invalid("--dedup-horizon must not be negative") }
        guard dedupIDsMax >= 1 else { throw invalid("--dedup-ids-max must be at least 1") }
        guard rejectsMax >= 0 else { throw invalid("--rejects-max must not be negative") }
        guard (1...64).contains(insightShardCount) else { throw invalid("insights shards must be between 1 and 64") }
        guard (insightShardCount...(1 << 28)).contains(insightRecordsMax) else {
            throw invalid("--insight-records-max must be between \(insightShardCount) and 268435456")
        }
        guard skipLines >= 0 else { throw invalid("--skip-lines must not be negative") }
        if inputs.contains(where: \.isFollow) {
            guard inputs.count == 1 else { throw invalid("--follow reads one directory and no other inputs") }
            guard skipLines == 0 else { throw invalid("--skip-lines applies to standard input, not to --follow") }
        }
        if let kafka = inputs.lazy.compactMap(\.kafkaSource).first {
            guard inputs.count == 1 else { throw invalid("--kafka-topic reads one topic and no other inputs") }
            guard skipLines == 0 else { throw invalid("--skip-lines applies to standard input, not to Kafka") }
            guard sources.format == .auto || sources.format == .tokentally else {
                throw invalid("a Kafka topic is read as schema v1 events (--source tokentally), not --source \(sources.format.rawValue)")
            }
            guard !kafka.brokers.isEmpty, !kafka.topic.isEmpty, kafka.group?.isEmpty != true else {
                throw invalid("--kafka-brokers, --kafka-topic and --kafka-group must not be empty")
            }
            guard (100...600_000).contains(kafka.timeoutMs) else { throw invalid("--kafka-timeout must be between 100ms and 10m") }
        }
        guard (10...60_000).contains(followPollMs) else { throw invalid("--follow-poll must be between 10ms and 1m") }
        guard skipLines == 0 || inputs.contains(.standardInput) else {
            throw invalid("--skip-lines applies to standard input, and this run reads only files")
        }
        if sources.fieldMap != nil, sources.format != .auto, sources.format != .mapped {
            throw invalid(SourceError(.mapWithoutMappedSource(sources.format)).description)
        }
        if sources.format == .mapped, sources.fieldMap == nil {
            throw invalid(SourceError(.mappedSourceWithoutMap).description)
        }
        guard !pseudonymizeTasks || pseudonymKey != nil else { throw invalid("--pseudonymize-tasks needs --pseudonymize-key") }
        guard chunkBytes >= 4096 else { throw invalid("chunk size must be at least 4096 bytes") }
    }
}
