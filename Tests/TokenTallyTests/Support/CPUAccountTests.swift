import CPlatform
import Synchronization
import Testing
@testable import TallyCore

/// A thread started in an account, and every thread it and they start, add their CPU time to it;
/// a thread started outside it does not. Measured in CPU time the threads burn, not in wall time.
@Suite struct CPUAccountTests {
    /// Keeps the calling thread busy until it has used `ns` more of CPU (counted from here, as the
    /// account counts from the thread's body: what a thread does before it is not counted).
    static func burn(cpuNs ns: UInt64) {
        var x: UInt64 = 1
        let startNs = tt_thread_cpu_ns()
        while tt_thread_cpu_ns() - startNs < ns {
            for _ in 0..<1_000 { x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }
        }
        precondition(x != 0)  // keeps the loop
    }

    @Test func threadsStartedInAnAccountAddTheirCPUAndOthersDoNot() {
        let account = CPUAccount()
        let insideMs: UInt64 = 20, outsideMs: UInt64 = 200
        let sawAccount = Atomic(0)
        let parent = SystemThread(name: "test-parent", account: account) {
            if CPUAccount.current === account { sawAccount.add(1, ordering: .relaxed) }
            let child = SystemThread(name: "test-child") {
                if CPUAccount.current === account { sawAccount.add(1, ordering: .relaxed) }
                let grandchild = SystemThread(name: "test-grandchild") { Self.burn(cpuNs: insideMs * 1_000_000) }
                Self.burn(cpuNs: insideMs * 1_000_000)
                grandchild.join()
            }
            let outside = SystemThread(name: "test-outside", account: nil) {
                if CPUAccount.current == nil { sawAccount.add(1, ordering: .relaxed) }
                Self.burn(cpuNs: outsideMs * 1_000_000)
            }
            child.join()
            outside.join()
        }
        parent.join()
        #expect(sawAccount.load(ordering: .relaxed) == 3)
        // The child's and the grandchild's burn, the parent's few starts and joins; not the outside thread's.
        #expect(account.cpuNs >= Int64(2 * insideMs) * 1_000_000)
        #expect(account.cpuNs < Int64(outsideMs) * 1_000_000)
        #expect(CPUAccount.current == nil)
    }
}
