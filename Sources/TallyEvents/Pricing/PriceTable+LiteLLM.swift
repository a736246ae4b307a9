import TallyCore

/// Reading LiteLLM's `model_prices_and_context_window.json` as published: one object whose members
/// are model names mapped to objects of per-token USD prices. It is the table most tools keep
/// current, so a user can refresh prices without a new tokentally release.
///
/// Lenient where tokentally's own format is strict, because the file is not written for
/// tokentally: entries that are not chat models, that have no token prices, or whose prices cannot
/// be kept exactly are left out and counted by reason (`liteLLMIgnored`), never priced at zero.
/// Prices are read from their decimal text (`3e-06` is exactly 3,000,000 pico-dollars per token),
/// never through a Double. The file has no dates: every price applies from 1970-01-01, so a refresh
/// reprices history, and the table's `as_of` is "undated".
extension PriceTable {
    /// The LiteLLM modes priced as chat: the Responses API models (`gpt-5-pro`, `gpt-5-codex`) are
    /// chat models served on another endpoint.
    static let liteLLMChatModes: Set<String> = ["chat", "responses"]
    static let liteLLMAsOf = "undated"

    /// True when `root` has LiteLLM's shape rather than tokentally's: an object without `models`,
    /// `as_of` or `source`, whose members include an object with `litellm_provider` or
    /// `input_cost_per_token` (the published file's `sample_spec` has both).
    static func isLiteLLM(_ root: JSONValue) -> Bool {
        guard case .object(let members) = root else { return false }
        if members.contains(where: { tableFields.contains($0.0) }) { return false }
        return members.contains { _, value in value["litellm_provider"] != nil || value["input_cost_per_token"] != nil }
    }

    /// The table from LiteLLM's file. Throws only when no entry could be used.
    /// - Complexity: O(n) in the file's size.
    static func fromLiteLLM(_ root: JSONValue) throws(PricingError) -> PriceTable {
        guard case .object(let members) = root else { throw PricingError(.noModels) }
        var models: [PricedModel] = []
        var ignored = LiteLLMIgnoredEntries()
        var seen: Set<[UInt8]> = []
        for (name, value) in members where name != "sample_spec" {
            switch liteLLMEntry(name, value) {
            case .failure(let reason):
                ignored.add(reason, name: name)
            case .success(let entry):
                guard seen.insert(foldedBytes(name)).inserted else {
                    ignored.add(.nameClash, name: name)
                    continue
                }
                models.append(PricedModel(name: name, entries: [entry]))
            }
        }
        guard !models.isEmpty else { throw PricingError(.noLiteLLMModels(ignored: ignored.total)) }
        addUnprefixedAliases(&models, taken: &seen)
        let source = "LiteLLM model_prices_and_context_window.json: \(models.count) chat models, \(ignored.total) entries ignored"
        return PriceTable(asOf: liteLLMAsOf, source: source, models: models, format: .litellm, liteLLMIgnored: ignored)
    }

    /// One entry's prices, or why it is left out.
    private static func liteLLMEntry(_ name: String, _ value: JSONValue) -> Result<DatedPrices, LiteLLMIgnoredEntries.Reason> {
        guard case .object(let members) = value else { return .failure(.notAnObject) }
        var fields: [String: JSONValue] = [:]
        for (key, member) in members where fields[key] == nil { fields[key] = member }
        guard let mode = fields["mode"]?.string, liteLLMChatModes.contains(mode) else { return .failure(.notChat) }
        guard validName(name) else { return .failure(.invalidName) }
        guard case .number = fields["input_cost_per_token"], case .number = fields["output_cost_per_token"] else {
            return .failure(.noTokenPrices)
        }
        let reading = LiteLLMPriceReading(fields: fields)
        guard let base = reading.level(suffix: ""), let reasoning = reading.price("output_cost_per_reasoning_token") else {
            return .failure(.unrepresentablePrice)
        }
        if let reasoning, reasoning != base.output { return .failure(.reasoningPricedApart) }
        let thresholds = Set(fields.keys.compactMap(tierThreshold(ofInputKey:)))
        guard thresholds.count <= 1 else { return .failure(.severalTiers) }
        var tier: LongContextTier?
        if let threshold = thresholds.first {
            guard let level = reading.level(suffix: "_above_\(threshold / 1000)k_tokens") else { return .failure(.unrepresentablePrice) }
            tier = LongContextTier(aboveInputTokens: threshold, prices: LiteLLMPriceReading.tierPrices(level, base: base))
        }
        return .success(DatedPrices(effectiveFrom: "1970-01-01", startMs: 0, prices: base.prices, longContext: tier))
    }

