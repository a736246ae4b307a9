/// A bounded multi-producer multi-consumer FIFO that blocks when full or empty. It carries whole
/// chunks (about a megabyte each), so one lock acquisition per chunk costs nothing measurable;
/// the bound is what gives the pipeline backpressure and bounded memory.
package final class BlockingQueue<Element>: @unchecked Sendable {
    private let lock = ConditionLock()
    private var items: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false

    package init(capacity: Int) {
        precondition(capacity > 0)
        items = Array(repeating: nil, count: capacity)
    }

    /// Blocks while full. Returns false (dropping the element) once the queue is closed.
    @discardableResult
    package func push(_ element: Element) -> Bool {
        lock.withLock {
            lock.wait { count < items.count || closed }
            guard !closed else { return false }
            items[(head + count) % items.count] = element
            count += 1
            lock.broadcast()
            return true
        }
    }

    /// Blocks while empty; nil once the queue is closed and drained.
    package func pop() -> Element? {
        lock.withLock {
            lock.wait { count > 0 || closed }
            guard count > 0 else { return nil }
            let element = items[head]
            items[head] = nil
            head = (head + 1) % items.count
            count -= 1
            lock.broadcast()
            return element
        }
    }

    /// Consumers drain what is queued, then get nil; producers get false.
    package func close() {
        lock.withLock {
            closed = true
            lock.broadcast()
        }
    }
}
