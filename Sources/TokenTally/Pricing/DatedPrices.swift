/// One dated entry of a model's prices: it applies from the start of `effectiveFrom` (00:00 UTC)
/// until the start of the model's next entry, so a price change never reprices earlier events.
package struct DatedPrices: Sendable, Equatable {
    /// The UTC date as written, `YYYY-MM-DD`.
    package var effectiveFrom: String
    /// 00:00 UTC of `effectiveFrom`, in milliseconds since the epoch.
    package var startMs: Int64
    package var prices: TokenPrices
    /// Free text kept with the entry (where the price came from, what changed).
    package var note: String?

    package init(effectiveFrom: String, startMs: Int64, prices: TokenPrices, note: String? = nil) {
        self.effectiveFrom = effectiveFrom
        self.startMs = startMs
        self.prices = prices
        self.note = note
    }
}
