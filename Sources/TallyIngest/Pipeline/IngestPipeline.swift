import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore
import TallyEvents
import TallySnapshot
import TallyStages

/// The ingest pipeline:
///
/// ```
/// reader thread: read(2) -> zstd (whole frames on decode threads) -> line-aligned chunks
///   --(bounded queue)--> N worker threads:
///   parse chunk into a batch (parallel)
///   -> sequencer turn (input order: watermark, late events, exact counters, cut decision)
///   -> shard turns 0..S-1 (each shard single-writer, batches in input order; at a cut, lend it)
///   --(bounded queue, input order)--> insights thread: every insights shard, in input order
///   (at a cut, its image; then the cut goes to the snapshot thread) -> the batch back to the pool
/// snapshot thread: serialise + zstd + fsync + rename, off the hot path
/// ```
///
/// Every batch visits the sequencer and then every shard in order, so a shard's state after batch
/// `k` reflects exactly batches `0...k`: a cut at `k` is consistent across all shards. Work moves in
/// chunks of about a megabyte; nothing is allocated per event once buffers are warm.
///
/// The insights stage is the longest (about half the CPU on a realistic stream) and one batch at
/// a time, so it has a thread of its own, fed batches ahead: the workers parse and count the next
/// batches meanwhile, instead of waiting for its turn with their batch in hand.
public final class IngestPipeline: @unchecked Sendable {
    private let configuration: IngestConfiguration
    private let shards: [CounterShard]
    private let shardTurns: [OrderedTurn]
    private let sequencerTurn = OrderedTurn()
    private let sequencer: Sequencer
    private let insights: [InsightState]
    /// Batches counted and waiting for the insights thread, queued in input order (`insightsQueueTurn`).
    private let insightsQueue: BlockingQueue<InsightsWork>
    private let insightsQueueTurn = OrderedTurn()
    /// Batches not in use: a worker takes one per chunk, the insights thread gives it back.
    private let freeBatches: BlockingQueue<EventBatch>
    private let coordinator: SnapshotCoordinator
    private let freeChunks: BlockingQueue<InputChunk>
    private let fullChunks: BlockingQueue<InputChunk>
    private let startNs = SystemClock.monotonicNs()
    private var lastCutNs: Int64
    private var linesAtLastCut = -1

    // Published by the sequencer for the progress line (relaxed: approximate is fine there).
    private let liveLines = Atomic<Int>(0)
    private let liveBytes = Atomic<Int>(0)
    private let liveRejected = Atomic<Int>(0)
    private let liveWatermark = Atomic<Int64>(Int64.min)
    /// The Kafka input's lag: total (-1 without one), and the worst partition and its lag.
    private let liveKafkaLag = Atomic<Int64>(-1)
    private let liveKafkaWorst = Atomic<Int64>(0)
    private let liveKafkaWorstPartition = Atomic<Int32>(0)
    private let finished = Atomic<Bool>(false)
    private let skips: [InputSkip]
    private let formats: [SourceFormat?]
    /// Where a resumed run's followed files were (`--follow`).
    private let followFrom: [FollowPosition]
    /// Where a resumed run's Kafka partitions were.
    private let kafkaFrom: [KafkaPosition]
    private let rejects: RejectsWriter?
    /// Commits each durable snapshot's Kafka positions to `--kafka-group`, for monitoring.
    private let offsetCommitter: KafkaOffsetCommitter?
    /// The snapshot a resumed run continues from (nil for a fresh run), and any warning met finding it.
    public private(set) var resumedFrom: SnapshotHeader?
    public private(set) var resumedFromPath: String?
    public private(set) var resumeWarnings: [String] = []
    /// What every snapshot of this run says of its settings (`SnapshotStaging.finishedHeader`).
    private let snapshotRun: SnapshotRun

