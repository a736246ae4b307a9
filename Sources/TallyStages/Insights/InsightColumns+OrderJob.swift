import TallyCore

extension InsightColumns.Encoder {
    /// Puts one kind's live records in order (`KindPlan.order`) on a thread of its own, while the
    /// encoder writes the kind before: about a fifth of the insights section's time moves off its
    /// thread, for a second sort buffer (24 bytes per live record of the larger kind) held meanwhile.
    final class OrderJob: @unchecked Sendable {
        // Written by the job's thread before it ends; read after `join`.
        private var entries: [SortEntry]
        private var thread: SystemThread?

        /// Starts ordering into `buffer`, whose capacity is reused.
        init(_ order: @escaping @Sendable (inout [SortEntry]) -> Void, reusing buffer: [SortEntry]) {
            entries = buffer
            thread = SystemThread(name: "tt-snap-order") { [self] in order(&entries) }
        }

        /// Waits for the job; the ordered entries, which the job then no longer holds. Called once.
        func wait() -> [SortEntry] {
            precondition(thread != nil, "an order job is waited for once")
            thread?.join()
            thread = nil
            return InsightColumns.Encoder.take(&entries)
        }
    }
}
