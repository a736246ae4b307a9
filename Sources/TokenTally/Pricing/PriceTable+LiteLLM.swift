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
        guard let base = reading.prices(suffix: ""),
              let reasoning = reading.optional("output_cost_per_reasoning_token")
        else { return .failure(.unrepresentablePrice) }
        if let reasoning, reasoning != base.output { return .failure(.reasoningPricedApart) }
        let thresholds = Set(fields.keys.compactMap(tierThreshold(ofInputKey:)))
        guard thresholds.count <= 1 else { return .failure(.severalTiers) }
        var tier: LongContextTier?
        if let threshold = thresholds.first {
            guard let prices = reading.prices(suffix: "_above_\(threshold / 1000)k_tokens", base: base) else {
                return .failure(.unrepresentablePrice)
            }
            tier = LongContextTier(aboveInputTokens: threshold, prices: prices)
        }
        return .success(DatedPrices(effectiveFrom: "1970-01-01", startMs: 0, prices: base, longContext: tier))
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

    /// Nil when the field is present but not an exact price; `.some(nil)` when it is absent.
    func optional(_ key: String) -> Int64?? {
        guard let value = fields[key] else { return .some(nil) }
        guard case .number(let text) = value, case .picoPerToken(let pico) = PriceDecimal.read(text, unit: .perToken) else {
            return nil
        }
        return .some(pico)
    }

    /// The five prices from the fields named with `suffix` (`""` for the base prices,
    /// `_above_200k_tokens` for a tier). A field that is absent takes its value from `base` (a tier
    /// field LiteLLM does not list keeps the base price), or for the base prices: cache reads and
    /// 5-minute writes cost as input (never zero by accident), and 1-hour writes cost
    /// `cache_creation_input_token_cost_above_1hr` or else the 5-minute write price.
    /// Nil when a present field is not an exact price.
    func prices(suffix: String, base: TokenPrices? = nil) -> TokenPrices? {
        guard let input = optional("input_cost_per_token" + suffix),
              let output = optional("output_cost_per_token" + suffix),
              let cacheRead = optional("cache_read_input_token_cost" + suffix),
              let write5m = optional("cache_creation_input_token_cost" + suffix),
              let write1h = optional("cache_creation_input_token_cost_above_1hr" + suffix)
        else { return nil }
        let inputPrice = input ?? base?.input ?? 0
        let write5mPrice = write5m ?? base?.cacheWrite5m ?? inputPrice
        return TokenPrices(
            input: inputPrice,
            output: output ?? base?.output ?? 0,
            cacheRead: cacheRead ?? base?.cacheRead ?? inputPrice,
            cacheWrite5m: write5mPrice,
            cacheWrite1h: write1h ?? base?.cacheWrite1h ?? write5mPrice)
    }
}
