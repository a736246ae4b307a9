/// The prices a provider charges for a whole request whose prompt is longer than a threshold
/// (Claude Sonnet 4 and 4.5 above 200k tokens, Gemini Pro above 200k, GPT-5.4 and later above 272k).
///
/// The tier is chosen per event from that event's own prompt size, never from totals: a request
/// above the threshold is priced whole at the tier, every token field included, and one below it
/// whole at the base prices. The prompt size is everything the request sent as input: fresh input,
/// cache reads and cache writes (schema v1's `input_tokens` excludes the cache, so the three are
/// added back together).
package struct LongContextTier: Sendable, Equatable {
    /// The tier applies when the prompt has strictly more tokens than this.
    package var aboveInputTokens: Int64
    package var prices: TokenPrices

    /// The largest threshold a file may give: far above any context window, and small enough that
    /// the prompt-size sum it is compared with cannot be confused with a saturated one.
    package static let aboveInputTokensMax: Int64 = 1 << 40

    package init(aboveInputTokens: Int64, prices: TokenPrices) {
        precondition(aboveInputTokens > 0 && aboveInputTokens <= Self.aboveInputTokensMax, "tier threshold out of range")
        self.aboveInputTokens = aboveInputTokens
        self.prices = prices
    }

    /// The prompt size of an event for tier selection: input + cache reads + cache writes,
    /// saturating instead of trapping (any sum that large is above every threshold anyway).
    @inline(__always)
    package static func promptTokens(input: Int64, cacheRead: Int64, cacheWrite: Int64) -> Int64 {
        let (a, o1) = input.addingReportingOverflow(cacheRead)
        let (b, o2) = a.addingReportingOverflow(cacheWrite)
        return o1 || o2 ? Int64.max : b
    }
}