    /// LiteLLM names the Gemini API's models `gemini/gemini-2.5-pro` and DeepSeek's `deepseek/...`,
    /// while events carry the bare name. Each entry under a provider prefix that name resolution
    /// strips gets its bare name as an alias, unless an entry or an earlier alias already has it
    /// (so an exact entry, such as Vertex's `gemini-2.5-pro`, always wins).
    private static func addUnprefixedAliases(_ models: inout [PricedModel], taken: inout Set<[UInt8]>) {
        for m in models.indices {
            let folded = foldedBytes(models[m].name)
            guard let prefix = routerPrefixes.first(where: { folded.starts(with: $0) && folded.count > $0.count }) else { continue }
            let bare = String(decoding: models[m].name.utf8.dropFirst(prefix.count), as: UTF8.self)
            if taken.insert(foldedBytes(bare)).inserted { models[m].aliases.append(bare) }
        }
    }

    /// The N × 1000 of a key `input_cost_per_token_above_<N>k_tokens`, or nil for any other key.
    private static func tierThreshold(ofInputKey key: String) -> Int64? {
        let prefix = "input_cost_per_token_above_"
        let suffix = "k_tokens"
        guard key.hasPrefix(prefix), key.hasSuffix(suffix), key.count > prefix.count + suffix.count else { return nil }
        let digits = key.dropFirst(prefix.count).dropLast(suffix.count)
        guard digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int64(digits), n > 0 else { return nil }
        return n * 1000
    }

    private static func validName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= modelNameBytesMax && !name.utf8.contains { $0 < 0x20 || $0 == 0x7F }
    }
}

/// Reads one LiteLLM entry's per-token prices into pico-dollars per token.
private struct LiteLLMPriceReading {
    let fields: [String: JSONValue]

    /// The five fields of one level (`""` for the base prices, `_above_200k_tokens` for a tier) as
    /// listed, nil where LiteLLM lists none.
    struct Level {
        var input, output, cacheRead, cacheWrite5m, cacheWrite1h: Int64?

        /// The base prices: input and output are always listed; cache reads and 5-minute writes
        /// without a price cost as input (never zero by accident), 1-hour writes as 5-minute ones.
        var prices: TokenPrices {
            let write5m = cacheWrite5m ?? input!
            return TokenPrices(input: input!, output: output!, cacheRead: cacheRead ?? input!, cacheWrite5m: write5m,
                               cacheWrite1h: cacheWrite1h ?? write5m)
        }
    }

    /// Nil when the field is present but not an exact price; `.some(nil)` when it is absent.
    func price(_ key: String) -> Int64?? {
        guard let value = fields[key] else { return .some(nil) }
        guard case .number(let text) = value, case .picoPerToken(let pico) = PriceDecimal.read(text, unit: .perToken) else {
            return nil
        }
        return .some(pico)
    }

    /// Nil when a listed field is not an exact price.
    func level(suffix: String) -> Level? {
        guard let input = price("input_cost_per_token" + suffix),
              let output = price("output_cost_per_token" + suffix),
              let cacheRead = price("cache_read_input_token_cost" + suffix),
              let write5m = price("cache_creation_input_token_cost" + suffix),
              let write1h = price("cache_creation_input_token_cost_above_1hr" + suffix)
        else { return nil }
        return Level(input: input, output: output, cacheRead: cacheRead, cacheWrite5m: write5m, cacheWrite1h: write1h)
    }

    /// A tier's prices: a field the tier does not list keeps the base level's listed price, or
    /// when the base level does not list it either, takes the same default from the tier's input.
    static func tierPrices(_ tier: Level, base: Level) -> TokenPrices {
        let input = tier.input!  // the tier exists because its input price is listed
        let write5m = tier.cacheWrite5m ?? base.cacheWrite5m ?? input
        return TokenPrices(
            input: input, output: tier.output ?? base.output!, cacheRead: tier.cacheRead ?? base.cacheRead ?? input,
            cacheWrite5m: write5m, cacheWrite1h: tier.cacheWrite1h ?? base.cacheWrite1h ?? write5m)
    }
}
