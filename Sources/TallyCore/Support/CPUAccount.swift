import CPlatform
import Synchronization

/// The CPU time a group of threads used: a `SystemThread` started with an account, and every
/// `SystemThread` it and its descendants start, adds its own CPU time to the account as it ends.
/// The snapshot writer's account is what `ingest` reports as the CPU its snapshots took.
package final class CPUAccount: Sendable {
    private let nanoseconds = Atomic<Int64>(0)

    package init() {}

    /// CPU nanoseconds of the group's threads that have ended. Read after joining them: their
    /// additions happen before the join returns.
    package var cpuNs: Int64 { nanoseconds.load(ordering: .relaxed) }

    func add(threadCPUNs: Int64) { nanoseconds.add(threadCPUNs, ordering: .relaxed) }

    /// The account of the calling thread, if it is a `SystemThread` started in one.
    package static var current: CPUAccount? {
        tt_thread_account().map { Unmanaged<CPUAccount>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Runs `body` on the calling thread as part of this account: the threads it starts inherit it,
    /// and the calling thread's CPU time from here to the end of `body` is added.
    func charge(_ body: () -> Void) {
        let startNs = tt_thread_cpu_ns()
        // The pointer stays valid while `body` runs: `self` is alive until this returns.
        tt_set_thread_account(Unmanaged.passUnretained(self).toOpaque())
        body()
        tt_set_thread_account(nil)
        add(threadCPUNs: Int64(truncatingIfNeeded: tt_thread_cpu_ns() &- startNs))
    }
}
