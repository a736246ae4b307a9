/// The five per-token prices of one dated price entry, in pico-dollars (1e-12 USD) per token.
///
/// Pico-dollars per token make every published list price an integer: $3 per million tokens is
/// 3_000_000 and $0.075 per million is 75_000, so costs are exact sums of integer products.
/// Invariant (checked when a table is read): each price is in `0...PriceDecimal.picoPerTokenMax`.
package struct TokenPrices: Sendable, Equatable {
    /// Uncached input tokens.
    package var input: Int64
    package var output: Int64
    /// Input tokens read from a prompt cache ("cached input" at OpenAI, "cache hits" at Anthropic).
    package var cacheRead: Int64
    /// Input tokens written to a cache that lives 5 minutes (Anthropic's default).
    package var cacheWrite5m: Int64
    /// Input tokens written to a cache that lives 1 hour.
    package var cacheWrite1h: Int64

    /// - Precondition: every price is in `0...PriceDecimal.picoPerTokenMax` (the cost arithmetic
    ///   relies on it; the table reader rejects anything else with a message).
    package init(input: Int64, output: Int64, cacheRead: Int64, cacheWrite5m: Int64, cacheWrite1h: Int64) {
        for price in [input, output, cacheRead, cacheWrite5m, cacheWrite1h] {
            precondition(price >= 0 && price <= PriceDecimal.picoPerTokenMax, "price out of range: \(price)")
        }
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite5m = cacheWrite5m
        self.cacheWrite1h = cacheWrite1h
    }

    /// The price-file field names, in the order the file format lists them.
    package static let fieldNames = ["input", "output", "cache_read", "cache_write_5m", "cache_write_1h"]

    /// The price named by one of `fieldNames`.
    package subscript(field name: String) -> Int64? {
        switch name {
        case "input": input
        case "output": output
        case "cache_read": cacheRead
        case "cache_write_5m": cacheWrite5m
        case "cache_write_1h": cacheWrite1h
        default: nil
        }
    }

    /// The exact cost of these token counts in nano-dollars (1e-9 USD): the sum of tokens × price
    /// in pico-dollars, divided by 1000 and rounded half up once, at the end. Nil when a count is
    /// negative or the cost is 2^63 nano-dollars or more; never traps, whatever the counts.
    /// - Complexity: O(1). Without 64-bit overflow (every real event) it stays in 64-bit arithmetic;
    ///   otherwise it redoes the sum in 128 bits, where five products below 2^63 × 2^34 fit easily.
    @inline(__always)
    package func costNanoUSD(input: Int64, output: Int64, cacheRead: Int64, cacheWrite5m: Int64, cacheWrite1h: Int64) -> Int64? {
        guard input | output | cacheRead | cacheWrite5m | cacheWrite1h >= 0 else { return nil }
        var pico: UInt64 = 0
        var overflow = false
        @inline(__always) func add(_ tokens: Int64, _ price: Int64) {
            let (product, o1) = UInt64(tokens).multipliedReportingOverflow(by: UInt64(price))
            let (sum, o2) = pico.addingReportingOverflow(product)
            pico = sum
            overflow = overflow || o1 || o2
        }
        add(input, self.input)
        add(output, self.output)
        add(cacheRead, self.cacheRead)
        add(cacheWrite5m, self.cacheWrite5m)
        add(cacheWrite1h, self.cacheWrite1h)
        if !overflow {
            // Quotient and remainder rather than (pico + 500) / 1000, which could overflow; the
            // result is below 2^64 / 1000 + 1, far inside Int64.
            let (q, r) = pico.quotientAndRemainder(dividingBy: 1000)
            return Int64(q + (r >= 500 ? 1 : 0))
        }
        var wide = UInt128(UInt64(input)) * UInt128(UInt64(self.input))
        wide += UInt128(UInt64(output)) * UInt128(UInt64(self.output))
        wide += UInt128(UInt64(cacheRead)) * UInt128(UInt64(self.cacheRead))
        wide += UInt128(UInt64(cacheWrite5m)) * UInt128(UInt64(self.cacheWrite5m))
        wide += UInt128(UInt64(cacheWrite1h)) * UInt128(UInt64(self.cacheWrite1h))
        let nano = (wide + 500) / 1000
        guard nano <= UInt128(Int64.max) else { return nil }
        return Int64(nano)
    }
}
