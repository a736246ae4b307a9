import CPlatform

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A dedicated OS thread. Blocking I/O and the CPU-bound pipeline stages run on these, never on
/// Swift's cooperative pool, whose few threads must not be parked in `read(2)`.
package final class SystemThread: @unchecked Sendable {
    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    #if canImport(Glibc)
    private var handle = pthread_t()
    #else
    private var handle: pthread_t?
    #endif

    /// Starts `body` on a new thread named `name` (truncated to 15 bytes, the Linux limit), whose
    /// CPU time goes to `account`: by default the starting thread's (`CPUAccount.current`).
    package init(name: String, account: CPUAccount? = CPUAccount.current, _ body: @escaping @Sendable () -> Void) {
        let shortName = String(decoding: name.utf8.prefix(15), as: UTF8.self)
        let box = Unmanaged.passRetained(Box {
            tt_set_thread_name(shortName)
            if let account { account.charge(body) } else { body() }
        }).toOpaque()
        let result = pthread_create(&handle, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        precondition(result == 0, "pthread_create failed: \(result)")
    }

    package func join() {
        #if canImport(Glibc)
        pthread_join(handle, nil)
        #else
        pthread_join(handle!, nil)
        #endif
    }

    /// Lowers the calling thread's scheduling priority by `increment` nice steps, so that threads
    /// left at the default run first when both are ready (Linux; elsewhere nothing). Once lowered,
    /// an unprivileged thread cannot raise it again.
    package static func lowerPriority(by increment: Int32) { tt_lower_thread_priority(increment) }

    /// Online CPUs, at least 1.
    package static var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
