import TallyCore
import TallySnapshot
import TallyStages

/// Owns the snapshot writer thread and the single staging area, and decides when a cut may begin.
///
/// At most one snapshot is in flight: a periodic cut is skipped while the previous file is still
/// being written, or ended too recently (`periodicGapFactor`; the next batch tries again), while
/// the final cut supersedes it. Serialising, compressing and fsync'ing happen on the writer thread,
/// off the hot path; the stages, whose buffers the cut shares, wait only until their own sections
/// have read them (`SnapshotStaging`).
package final class SnapshotCoordinator: @unchecked Sendable {
    package let directory: SnapshotDirectory
    /// Held until `finish` (or until a coordinator that never ran is released): the run is the
    /// directory's only writer.
    private let directoryLock: SnapshotDirectoryLock
    private let keep: Int
    private let writer: SnapshotWriter
    private let lock = ConditionLock()
    private let staging: SnapshotStaging
    private var busy = false
    /// Whether the cut in flight is the final one (guarded by `lock`).
    private var isFinalCut = false
    /// Set while the final cut waits for a periodic snapshot, which then gives up (guarded by `lock`).
    private var isSuperseded = false
    private var submitted = false
    private var shuttingDown = false
    private var nextSequence: Int
    private var thread: SystemThread?
    /// The writer thread's CPU time and its section threads' (`CPUAccount`).
    private let cpu = CPUAccount()
    /// Called on the writer thread with each snapshot's position (the sequencer's at the cut) once
    /// the file is durable (set before `start`): the Kafka input commits its offsets to a group here.
    package var afterDurable: (@Sendable (Sequencer.Position) -> Void)?

    // Guarded by `lock`.
    private var firstError: SnapshotError?
    private var written: [String] = []
    private var slowestWrite: Int64 = 0
    private var earliestPeriodicCutNs = Int64.min

    /// A periodic cut waits after the last write for this many times the write's duration, so that
    /// periodic snapshots take at most an eighth of the run however short the interval: the
    /// insights stage pauses while its section is written (`SnapshotStaging.holdInsights`).
    static let periodicGapFactor: Int64 = 7

    package init(directory: SnapshotDirectory, keep: Int, shardCount: Int, compressionLevel: Int32) throws(SnapshotError) {
        directoryLock = try directory.prepare()
        self.directory = directory
        self.keep = keep
        writer = SnapshotWriter(compressionLevel: compressionLevel)
        staging = SnapshotStaging(shardCount: shardCount)
        nextSequence = try directory.nextSequence()
    }

    /// Starts the writer thread; `finish` stops it. A coordinator that is never started (a pipeline
    /// set up and dropped) owns no thread.
    /// `niceness`: how far below the default the writer thread runs (its section threads inherit
    /// it), so that periodic snapshots yield to the ingest; the final one runs alone.
    package func start(niceness: Int32 = 0) {
        precondition(thread == nil)
        thread = SystemThread(name: "tt-snapshot", account: cpu) { [self] in
            SystemThread.lowerPriority(by: niceness)
            writerLoop()
        }
    }

    /// Starts a periodic cut if the writer is idle and the last snapshot's write ended long enough
    /// before `nowNs` (monotonic), at least `periodicGapFactor` times its duration; the caller then
    /// fills the staging area.
    package func tryBeginCut(nowNs: Int64) -> SnapshotStaging? {
        lock.withLock {
            guard !busy, !shuttingDown, firstError == nil, nowNs >= earliestPeriodicCutNs else { return nil }
            busy = true
            isFinalCut = false
            staging.countersLoan.lend()
            return staging
        }
    }

    /// Starts the final cut once an in-flight periodic snapshot has stopped: it is given up (its
    /// file never appears), since the final one supersedes it.
    package func beginFinalCut() -> SnapshotStaging? {
        lock.withLock {
            isSuperseded = true
            lock.wait { !busy }
            isSuperseded = false
            guard firstError == nil else { return nil }
            busy = true
            isFinalCut = true
            staging.countersLoan.lend()
            return staging
        }
    }

    /// Hands the filled staging area to the writer thread.
    package func submit() {
        lock.withLock {
            submitted = true
            lock.broadcast()
        }
    }

    /// Waits for the in-flight snapshot, stops the writer thread and lets the next writer in (at
    /// once, not whenever the pipeline object happens to be released).
    package func finish() {
        lock.withLock {
            lock.wait { !busy }
            shuttingDown = true
            lock.broadcast()
        }
        thread?.join()
        thread = nil
        directoryLock.release()
    }

    package var error: SnapshotError? { lock.withLock { firstError } }
    package var lastWrittenPath: String? { lock.withLock { written.last } }
    package var snapshotsWritten: Int { lock.withLock { written.count } }
    /// The longest time one snapshot took to serialise, compress and make durable, in nanoseconds.
    package var slowestWriteNs: Int64 { lock.withLock { slowestWrite } }
    /// The CPU the snapshots took, in nanoseconds: the writer thread's and every thread it started
    /// (sections, ordering, gathering, compression). Complete once `finish` has returned.
    package var cpuNs: Int64 { cpu.cpuNs }
    /// When the next periodic cut may begin at the earliest (monotonic nanoseconds).
    package var nextPeriodicCutNs: Int64 { lock.withLock { earliestPeriodicCutNs } }

    private func writerLoop() {
        while true {
            let proceed: Bool = lock.withLock {
                lock.wait { submitted || shuttingDown }
                return submitted
            }
            guard proceed else { return }
            let startNs = SystemClock.monotonicNs()
            let result = write()
            // Also when the write failed before its sections began.
            staging.countersLoan.release()
            staging.releaseInsights()
            let endNs = SystemClock.monotonicNs()
            let elapsedNs = endNs - startNs
            if case .success(_?) = result { afterDurable?(staging.position) }
            lock.withLock {
                earliestPeriodicCutNs = endNs + Self.periodicGapFactor * elapsedNs
                switch result {
                case .success(let path?):
                    written.append(path)
                    slowestWrite = max(slowestWrite, elapsedNs)
                case .success(nil): break
                case .failure(let error): if firstError == nil { firstError = error }
                }
                submitted = false
                busy = false
                lock.broadcast()
            }
        }
    }

    /// How much further below the writer thread a periodic cut's counters section runs: to the
    /// lowest priority (nice 19) under the pipeline's writer, so that it takes what the ingest
    /// threads leave instead of a share of their cores. The insights section keeps the writer's
    /// priority: the insights stage waits for it.
    static let periodicSectionNiceness: Int32 = 9

    /// The snapshot's path, or nil when the final cut superseded it before it was finished.
    private func write() -> Result<String?, SnapshotError> {
        guard nextSequence <= SnapshotDirectory.sequenceMax else {
            let last = nextSequence - 1
            return .failure(SnapshotError(.sequenceExhausted(last), path: directory.path + "/" + directory.fileName(sequence: last)))
        }
        let header = staging.finishedHeader(sequence: nextSequence, createdAtMs: SystemClock.wallMs())
        // A periodic cut's counters section uses only the time the ingest leaves (docs/performance.md,
        // eleventh round); the final cut's sections run alone and at full pace.
        let isPeriodic = !lock.withLock { isFinalCut }
        // A periodic snapshot gives up as soon as the final cut is waiting for it.
        let abandon: @Sendable () -> Bool = { [self] in isPeriodic && lock.withLock { isSuperseded } }
        do {
            let path = try directory.write(sequence: nextSequence) { sink in
                try writer.encode(
                    staging, header: header, sectionNiceness: isPeriodic ? Self.periodicSectionNiceness : 0, abandon: abandon,
                    into: sink)
            }
            nextSequence += 1
            directory.prune(keep: keep)
            return .success(path)
        } catch is SnapshotAbandoned {
            return .success(nil)
        } catch let error as SnapshotError {
            return .failure(error)
        } catch {
            return .failure(SnapshotError(.encodeFailed("\(error)"), path: directory.path))
        }
    }
}
