import Foundation
import Testing
@testable import TallyEvents

/// `--prices FILE` with LiteLLM's `model_prices_and_context_window.json`: a real excerpt of the
/// published file (Tests/Fixtures/pricing, origin in its README) and hostile variants.
@Suite struct PricingLiteLLMTests {
    static let excerpt = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/pricing/litellm-excerpt.json").path

    private func prices(_ table: PriceTable, _ name: String, promptTokens: Int64 = 0) -> [Int64]? {
        guard let m = table.modelIndex(name: name), let p = table.prices(model: m, atMs: 0, promptTokens: promptTokens) else {
            return nil
        }
        return [p.input, p.output, p.cacheRead, p.cacheWrite5m, p.cacheWrite1h]
    }

    @Test func readsTheExcerptAsPublished() throws {
        let table = try PriceTable(contentsOfFile: Self.excerpt)
        #expect(table.format == .litellm)
        #expect(table.asOf == "undated")
        #expect(table.modelCount == 14)
        // 22 entries besides sample_spec: 14 kept, 6 not chat (image, embedding, moderation,
        // completion, search, and a Fireworks entry with no mode), 1 chat entry without prices.
        let counts = table.liteLLMIgnored.counts.map { ($0.reason, $0.count) }
        #expect(counts.map(\.0) == [.notChat, .noTokenPrices])
        #expect(counts.map(\.1) == [6, 1])
        #expect(table.liteLLMIgnored.counts.first?.example == "1024-x-1024/dall-e-2")
        #expect(table.source.contains("14 chat models, 7 entries ignored"))
    }

    @Test func convertsPerTokenDollarsExactly() throws {
        let table = try PriceTable(contentsOfFile: Self.excerpt)
        // 2.1875e-06 USD per token = 2,187,500 pico-dollars; 5.46875e-07 = 546,875; no cache-write
        // price, so writes cost as input.
        #expect(prices(table, "amazon.nova-2-pro-preview-20251202-v1:0") == [2_187_500, 17_500_000, 546_875, 2_187_500, 2_187_500])
        // claude-opus-4-6: 5e-06, 2.5e-05, 5e-07, 6.25e-06, 1e-05.
        #expect(prices(table, "claude-opus-4-6") == [5_000_000, 25_000_000, 500_000, 6_250_000, 10_000_000])
        // LiteLLM's own 1-hour price for Claude 3 Haiku (6e-06) is kept as published.
        #expect(prices(table, "claude-3-haiku-20240307") == [250_000, 1_250_000, 30_000, 300_000, 6_000_000])
        // The Responses-API model is priced; without a cached-input price reads cost as input.
        #expect(prices(table, "gpt-5-pro") == [15_000_000, 120_000_000, 15_000_000, 15_000_000, 15_000_000])
        // A zero cache-write price is kept as zero: DeepSeek does not charge for it.
        #expect(prices(table, "deepseek/deepseek-chat") == [280_000, 420_000, 28_000, 0, 0])
        // Thinking priced the same as output is fine: events count it as output.
        #expect(prices(table, "gemini/gemini-2.5-flash") == [300_000, 2_500_000, 30_000, 300_000, 300_000])
    }

