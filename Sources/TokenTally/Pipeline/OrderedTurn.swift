import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands a stage (the sequencer, or one shard) from batch to batch in input order without locks:
/// the holder of batch `k` may enter once `next == k`, and passes it on by storing `k + 1`. The
/// release store publishes everything the holder wrote; the acquire load in `wait` sees it. This
/// is what makes each shard single-writer.
package final class OrderedTurn: Sendable {
    private let next = Atomic<Int>(0)

    package init() {}

    /// Blocks until batch `sequence` may enter. Spins briefly (turns pass every few microseconds
    /// under load), then yields the core so a 2-core machine is not burnt waiting.
    @inline(__always)
    package func wait(for sequence: Int) {
        var spins = 0
        while next.load(ordering: .acquiring) != sequence {
            spins += 1
            if spins > 128 { sched_yield() }
        }
    }

    @inline(__always)
    package func pass(after sequence: Int) {
        next.store(sequence + 1, ordering: .releasing)
    }
}