    /// - Throws: `IngestError` for an invalid configuration or a snapshot directory that cannot be used.
    public init(configuration: IngestConfiguration) throws(IngestError) {
        try configuration.validate()
        self.configuration = configuration
        _ = AllocatorPolicy.applied
        var shards: [CounterShard] = []
        for index in 0..<configuration.shardCount {
            let keysMax = Self.share(of: configuration.keysMax, part: index, parts: configuration.shardCount)
            guard let shard = CounterShard(windows: configuration.windows, keysMax: keysMax) else {
                throw IngestError(.invalidConfiguration(
                    "cannot reserve address space for \(configuration.keysMax) keys; lower --keys-max"))
            }
            shards.append(shard)
        }
        self.shards = shards
        shardTurns = (0..<configuration.shardCount).map { _ in OrderedTurn() }
        let horizonHours = (configuration.dedupHorizonMs + Timestamp.msPerHour - 1) / Timestamp.msPerHour
        sequencer = Sequencer(
            windows: configuration.windows, inputNames: configuration.inputs.map(\.description),
            duplicates: horizonHours > 0 ? DuplicateFilter(horizonHours: horizonHours, idsMax: configuration.dedupIDsMax) : nil)
        sequencer.followInputIndex = configuration.inputs.firstIndex(where: \.isFollow)
        for (index, input) in configuration.inputs.enumerated() {
            if case .kafka(let source) = input { sequencer.kafkaInput = (index, source.topic) }
        }

        let insightShards = configuration.insightShardCount
        insights = (0..<insightShards).map {
            let recordsMax = Self.share(of: configuration.insightRecordsMax, part: $0, parts: insightShards)
            return InsightState(windows: configuration.windows, recordsMax: recordsMax, shardIndex: $0, shardCount: insightShards)
        }
        // A batch for each worker and a few queued ahead of the insights thread.
        let batchCount = configuration.workerCount + Self.insightsQueueDepth
        insightsQueue = BlockingQueue(capacity: batchCount)
        freeBatches = BlockingQueue(capacity: batchCount)
        for _ in 0..<batchCount { freeBatches.push(EventBatch()) }

        // Locked before anything reads the directory: numbering and resuming see only this run's writes.
        let directory = SnapshotDirectory(path: configuration.snapshotDirectory, groupReadable: configuration.groupReadable)
        do {
            coordinator = try SnapshotCoordinator(
                directory: directory,
                keep: configuration.keepSnapshots, shardCount: configuration.shardCount,
                compressionLevel: configuration.snapshotCompressionLevel)
        } catch {
            throw IngestError(.snapshotFailed(error))
        }
        let (ids, sizes) = ResumePlan.identify(configuration.inputs)
        var plan = ResumePlan(inputs: configuration.inputs, identities: ids, skipLines: configuration.skipLines)
        var warnings: [String] = []
        var droppedUpdatesUnattributed = 0
        if configuration.resume, let snapshot = try Self.snapshotToResume(configuration.snapshotDirectory, &warnings) {
            guard !snapshot.header.isMerged else {
                throw IngestError(.cannotResume("\(snapshot.path) was written by tokentally merge: its input positions are its "
                    + "\(snapshot.header.mergedParts.count) parts' runs'; resume each instance from its own --snapshot-dir"))
            }
            guard snapshot.header.pseudonymKeyFingerprint == configuration.pseudonymKey?.fingerprint else {
                throw IngestError(.cannotResume(
                    snapshot.header.pseudonymKeyFingerprint == nil
                        ? "the snapshot holds raw user ids and this run pseudonymises them; use a new --snapshot-dir"
                        : "the snapshot was pseudonymised with key \(snapshot.header.pseudonymKeyFingerprint!), "
                            + (configuration.pseudonymKey == nil ? "and this run has no --pseudonymize-key" : "not with this key")))
            }
            try Self.checkIdSettings(snapshot.header, configuration)
            guard snapshot.header.windows == configuration.windows.windows else {
                throw IngestError(.cannotResume(
                    "the snapshot counts windows \(snapshot.header.windows.map(\.name).joined(separator: ",")), "
                    + "this run asks for \(configuration.windows.windows.map(\.name).joined(separator: ","))"))
            }
            plan = try ResumePlan(
                resuming: snapshot.header.sources, inputs: configuration.inputs, identities: ids, sizes: sizes,
                skipLines: configuration.skipLines, format: configuration.sources.format)
            try Self.restore(snapshot, into: shards, windows: configuration.windows, keysMax: configuration.keysMax)
            // Key updates dropped before drops were counted by dimension: carried on in the total.
            let attributed = snapshot.header.droppedUpdatesByDimension.reduce(0, +)
            droppedUpdatesUnattributed = max(0, snapshot.header.droppedUpdates - attributed)
            try Self.restore(snapshot, into: sequencer.duplicates)
            try Self.restore(snapshot, into: insights, key: configuration.pseudonymKey)
            resumedFrom = snapshot.header
            resumedFromPath = snapshot.path
        }
        resumeWarnings = warnings
        snapshotRun = Self.snapshotRun(configuration, droppedUpdatesUnattributed: droppedUpdatesUnattributed)
        sequencer.start(sources: plan.sources, resuming: resumedFrom)
        skips = plan.skips
        formats = plan.formats
        followFrom = resumedFrom?.follow ?? []
        kafkaFrom = resumedFrom?.kafka ?? []
        if let kafka = configuration.inputs.lazy.compactMap(\.kafkaSource).first, let group = kafka.group {
            offsetCommitter = try KafkaOffsetCommitter(source: kafka, group: group)
        } else {
            offsetCommitter = nil
        }
        if let path = configuration.rejectsPath, configuration.rejectsMax > 0 {
            rejects = RejectsWriter(file: RejectsFile(
                path: path, limit: configuration.rejectsMax, keepsText: configuration.pseudonymKey == nil,
                fileMode: directory.fileMode))
        } else {
            rejects = nil
        }
        // Enough chunks for every worker to hold one, the queue to hold a few, and the reader one.
        let chunkCount = configuration.workerCount * 2 + 3
        let chunkCapacity = configuration.chunkBytes + configuration.lineBytesMax + 1
        freeChunks = BlockingQueue(capacity: chunkCount)
        fullChunks = BlockingQueue(capacity: chunkCount)
        for _ in 0..<chunkCount { freeChunks.push(InputChunk(capacity: chunkCapacity)) }
        lastCutNs = startNs
    }

