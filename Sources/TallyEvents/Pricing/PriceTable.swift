import TallyCore

/// List prices per model and date, to estimate what usage cost when a source reports tokens but
/// no cost. Prices are integer pico-dollars per token (`TokenPrices`), so every published price is
/// exact and a cost is an exact integer of nano-dollars, like the rest of tokentally's sums.
///
/// Use: resolve each distinct model name once with `modelIndex(name:)` (see
/// PriceTable+ModelNames.swift for the rules), keep the number, then call `costNanoUSD` per event.
/// A nil model number means "unknown model": count it, never price it at zero.
///
/// Build one from the bundled table (`PriceTable.bundled`) or a file (`init(json:)`); docs/pricing.md
/// describes the format. Immutable and `Sendable`: workers share one table.
package struct PriceTable: Sendable, Equatable {
    /// The UTC date (`YYYY-MM-DD`) on which the prices were last checked against their sources.
    package let asOf: String
    /// Where the prices come from, as the table says.
    package let source: String
    /// The models in table order; a model number indexes this array.
    package let models: [PricedModel]
    /// The file format the table was read from.
    package let format: Format
    /// For a table read from LiteLLM's file, the entries left out and why (empty otherwise).
    package let liteLLMIgnored: LiteLLMIgnoredEntries

    package enum Format: String, Sendable {
        /// tokentally's own dated format (docs/pricing.md, "The price file"), the bundled table's.
        case tokentally
        /// LiteLLM's `model_prices_and_context_window.json`, as published.
        case litellm
    }

    // Flat copies of every entry, model by model, for the per-event path: no nested arrays to
    // retain, and the search walks a few contiguous Int64s.
    private let entryStartMs: [Int64]
    private let entryPrices: [TokenPrices]
    /// Each entry's long-context threshold (Int64.max without a tier) and tier prices (the base
    /// prices without a tier), so that the per-event path has no optional to unwrap.
    private let entryTierAbove: [Int64]
    private let entryTierPrices: [TokenPrices]
    /// Model m's entries are `firstEntry[m] ..< firstEntry[m + 1]`.
    private let firstEntry: [Int]
    let names: ModelNameIndex

    /// A table from parts already validated: model names and aliases distinct ignoring ASCII case,
    /// each model's entries non-empty, sorted by date, one per day. `init(json:)` checks all of
    /// this and says what is wrong; this initializer only asserts it.
    init(
        asOf: String, source: String, models: [PricedModel], format: Format = .tokentally,
        liteLLMIgnored: LiteLLMIgnoredEntries = .init()
    ) {
        var starts: [Int64] = []
        var prices: [TokenPrices] = []
        var tierAbove: [Int64] = []
        var tierPrices: [TokenPrices] = []
        var first: [Int] = [0]
        var keys: [(bytes: [UInt8], model: Int)] = []
        for (m, model) in models.enumerated() {
            precondition(!model.entries.isEmpty, "model \(model.name) has no prices")
            for (k, entry) in model.entries.enumerated() {
                precondition(k == 0 || model.entries[k - 1].startMs < entry.startMs, "entries of \(model.name) out of order")
                starts.append(entry.startMs)
                prices.append(entry.prices)
                tierAbove.append(entry.longContext?.aboveInputTokens ?? .max)
                tierPrices.append(entry.longContext?.prices ?? entry.prices)
            }
            first.append(starts.count)
            for name in [model.name] + model.aliases {
                keys.append((Self.foldedBytes(name), m))
            }
        }
        precondition(Set(keys.map(\.bytes)).count == keys.count, "model names or aliases clash")
        self.asOf = asOf
        self.source = source
        self.models = models
        self.format = format
        self.liteLLMIgnored = liteLLMIgnored
        entryStartMs = starts
        entryPrices = prices
        entryTierAbove = tierAbove
        entryTierPrices = tierPrices
        firstEntry = first
        names = ModelNameIndex(keys: keys)
    }

    package static func == (a: PriceTable, b: PriceTable) -> Bool {
        a.asOf == b.asOf && a.source == b.source && a.models == b.models
    }

    package var modelCount: Int { models.count }

    /// The table's name for model number `model` (what reports show, whichever alias matched).
    package func name(ofModel model: Int) -> String { models[model].name }

    /// The prices in force for one request to `model` at `atMs` whose prompt (input + cache reads +
    /// cache writes, see `LongContextTier.promptTokens`) has `promptTokens` tokens: those of the
    /// model's latest entry starting at or before `atMs`, at its long-context tier when the prompt
    /// is above the tier's threshold. Nil when `atMs` precedes all of the model's entries (the table
    /// does not know what the model cost then, or the event's clock is wrong).
    /// - Precondition: `model` is a number from `modelIndex(name:)` of this table.
    /// - Complexity: O(k) in the model's entry count (one or two in practice), newest first.
    @inline(__always)
    package func prices(model: Int, atMs: Int64, promptTokens: Int64 = 0) -> TokenPrices? {
        let first = firstEntry[model]
        var k = firstEntry[model + 1]
        while k > first {
            k -= 1
            if entryStartMs[k] <= atMs {
                return promptTokens > entryTierAbove[k] ? entryTierPrices[k] : entryPrices[k]
            }
        }
        return nil
    }

    /// The estimated cost of one event in nano-dollars (1e-9 USD): the exact sum of each token count
    /// times its price in pico-dollars, divided by 1000 and rounded half up once, at the end. A
    /// prompt above the entry's long-context threshold prices the whole event at the tier.
    /// Nil when `atMs` precedes every entry of the model, a count is negative, or the cost does not
    /// fit in Int64 nano-dollars (about $9.2 billion). Never traps on any token counts.
    /// - Precondition: `model` is a number from `modelIndex(name:)` of this table.
    /// - Complexity: O(k) in the model's entry count; no allocation.
    @inline(__always)
    package func costNanoUSD(
        model: Int, atMs: Int64,
        input: Int64, output: Int64, cacheRead: Int64, cacheWrite5m: Int64, cacheWrite1h: Int64
    ) -> Int64? {
        let writes = LongContextTier.promptTokens(input: cacheWrite5m, cacheRead: cacheWrite1h, cacheWrite: 0)
        let prompt = LongContextTier.promptTokens(input: input, cacheRead: cacheRead, cacheWrite: writes)
        return prices(model: model, atMs: atMs, promptTokens: prompt)?.costNanoUSD(
            input: input, output: output, cacheRead: cacheRead, cacheWrite5m: cacheWrite5m, cacheWrite1h: cacheWrite1h)
    }

    /// ASCII letters lowered; other bytes (UTF-8 included) unchanged.
    static func foldedBytes(_ text: String) -> [UInt8] {
        text.utf8.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }
    }
}
