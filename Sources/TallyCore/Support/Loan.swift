/// State one thread lends to others that read it in the meantime: the lender changes nothing until
/// the loan is released (`Ticket.waitForRelease`). A snapshot cut borrows the stages' own buffers
/// this way instead of copying them. One lending at a time, each with its own ticket; never used
/// per event.
package final class Loan: @unchecked Sendable {
    /// One lending. A lender waits for its own: the loan may be out again for the next one by then.
    package struct Ticket: Sendable {
        fileprivate let loan: Loan
        fileprivate let number: Int

        /// Returns once this lending is released. O(1) when it is.
        package func waitForRelease() {
            loan.lock.withLock { loan.lock.wait { loan.released >= number } }
        }
    }

    private let lock = ConditionLock()
    /// Lendings so far, and how many of them were released (guarded by `lock`).
    private var lent = 0, released = 0

    package init() {}

    /// Lends it; `body` runs under the loan's lock first (to hand over what goes with it).
    /// Precondition: the last lending was released.
    @discardableResult
    package func lend(_ body: () -> Void = {}) -> Ticket {
        lock.withLock {
            precondition(released == lent, "one lending at a time")
            body()
            lent += 1
            return Ticket(loan: self, number: lent)
        }
    }

    /// The borrower is done with the current lending; `body` runs under the loan's lock first.
    /// Idempotent.
    package func release(_ body: () -> Void = {}) {
        lock.withLock {
            body()
            released = lent
            lock.broadcast()
        }
    }

    /// The current lending, nil when it is not out.
    package var ticket: Ticket? { lock.withLock { released < lent ? Ticket(loan: self, number: lent) : nil } }

    package var isOut: Bool { ticket != nil }

    /// `body` under the loan's lock, for what is handed over with it.
    package func withLock<T>(_ body: () -> T) -> T { lock.withLock(body) }
}