    /// Part `part` of `total` split over `parts`, the parts adding up to exactly `total`. Keys (and
    /// insights records) spread over shards by hash, and a limit per shard keeps each shard
    /// single-writer with no shared count; split exactly, the stated limit holds for the whole.
    static func share(of total: Int, part: Int, parts: Int) -> Int {
        total / parts + (part < total % parts ? 1 : 0)
    }

    /// Runs to the end of input (or a stop signal, or an error), writing the final snapshot.
    /// `progress` is called a few times a second from a separate thread while the run goes on;
    /// `notice`, from the reader thread, with what the user should know at once.
    public func run(
        progress: (@Sendable (_ current: ProgressSample, _ previous: ProgressSample) -> Void)? = nil,
        notice: (@Sendable (String) -> Void)? = nil
    ) -> IngestSummary {
        if let offsetCommitter {
            coordinator.afterDurable = { position in offsetCommitter.commit(position.kafka, notice: notice) }
        }
        coordinator.start(niceness: Self.workerNiceness)  // periodic snapshots yield as the workers do
        rejects?.start()
        let readerBox = ReaderResult()
        let reader = InputReader(
            inputs: configuration.inputs,
            settings: .init(
                chunkBytes: configuration.chunkBytes, lineBytesMax: configuration.lineBytesMax,
                decodeThreads: configuration.decodeThreadCount, frameBytesMax: configuration.decodeFrameBytesMax,
                skips: skips, formats: formats, sources: configuration.sources, followFrom: followFrom,
                followStartAtEnd: configuration.followFromEnd, followPollMs: configuration.followPollMs,
                kafkaFrom: kafkaFrom, notice: notice),
            freeChunks: freeChunks, fullChunks: fullChunks,
            shouldStop: { [self] in
                StopSignal.received != 0 || coordinator.error != nil || rejects?.failed.load(ordering: .relaxed) == true
            })
        let readerThread = SystemThread(name: "tt-reader") { [fullChunks] in
            SystemThread.lowerPriority(by: Self.readerNiceness)
            readerBox.error = reader.run()
            readerBox.framesDecodedInParallel = reader.framesDecodedInParallel
            readerBox.followUnreadablePaths = reader.followUnreadablePaths
            fullChunks.close()
        }
        let workers = (0..<configuration.workerCount).map { i in
            SystemThread(name: "tt-worker-\(i)") { [self] in workerLoop() }
        }
        let insightsThread = SystemThread(name: "tt-insights") { [self] in insightsLoop() }
        let progressThread = progress.map { report in
            SystemThread(name: "tt-progress") { [self] in progressLoop(report) }
        }
        readerThread.join()
        for w in workers { w.join() }
        insightsQueue.close()
        insightsThread.join()
        finished.store(true, ordering: .relaxed)
        progressThread?.join()
        coordinator.finish()
        offsetCommitter?.close(notice: notice)
        let rejectsError = rejects?.finish()

        var error = readerBox.error
        if error == nil, let snapshotError = coordinator.error { error = IngestError(.snapshotFailed(snapshotError)) }
        if error == nil { error = rejectsError }
        let signal = StopSignal.received
        var summary = IngestSummary(
            counters: sequencer.counters, watermarkMs: sequencer.watermarkMs,
            elapsedNs: SystemClock.monotonicNs() - startNs, snapshotsWritten: coordinator.snapshotsWritten,
            lastSnapshotPath: coordinator.lastWrittenPath, slowestSnapshotWriteNs: coordinator.slowestWriteNs,
            interruptedBySignal: signal == 0 ? nil : signal, error: error,
            rejectSamples: sequencer.rejectSamples)
        summary.snapshotCPUNs = coordinator.cpuNs
        summary.framesDecodedInParallel = readerBox.framesDecodedInParallel
        summary.followUnreadablePaths = readerBox.followUnreadablePaths
        summary.rejectsPath = rejects?.file.path
        summary.rejectsWritten = rejects?.file.written ?? 0
        summary.rejectsFailed = rejectsError != nil
        return summary
    }

