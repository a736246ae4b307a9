import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signal that asked the run to stop (0 = none). Set from a signal handler, so it is a plain
/// atomic store; the reader polls it between reads and stops, and the run then writes its final
/// snapshot before exiting.
private let stopSignal = Atomic<Int32>(0)

public enum StopSignal {
    /// Installs SIGINT and SIGTERM handlers. A second signal of the same kind kills the process
    /// (SA_RESETHAND), so a stuck run can still be interrupted. Reads are not restarted after the
    /// signal (no SA_RESTART), so a reader blocked on a pipe notices at once. Both signals are also
    /// unblocked on the calling thread (and so on threads it starts later): a parent may hand down a
    /// mask that blocks them, as spawning from a Dispatch worker thread does.
    /// SIGXFSZ (a write past the file size limit, `ulimit -f`) and SIGPIPE are ignored, so that such
    /// a write fails with an error the run reports (a snapshot that cannot be written) instead of
    /// killing the process before it can say why.
    /// Call before starting the pipeline.
    public static func install() {
        signal(SIGXFSZ, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        _ = stopSignal.load(ordering: .relaxed)  // initialise the global before any handler runs
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for sig in [SIGINT, SIGTERM] {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { sig in stopSignal.store(sig, ordering: .relaxed) }
            #else
            action.__sigaction_u.__sa_handler = { sig in stopSignal.store(sig, ordering: .relaxed) }
            #endif
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, nil)
        }
    }

    public static var received: Int32 { stopSignal.load(ordering: .relaxed) }

    /// For tests and for stopping after a fatal error elsewhere in the pipeline.
    package static func request(_ sig: Int32) { stopSignal.store(sig, ordering: .relaxed) }
    package static func reset() { stopSignal.store(0, ordering: .relaxed) }
}
