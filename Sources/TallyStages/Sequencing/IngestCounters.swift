import TallyEvents

/// Line and event accounting of an ingest, exact at every snapshot cut.
///
/// Invariant: `linesRead + extraRecords == blankLines + eventsAccepted + lateEvents + duplicateEvents
/// + rejectedTotal + skippedTotal`. For schema v1 input `extraRecords` and `skippedTotal` are 0.
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
    /// Lines of translated sources deliberately not counted (no usage, repeated response lines, ...).
    public var skippedByReason = [Int](repeating: 0, count: SkipReason.count)
    /// Records beyond the first that one line held (an OTLP batch, an API page).
    public var extraRecords = 0
    /// Accepted usage events by where their cost came from (docs/pricing.md): written by the source,
    /// estimated from the price table, or neither (a model the table does not know).
    public var costReportedEvents = 0
    public var costEstimatedEvents = 0
    public var costUnpricedEvents = 0
    /// The estimated part of every cost sum, in nano-dollars.
    public var costEstimatedNanoUSD: Int64 = 0
    /// Unpriced events per model name (at most `unpricedModelsMax` names; the rest under `otherModels`).
    public var unpricedModels: [String: Int] = [:]
    public static let unpricedModelsMax = 256
    public static let otherModels = "(other models)"

    public init() {}

    public var rejectedTotal: Int { rejectedByReason.reduce(0, +) }

    public func rejected(_ reason: RejectReason) -> Int { rejectedByReason[reason.rawValue] }

    /// `unpricedModels`, most events first (then by name).
    public var unpricedModelsByEvents: [(name: String, events: Int)] {
        unpricedModels.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public var skippedTotal: Int { skippedByReason.reduce(0, +) }

    public func skipped(_ reason: SkipReason) -> Int { skippedByReason[reason.rawValue] }

    /// Whether every line read is accounted for exactly once (the invariant above).
    public var isBalanced: Bool {
        linesRead + extraRecords
            == blankLines + eventsAccepted + lateEvents + duplicateEvents + rejectedTotal + skippedTotal
    }
}