    private final class ReaderResult: @unchecked Sendable {
        // Written by the reader thread before it ends; read after join.
        var error: IngestError?
        var framesDecodedInParallel = 0
        var followUnreadablePaths: [String] = []
    }

    private func workerLoop() {
        SystemThread.lowerPriority(by: Self.workerNiceness)
        var parser = LineParser(lineBytesMax: configuration.lineBytesMax, maxFutureMs: configuration.maxFutureMs)
        parser.costs = configuration.priceTable.map(CostEstimator.init(table:))
        let shardCount = shards.count
        let key = configuration.pseudonymKey
        let users = key.map { PseudonymCache(key: $0) }
        // Sessions and tasks come and go: a smaller cache, refilled when full, bounds their memory.
        let sessions = key.map { PseudonymCache(key: $0.key(for: .session), entriesMax: 1 << 17) }
        let tasks = configuration.pseudonymizeTasks
            ? key.map { PseudonymCache(key: $0.key(for: .task), entriesMax: 1 << 17) } : nil
        while let chunk = fullChunks.pop() {
            let batch = freeBatches.pop()!  // never closed; the insights thread gives each back
            batch.reset()
            parser.nowMs = SystemClock.wallMs()
            Self.parse(chunk, with: &parser, into: batch)
            freeChunks.push(chunk)
            users?.replaceKeys(KeyDimension.user.rawValue, in: batch)
            sessions?.replaceKeys(EventRef.session, in: batch)
            tasks?.replaceKeys(EventRef.task, in: batch)

            sequencerTurn.wait(for: batch.sequence)
            sequencer.sequence(batch)
            let rejectsTicket = batch.rejectSamples.isEmpty ? nil : reserveRejects(batch)
            let staging = cutStaging(for: batch)
            if let staging {
                staging.run = snapshotRun
                sequencer.cut(into: staging)
            }
            publishProgress()
            sequencerTurn.pass(after: batch.sequence)
            if let rejectsTicket { rejects?.submit(rejectsTicket, from: batch) }

            // Counter shards, each a wavefront of batches in input order; then the insights thread.
            batch.route(shardCount: shardCount, windows: configuration.windows)
            for s in 0..<shardCount {
                shardTurns[s].wait(for: batch.sequence)
                shards[s].apply(batch, shardIndex: s)
                if let staging { shards[s].lend(into: &staging.images[s], until: staging.countersLoan.ticket) }
                shardTurns[s].pass(after: batch.sequence)
            }
            insightsQueueTurn.wait(for: batch.sequence)
            insightsQueue.push(InsightsWork(batch: batch, staging: staging))
            insightsQueueTurn.pass(after: batch.sequence)
        }
    }

    /// How much lower than the insights thread's the workers' (and the snapshot writer's) and the
    /// reader's priorities are: the insights stage sets the pace, so it should not wait for a core
    /// while they work ahead. The reader, which feeds everything, stays above the workers.
    private static let workerNiceness: Int32 = 10, readerNiceness: Int32 = 5

    /// A counted batch for the insights thread, with the cut it ends, if any.
    private struct InsightsWork {
        let batch: EventBatch
        let staging: SnapshotStaging?
    }

