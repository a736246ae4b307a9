/// One worker's view of the price table for the parser: resolves each distinct model once (cached
/// by the model key's hash) and prices events that arrive without `cost_usd`.
///
/// Not shared: one per parser thread, so the cache needs no lock.
package final class CostEstimator {
    package let table: PriceTable
    /// Model key hash to model number, or -1 for a name the table does not know.
    private var models: [UInt64: Int32] = [:]

    package init(table: PriceTable) { self.table = table }

    /// What the price table says an event costs.
    package enum Estimate {
        case nano(Int64)
        /// The model is unknown, or the event precedes its first price.
        case unpriced
        /// The cost is 2^63 nano-dollars (about $9.2 billion) or more.
        case tooLarge
    }

    /// The estimated cost of an event. `cacheWrite1h` is the part of `cacheWrite` written to the
    /// 1-hour cache. The event's own prompt size (input + cache reads + cache writes) picks the
    /// long-context tier, if the model has one. O(1) after a model's first event (one dictionary probe).
    @inline(__always)
    package func estimate(
        modelHash: UInt64, model: UnsafeRawBufferPointer, atMs: Int64,
        input: Int64, output: Int64, cacheRead: Int64, cacheWrite: Int64, cacheWrite1h: Int64
    ) -> Estimate {
        let index: Int32
        if let known = models[modelHash] {
            index = known
        } else {
            index = table.modelIndex(name: model).map(Int32.init) ?? -1
            models[modelHash] = index
        }
        let prompt = LongContextTier.promptTokens(input: input, cacheRead: cacheRead, cacheWrite: cacheWrite)
        guard index >= 0, let prices = table.prices(model: Int(index), atMs: atMs, promptTokens: prompt) else { return .unpriced }
        guard let nano = prices.costNanoUSD(
            input: input, output: output, cacheRead: cacheRead, cacheWrite5m: cacheWrite &- cacheWrite1h, cacheWrite1h: cacheWrite1h)
        else { return .tooLarge }
        return .nano(nano)
    }
}
