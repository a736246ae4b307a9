import Synchronization
import TallyCore
import TallyEvents

/// Writes the rejects file on its own thread, in input order, so that a slow or failing disk never
/// holds the sequencer's turn.
///
/// The sequencer's turn only reserves a batch's place (`reserve`: a ticket number and how many of
/// its sampled lines still fit under the run's limit). The worker then formats the lines outside
/// any turn and hands them over (`submit`), and this thread appends blocks strictly in ticket order.
/// Memory is bounded: `submit` waits while its ticket is `ticketsAheadMax` or more past the one
/// being written, and the ticket being waited for never waits, so there is no deadlock.
final class RejectsWriter: @unchecked Sendable {
    struct Ticket {
        let number: Int
        let lines: Int
        let input: String
        let firstLine: Int
        /// For a Kafka batch: its topic, partition and first offset (lines then count offsets from it).
        let kafka: KafkaPosition?
    }

    static let ticketsAheadMax = 16

    let file: RejectsFile
    /// Set once a write failed (the run then stops reading); later blocks are dropped.
    let failed = Atomic<Bool>(false)
    private let lock = ConditionLock()
    // Guarded by `lock`.
    private var pending: [Int: (bytes: [UInt8], lines: Int)] = [:]
    private var nextToWrite = 0
    private var closing = false
    private var error: IngestError?
    // Touched only in the sequencer's turn.
    private var ticketsIssued = 0
    private var linesReserved = 0
    private var thread: SystemThread?

    init(file: RejectsFile) {
        self.file = file
    }

    func start() {
        precondition(thread == nil)
        thread = SystemThread(name: "tt-rejects") { [self] in writeLoop() }
    }

    /// In the sequencer's turn: claims the next place in the file for `batch`'s sampled lines, as
    /// many as still fit under the limit. Nil when there is nothing to write.
    func reserve(_ batch: EventBatch, input: String, firstLine: Int, kafka: KafkaPosition? = nil) -> Ticket? {
        let lines = min(batch.rejectSamples.count, file.limit - linesReserved)
        guard lines > 0, !failed.load(ordering: .relaxed) else { return nil }
        linesReserved += lines
        defer { ticketsIssued += 1 }
        return Ticket(number: ticketsIssued, lines: lines, input: input, firstLine: firstLine, kafka: kafka)
    }

    /// Outside any turn: formats the ticket's lines from `batch` and queues them for writing.
    func submit(_ ticket: Ticket, from batch: EventBatch) {
        let bytes = file.format(batch, lines: ticket.lines, input: ticket.input, firstLine: ticket.firstLine, kafka: ticket.kafka)
        lock.withLock {
            lock.wait { ticket.number - nextToWrite < Self.ticketsAheadMax }
            pending[ticket.number] = (bytes, ticket.lines)
            lock.broadcast()
        }
    }

    /// Writes what was submitted, stops the thread, and returns the first write error.
    func finish() -> IngestError? {
        lock.withLock {
            closing = true
            lock.broadcast()
        }
        thread?.join()
        thread = nil
        return lock.withLock { error }
    }

    private func writeLoop() {
        while true {
            let next: (bytes: [UInt8], lines: Int)? = lock.withLock {
                lock.wait { pending[nextToWrite] != nil || closing }
                return pending.removeValue(forKey: nextToWrite)
            }
            // Closing with the next ticket missing: every ticket was submitted before `finish`
            // (workers have ended), so nothing is left.
            guard let next else { return }
            if !failed.load(ordering: .relaxed) {
                do {
                    try file.append(next.bytes, lines: next.lines)
                } catch {
                    lock.withLock { self.error = error }
                    failed.store(true, ordering: .relaxed)
                }
            }
            lock.withLock {
                nextToWrite += 1
                lock.broadcast()
            }
        }
    }
}