    /// Batches the insights thread may have queued ahead of it: enough that it need not wait while
    /// a worker parses and counts the next, few enough to bound the memory the batches hold (about
    /// 3.5 MiB each). 8 rather than 4: 0.45 s off realistic 10M (the thread finds the queue empty,
    /// and sleeps, less often) for 15 MiB; 16 took 0.15 s more for 27 MiB more (docs/performance.md,
    /// ninth round).
    private static let insightsQueueDepth = 8

    /// Applies each batch to every insights shard in input order; at a cut, takes the shards' images
    /// and hands the cut (whose counters the workers copied before queuing it) to the snapshot thread.
    private func insightsLoop() {
        while let work = insightsQueue.pop() {
            let batch = work.batch
            for state in insights { state.apply(batch) }
            if let staging = work.staging {
                let isFinal = batch.origin.isFinal
                let lending = staging.holdInsights(insights.map { isFinal ? $0.finalImage() : $0.image() })
                coordinator.submit()
                // The images share the tables' arrays: changing a record before the writer lets go
                // would copy every table. The final image is the stage's last act.
                if !isFinal { lending.waitForRelease() }
            }
            freeBatches.push(batch)
        }
    }

    /// In the sequencer's turn: where `batch`'s rejected lines go in the rejects file, numbered in
    /// their input (a followed file's lines in that file).
    private func reserveRejects(_ batch: EventBatch) -> RejectsWriter.Ticket? {
        guard let rejects else { return nil }
        if let path = batch.origin.follow?.path, let firstLine = sequencer.followFirstLine(batch) {
            return rejects.reserve(batch, input: path, firstLine: firstLine)
        }
        if let span = batch.origin.kafka, let topic = sequencer.kafkaInput?.topic {
            // Line numbers in a Kafka batch are offsets after its first message's (`parse`).
            return rejects.reserve(batch, input: sequencer.sources[batch.origin.sourceIndex].name, firstLine: 0,
                                   kafka: KafkaPosition(topic: topic, partition: span.partition, offset: span.firstOffset))
        }
        let source = sequencer.sources[batch.origin.sourceIndex]
        return rejects.reserve(batch, input: source.name, firstLine: source.linesRead - batch.linesRead + 1)
    }

    /// Parses every line of `chunk` into `batch` and copies the chunk's position onto it.
    private static func parse(_ chunk: InputChunk, with parser: inout LineParser, into batch: EventBatch) {
        batch.sequence = chunk.sequence
        batch.origin = chunk.origin
        batch.decodedBytes = chunk.sourceByteCount + chunk.droppedLongLineBytes
        if chunk.droppedLongLines > 0 {
            batch.linesRead += 1
            batch.noteRejected(.lineTooLong, lineNumber: 0, text: UnsafeRawBufferPointer(start: nil, count: 0),
                               lineBytes: chunk.droppedLongLineBytes)
        }
        if chunk.isTranslated {
            parseTranslated(chunk, with: &parser, into: batch)
            return
        }
        var p = UnsafeRawPointer(chunk.bytes)
        let end = p + chunk.count
        var lineIndex = 0
        while p < end {
            let newline = memchr(p, 0x0A, end - p).map { UnsafeRawPointer($0) } ?? end
            let line = UnsafeRawBufferPointer(start: p, count: newline - p)
            switch parser.parse(line, into: batch) {
            case .accepted: break
            case .blank: batch.blankLines += 1
            case .rejected(let reason):
                // A Kafka message is named by its offset: numbered from the chunk's first message's.
                let number = chunk.origin.kafka.map { Int(chunk.kafkaOffsets[lineIndex] - $0.firstOffset) } ?? lineIndex
                batch.noteRejected(reason, lineNumber: number, text: line, lineBytes: line.count)
            }
            lineIndex += 1
            p = newline + 1
        }
        batch.linesRead += lineIndex
    }