    @Test func readsLongContextTiers() throws {
        let table = try PriceTable(contentsOfFile: Self.excerpt)
        #expect(prices(table, "claude-sonnet-4-5", promptTokens: 200_000) == [3_000_000, 15_000_000, 300_000, 3_750_000, 6_000_000])
        #expect(prices(table, "claude-sonnet-4-5", promptTokens: 200_001) == [6_000_000, 22_500_000, 600_000, 7_500_000, 12_000_000])
        // No 1-hour price at either level: each level's 5-minute price.
        #expect(prices(table, "claude-4-sonnet-20250514") == [3_000_000, 15_000_000, 300_000, 3_750_000, 3_750_000])
        #expect(prices(table, "claude-4-sonnet-20250514", promptTokens: 300_000) == [6_000_000, 22_500_000, 600_000, 7_500_000, 7_500_000])
        // 272k threshold; the *_priority and *_flex fields are other service tiers and are not read.
        // No cache-write price at either level: the tier's writes cost as the tier's input.
        #expect(prices(table, "gpt-5.4", promptTokens: 272_001) == [5_000_000, 22_500_000, 500_000, 5_000_000, 5_000_000])
        #expect(prices(table, "gpt-5.6-luna", promptTokens: 272_001) == [2_000_000, 9_000_000, 200_000, 2_500_000, 2_500_000])
        // Gemini lists no cache-write price at all: writes cost as input at each level.
        #expect(prices(table, "gemini/gemini-2.5-pro", promptTokens: 200_001) == [2_500_000, 15_000_000, 250_000, 2_500_000, 2_500_000])
        // The EU inference profile lists every tier field, 10% above the first-party prices.
        #expect(prices(table, "eu.anthropic.claude-sonnet-4-5-20250929-v1:0", promptTokens: 200_001)
            == [6_600_000, 24_750_000, 660_000, 8_250_000, 13_200_000])
    }

    @Test func aTierFieldNotListedKeepsTheBasePriceListed() throws {
        let table = try load(#""t": {"mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "#
            + #""cache_read_input_token_cost": 1e-07, "input_cost_per_token_above_200k_tokens": 2e-06}"#).get()
        // Output and cache reads keep their base prices; writes (listed nowhere) cost as the tier's input.
        #expect(prices(table, "t", promptTokens: 200_001) == [2_000_000, 2_000_000, 100_000, 2_000_000, 2_000_000])
        #expect(prices(table, "t", promptTokens: 200_000) == [1_000_000, 2_000_000, 100_000, 1_000_000, 1_000_000])
    }

    @Test func resolvesEventNamesAgainstLiteLLMKeys() throws {
        let table = try PriceTable(contentsOfFile: Self.excerpt)
        func resolved(_ name: String) -> String? { table.modelIndex(name: name).map { table.name(ofModel: $0) } }
        #expect(resolved("gemini-2.5-pro") == "gemini/gemini-2.5-pro")  // bare alias of the prefixed key
        #expect(resolved("deepseek-chat") == "deepseek/deepseek-chat")
        #expect(resolved("anthropic/claude-opus-4-6") == "claude-opus-4-6")
        #expect(resolved("claude-sonnet-4-5-20250929") == "claude-sonnet-4-5")
        // The EU inference profile has its own (10% higher) entry, matched exactly.
        #expect(resolved("eu.anthropic.claude-sonnet-4-5-20250929-v1:0") == "eu.anthropic.claude-sonnet-4-5-20250929-v1:0")
        #expect(resolved("gemini-embedding-001") == nil)
        #expect(resolved("gpt-5.4-mini") == nil)
    }

    private func load(_ entries: String) -> Result<PriceTable, PricingError> {
        do throws(PricingError) {
            return .success(try PriceTable(json: "{\(entries)}"))
        } catch {
            return .failure(error)
        }
    }

    private let good = #""ok": {"mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06}"#

    private func ignored(_ entry: String) throws -> [LiteLLMIgnoredEntries.Reason] {
        let table = try load(good + ", " + entry).get()
        #expect(table.modelCount == 1)
        return table.liteLLMIgnored.counts.map(\.reason)
    }

    @Test func ignoresWhatItCannotPriceExactly() throws {
        func entry(_ fields: String, name: String = "x") -> String {
            #""\#(name)": {"mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06\#(fields.isEmpty ? "" : ", " + fields)}"#
        }
        #expect(try ignored(entry(#""output_cost_per_reasoning_token": 3.5e-06"#)) == [.reasoningPricedApart])
        #expect(try ignored(entry(#""input_cost_per_token_above_128k_tokens": 2e-06, "input_cost_per_token_above_200k_tokens": 3e-06"#))
            == [.severalTiers])
        for bad in ["1e-13", "-1e-06", "0.011", "1e300", "3.0000000000001e-06", "\"3e-06\""] {
            #expect(try ignored(entry(#""cache_read_input_token_cost": \#(bad)"#)) == [.unrepresentablePrice], "\(bad)")
        }
        #expect(try ignored(entry(#""input_cost_per_token_above_200k_tokens": 1e-20"#)) == [.unrepresentablePrice])
        #expect(try ignored(#""x": {"mode": "chat", "input_cost_per_token": "1e-06", "output_cost_per_token": 2e-06}"#) == [.noTokenPrices])
        #expect(try ignored(#""x": 5"#) == [.notAnObject])
        #expect(try ignored(#""x": {"mode": ["chat"], "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06}"#) == [.notChat])
        #expect(try ignored(entry("", name: "")) == [.invalidName])
        #expect(try ignored(entry("", name: #"a\u0001b"#)) == [.invalidName])
        #expect(try ignored(entry("", name: String(repeating: "m", count: 257))) == [.invalidName])
        #expect(try ignored(entry("", name: "OK")) == [.nameClash])
    }

    @Test func refusesAFileWithNothingToPrice() {
        let text = #""sample_spec": {"litellm_provider": "x", "input_cost_per_token": 0.0}, "e": {"mode": "embedding", "input_cost_per_token": 1e-07}"#
        #expect(throws: PricingError(.noLiteLLMModels(ignored: 1))) { try load(text).get() }
        #expect("\(PricingError(.noLiteLLMModels(ignored: 1)))".contains("tokentally prices --check"))
    }

    @Test func tokentallyFormatIsNotMistakenForLiteLLM() {
        // A tokentally file with a misspelt key stays a tokentally file and names the key.
        let text = #"{"as_of": "2026-01-01", "source": "s", "gpt-x": {"input_cost_per_token": 1e-06}, "models": []}"#
        #expect(throws: PricingError(.unknownField(at: "the top level", field: "gpt-x", allowed: ["as_of", "source", "models"]))) {
            try PriceTable(json: text)
        }
        #expect(throws: PricingError(.missingField(at: "the top level", field: "as_of"))) { try PriceTable(json: "{}") }
    }

    @Test func manyEntriesLoad() throws {
        // 50,000 entries, about 5 MB: the reader stays linear and within the 16 MB file limit.
        var text = ""
        for i in 0 ..< 50_000 {
            text += #""m\#(i)": {"mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06},"#
        }
        let table = try load(String(text.dropLast())).get()
        #expect(table.modelCount == 50_000)
        #expect(table.modelIndex(name: "m49999") == 49_999)
    }
}
