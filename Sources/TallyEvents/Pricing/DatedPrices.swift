/// One dated entry of a model's prices: it applies from the start of `effectiveFrom` (00:00 UTC)
/// until the start of the model's next entry, so a price change never reprices earlier events.
package struct DatedPrices: Sendable, Equatable {
    /// The UTC date as written, `YYYY-MM-DD`.
    package var effectiveFrom: String
    /// 00:00 UTC of `effectiveFrom`, in milliseconds since the epoch.
    package var startMs: Int64
    /// The base prices, for requests whose prompt is not above `longContext`'s threshold.
    package var prices: TokenPrices
    /// Higher prices for a whole request with a long prompt, if the provider has such a tier.
    package var longContext: LongContextTier?
    /// Free text kept with the entry (where the price came from, what changed).
    package var note: String?

    package init(
        effectiveFrom: String, startMs: Int64, prices: TokenPrices, longContext: LongContextTier? = nil, note: String? = nil
    ) {
        self.effectiveFrom = effectiveFrom
        self.startMs = startMs
        self.prices = prices
        self.longContext = longContext
        self.note = note
    }

    /// The prices for one request whose prompt (input + cache reads + cache writes) has
    /// `promptTokens` tokens.
    @inline(__always)
    package func prices(promptTokens: Int64) -> TokenPrices {
        if let tier = longContext, promptTokens > tier.aboveInputTokens { return tier.prices }
        return prices
    }
}
