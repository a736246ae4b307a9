import TallyCore

/// One key's totals over one window, as stored in a snapshot and shown by `report`.
public struct SnapshotTotal: Sendable, Equatable {
    public var dimension: KeyDimension
    public var key: String
    public var window: String
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var cacheReadTokens: Int64
    public var cacheWriteTokens: Int64
    public var totalTokens: Int64
    public var events: Int64
    public var outcomes: Int64
    /// Cost in nano-dollars: `cost_usd` as reported, plus what the price table estimated for events
    /// without it.
    public var costNanoUSD: Int64
    /// The estimated part of `costNanoUSD`.
    public var estimatedCostNanoUSD: Int64

    /// Whether a sum stopped at the largest value (docs/event-format.md, "Sums"): a lower bound.
    public var isSaturated: Bool {
        // Compared one by one, not through an array: readers ask this of every row.
        inputTokens == .max || outputTokens == .max || cacheReadTokens == .max || cacheWriteTokens == .max
            || totalTokens == .max || events == .max || outcomes == .max || costNanoUSD == .max
            || estimatedCostNanoUSD == .max
    }

    public init(
        dimension: KeyDimension, key: String, window: String, inputTokens: Int64, outputTokens: Int64,
        cacheReadTokens: Int64, cacheWriteTokens: Int64, totalTokens: Int64, events: Int64, outcomes: Int64,
        costNanoUSD: Int64, estimatedCostNanoUSD: Int64 = 0
    ) {
        self.dimension = dimension
        self.key = key
        self.window = window
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.totalTokens = totalTokens
        self.events = events
        self.outcomes = outcomes
        self.costNanoUSD = costNanoUSD
        self.estimatedCostNanoUSD = estimatedCostNanoUSD
    }
}
