/// A value computed on a `SystemThread` of its own while the starting thread does other work: the
/// readers use the second core this way. `value()` joins the thread; call it once.
package final class ThreadedValue<Value: Sendable>: @unchecked Sendable {
    /// Written by the thread before it ends; read only after `join`, which orders the two.
    private var result: Value?
    private var thread: SystemThread?

    package init(name: String, _ compute: @escaping @Sendable () -> Value) {
        // The thread holds the value until it ends, so the value outlives it even when not taken.
        thread = SystemThread(name: name) { [self] in result = compute() }
    }

    /// Reaps a thread whose value was never taken (it has ended: it held this object).
    deinit { thread?.join() }

    /// The computed value, once the thread has ended. Called once.
    package func value() -> Value {
        precondition(thread != nil, "a threaded value is taken once")
        thread?.join()
        thread = nil
        return result!
    }
}
