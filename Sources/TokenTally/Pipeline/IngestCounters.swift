/// Line and event accounting of an ingest, exact at every snapshot cut.
///
/// Invariant: `linesRead == blankLines + eventsAccepted + lateEvents + duplicateEvents + rejectedTotal`.
public struct IngestCounters: Sendable, Equatable {
    /// Lines read, including blank and rejected ones.
    public var linesRead = 0
    public var blankLines = 0
    /// Decoded (uncompressed) NDJSON bytes consumed.
    public var decodedBytes = 0
    /// Events counted into the windows: usage plus outcome events.
    public var eventsAccepted = 0
    public var usageEvents = 0
    public var outcomeEvents = 0
    /// Valid events dropped because their bucket was already before every window on arrival.
    public var lateEvents = 0
    /// Valid events dropped because an event with the same `id` was counted within the horizon.
    public var duplicateEvents = 0
    public var rejectedByReason = [Int](repeating: 0, count: RejectReason.count)

    public init() {}

    public var rejectedTotal: Int { rejectedByReason.reduce(0, +) }

    public func rejected(_ reason: RejectReason) -> Int { rejectedByReason[reason.rawValue] }
}
