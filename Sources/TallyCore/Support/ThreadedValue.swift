/// A value computed on a `SystemThread` of its own while the starting thread does other work: the
/// readers use the second core this way. `value()` joins the thread; call it once. Dropped without
/// it, the value still waits for its thread to end, so that every thread is joined.
package final class ThreadedValue<Value: Sendable>: @unchecked Sendable {
    /// Where the thread puts the value: written before the thread ends, read only after `join`,
    /// which orders the two. The thread holds this, not the `ThreadedValue`, so that the last
    /// release (and the join in `deinit`) happens on the thread that started it.
    private final class Slot: @unchecked Sendable {
        var value: Value?
    }

    private let slot = Slot()
    private var thread: SystemThread?

    package init(name: String, _ compute: @escaping @Sendable () -> Value) {
        thread = SystemThread(name: name) { [slot] in slot.value = compute() }
    }

    deinit { thread?.join() }

    /// The computed value, once the thread has ended. Called once.
    package func value() -> Value {
        precondition(thread != nil, "a threaded value is taken once")
        thread?.join()
        thread = nil
        return slot.value!
    }
}
