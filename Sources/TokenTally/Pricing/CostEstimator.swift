/// One worker's view of the price table for the parser: resolves each distinct model once (cached
/// by the model key's hash) and prices events that arrive without `cost_usd`.
///
/// Not shared: one per parser thread, so the cache needs no lock.
package final class CostEstimator {
    package let table: PriceTable
    /// Model key hash to model number, or -1 for a name the table does not know.
    private var models: [UInt64: Int32] = [:]

    package init(table: PriceTable) { self.table = table }

    /// The estimated cost in nano-dollars, or nil when the model is unknown, the event precedes its
    /// first price, or the cost overflows. `cacheWrite1h` is the part of `cacheWrite` written to the
    /// 1-hour cache. O(1) after a model's first event (one dictionary probe).
    @inline(__always)
    package func estimate(
        modelHash: UInt64, model: UnsafeRawBufferPointer, atMs: Int64,
        input: Int64, output: Int64, cacheRead: Int64, cacheWrite: Int64, cacheWrite1h: Int64
    ) -> Int64? {
        let index: Int32
        if let known = models[modelHash] {
            index = known
        } else {
            index = table.modelIndex(name: model).map(Int32.init) ?? -1
            models[modelHash] = index
        }
        guard index >= 0 else { return nil }
        return table.costNanoUSD(
            model: Int(index), atMs: atMs, input: input, output: output, cacheRead: cacheRead,
            cacheWrite5m: cacheWrite &- cacheWrite1h, cacheWrite1h: cacheWrite1h)
    }
}
