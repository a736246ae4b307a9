import Synchronization
import TallyCore

/// Hands a stage (the sequencer, or one shard) from batch to batch in input order: the holder of
/// batch `k` may enter once `next == k`, and passes it on by storing `k + 1`. The release store
/// publishes everything the holder wrote; the acquire load in `wait` sees it. This is what makes
/// each shard single-writer without a lock on the counting path.
///
/// A waiter spins briefly (turns usually pass within microseconds), then sleeps on a condition
/// variable; `pass` takes the lock only when someone sleeps. Sleeping instead of yielding matters on
/// a 2-core machine, where the reader thread and two workers share the cores: a yielding waiter
/// burns the core the turn holder needs.
package final class OrderedTurn: @unchecked Sendable {
    private let next = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let lock = ConditionLock()
    private static let spinsBeforeSleeping = 4096

    package init() {}

    @inline(__always)
    package func wait(for sequence: Int) {
        for _ in 0..<Self.spinsBeforeSleeping where next.load(ordering: .acquiring) == sequence { return }
        // Dekker-style handshake with `pass`: both sides use sequentially consistent operations, so
        // either the passer sees the sleeper or the sleeper sees the new value before it sleeps.
        sleepers.add(1, ordering: .sequentiallyConsistent)
        lock.withLock {
            lock.wait { next.load(ordering: .sequentiallyConsistent) == sequence }
        }
        sleepers.subtract(1, ordering: .relaxed)
    }

    @inline(__always)
    package func pass(after sequence: Int) {
        next.store(sequence + 1, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            lock.withLock { lock.broadcast() }
        }
    }
}
