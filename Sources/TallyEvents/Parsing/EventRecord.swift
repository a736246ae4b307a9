/// Where a key's bytes sit in a batch's arena, with the key's hash (dimension mixed in).
/// `length == 0` means the event has no value for that dimension.
package struct KeyRef: BitwiseCopyable {
    package var hash: UInt64
    package var offset: UInt32
    package var length: UInt32

    package init(hash: UInt64, offset: UInt32, length: UInt32) {
        (self.hash, self.offset, self.length) = (hash, offset, length)
    }

    package static let absent = KeyRef(hash: 0, offset: 0, length: 0)
}

/// One accepted event, fixed size, as the parser hands it to the counting stages. Its five key
/// references live beside it in the batch (`EventBatch.keys`, five per event, in `KeyDimension` order).
package struct EventRecord: BitwiseCopyable {
    package var timestampMs: Int64
    package var inputTokens: Int64
    package var outputTokens: Int64
    package var cacheReadTokens: Int64
    package var cacheWriteTokens: Int64
    /// Reported cost in nano-dollars (1e-9 USD): integer sums are exact and independent of order,
    /// which floating-point sums are not.
    package var costNanoUSD: Int64
    package var isOutcome: Bool
    /// Set by the sequencer: not counted, because the event's bucket lay before every window when it
    /// arrived (late) or its id was already counted (duplicate).
    package var isDropped: Bool
    /// Set by the sequencer: the event's hour (day) lay before every hour (day) window when it
    /// arrived, so no hour (day) bucket takes it; it may still count in the other unit's windows.
    /// Such a bucket is a whole ring behind an event already seen, so the shards may have recycled
    /// its slot (docs/architecture.md, "Buckets and lazy eviction").
    package var isPastHourWindows = false
    package var isPastDayWindows = false
    /// Where `costNanoUSD` came from (usage events): the source, the price table, or nowhere.
    package var costSource: CostSource = .none

    /// Exact: the parser rejects (`value_too_large`) an event whose total does not fit.
    package var totalTokens: Int64 {
        inputTokens &+ outputTokens &+ cacheReadTokens &+ cacheWriteTokens
    }
}

/// Where an event's cost came from.
package enum CostSource: UInt8, BitwiseCopyable {
    /// Outcome events, and usage events read without a price table.
    case none
    /// `cost_usd` as the source wrote it.
    case reported
    /// Computed from the price table for an event without `cost_usd`.
    case estimated
    /// No `cost_usd`, and no price for the model (or the event's date): counted, cost 0.
    case unpriced
}