    /// A translated chunk: schema v1 records, each parsed as usual but accounted to the source line it
    /// came from, plus the source lines that made no record (blank, skipped, rejected).
    private static func parseTranslated(_ chunk: InputChunk, with parser: inout LineParser, into batch: EventBatch) {
        batch.decodedBytes = chunk.sourceBytes
        batch.linesRead += chunk.sourceLines
        batch.blankLines += chunk.blankSourceLines
        batch.extraRecords += chunk.extraRecords
        for r in 0..<SkipReason.count { batch.skippedByReason[r] += chunk.skippedByReason[r] }
        for r in chunk.rejections {
            r.text.withUnsafeBytes {
                batch.noteRejected(r.reason, lineNumber: r.line - chunk.firstSourceLine, text: $0, lineBytes: r.lineBytes)
            }
        }
        var p = UnsafeRawPointer(chunk.bytes)
        let end = p + chunk.count
        var recordIndex = 0
        while p < end {
            let newline = memchr(p, 0x0A, end - p).map { UnsafeRawPointer($0) } ?? end
            let line = UnsafeRawBufferPointer(start: p, count: newline - p)
            if case .rejected(let reason) = parser.parse(line, into: batch) {
                batch.noteRejected(reason, lineNumber: chunk.lineOrigins[recordIndex] - chunk.firstSourceLine, text: line,
                                   lineBytes: line.count)
            }
            recordIndex += 1
            p = newline + 1
        }
    }

    /// Decides, in the sequencer's turn, whether `batch` ends a snapshot cut.
    private func cutStaging(for batch: EventBatch) -> SnapshotStaging? {
        if batch.origin.isFinal { return coordinator.beginFinalCut() }
        let interval = configuration.snapshotEveryMs
        guard interval > 0, batch.origin.mayEndCut else { return nil }
        let now = SystemClock.monotonicNs()
        guard now - lastCutNs >= interval * 1_000_000, sequencer.counters.linesRead != linesAtLastCut else { return nil }
        guard let staging = coordinator.tryBeginCut(nowNs: now) else { return nil }
        lastCutNs = now
        linesAtLastCut = sequencer.counters.linesRead
        return staging
    }

    /// What every snapshot of this run says of its settings.
    private static func snapshotRun(_ configuration: IngestConfiguration, droppedUpdatesUnattributed: Int) -> SnapshotRun {
        var run = SnapshotRun()
        run.windows = configuration.windows.windows
        run.keysMax = configuration.keysMax
        run.lineBytesMax = configuration.lineBytesMax
        run.maxFutureMs = configuration.maxFutureMs
        run.insightRecordsMax = configuration.insightRecordsMax
        run.leaderboardAllowed = configuration.leaderboardAllowed
        run.pseudonymKeyFingerprint = configuration.pseudonymKey?.fingerprint
        run.sessionsPseudonymized = configuration.pseudonymKey != nil
        run.tasksPseudonymized = configuration.pseudonymizeTasks
        run.priceTable = configuration.priceTable == nil ? nil : configuration.priceTableName
        run.droppedUpdatesUnattributed = droppedUpdatesUnattributed
        return run
    }

    private func publishProgress() {
        let c = sequencer.counters
        liveLines.store(c.linesRead, ordering: .relaxed)
        liveBytes.store(c.decodedBytes, ordering: .relaxed)
        liveRejected.store(c.rejectedTotal, ordering: .relaxed)
        liveWatermark.store(sequencer.watermarkMs, ordering: .relaxed)
        if let lag = sequencer.kafkaLag {
            liveKafkaWorstPartition.store(lag.worstPartition, ordering: .relaxed)
            liveKafkaWorst.store(lag.worstMessages, ordering: .relaxed)
            liveKafkaLag.store(lag.totalMessages, ordering: .relaxed)
        }
    }

    private func sample() -> ProgressSample {
        ProgressSample(
            linesRead: liveLines.load(ordering: .relaxed), decodedBytes: liveBytes.load(ordering: .relaxed),
            rejected: liveRejected.load(ordering: .relaxed), watermarkMs: liveWatermark.load(ordering: .relaxed),
            elapsedNs: SystemClock.monotonicNs() - startNs, kafkaLag: liveKafkaLag.load(ordering: .relaxed) < 0 ? nil : KafkaLag(
                totalMessages: liveKafkaLag.load(ordering: .relaxed), worstPartition: liveKafkaWorstPartition.load(ordering: .relaxed),
                worstMessages: liveKafkaWorst.load(ordering: .relaxed)))
    }

    private func progressLoop(_ report: (ProgressSample, ProgressSample) -> Void) {
        var previous = sample()
        while !finished.load(ordering: .relaxed) {
            usleep(250_000)
            let current = sample()
            report(current, previous)
            previous = current
        }
    }
}
