import TallyCore

/// Encodes one or more sections on a thread of its own, so that a snapshot's sections compress
/// side by side with the summary (plain OS threads: no Swift concurrency near the pipeline).
package final class SnapshotSectionJob: @unchecked Sendable {
    package typealias Encoded = (section: SnapshotSection, payload: SectionPayload)
    private var thread: SystemThread?
    // Written by the job's thread before it ends; read after `join`.
    private var result: Result<[Encoded], any Error> = .success([])

    package init(name: String, _ body: @escaping @Sendable () throws -> [Encoded]) {
        thread = SystemThread(name: name) { [self] in
            result = Result { try body() }
        }
    }

    /// Waits for the job; its sections, or what it threw.
    package func join() throws -> [Encoded] {
        thread?.join()
        thread = nil
        return try result.get()
    }
}
