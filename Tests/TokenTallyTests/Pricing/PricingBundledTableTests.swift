import Testing
@testable import TallyEvents

/// The bundled table against prices written out by hand from the providers' pages (USD per million
/// tokens × 1,000,000 = pico-dollars per token), and costs computed by hand in the comments.
@Suite struct PricingBundledTableTests {
    private struct Expected {
        var model: String
        var effectiveFrom: String
        /// input, output, cache read, cache write 5m, cache write 1h, in pico-dollars per token.
        var pico: [Int64]
        /// The long-context tier: its threshold in prompt tokens, then its five prices as `pico`.
        var tier: [Int64]? = nil
    }

    // Written independently of the JSON text: a typo in either shows up as a difference.
    private static let expected: [Expected] = [
        .init(model: "claude-opus-4-8", effectiveFrom: "2026-04-16", pico: [5_000_000, 25_000_000, 500_000, 6_250_000, 10_000_000]),
        .init(model: "claude-opus-4-7", effectiveFrom: "2026-04-16", pico: [5_000_000, 25_000_000, 500_000, 6_250_000, 10_000_000]),
        .init(model: "claude-opus-4-6", effectiveFrom: "2026-02-05", pico: [5_000_000, 25_000_000, 500_000, 6_250_000, 10_000_000]),
        .init(model: "claude-opus-4-5", effectiveFrom: "2025-11-24", pico: [5_000_000, 25_000_000, 500_000, 6_250_000, 10_000_000]),
        .init(model: "claude-opus-4-1", effectiveFrom: "2025-08-05", pico: [15_000_000, 75_000_000, 1_500_000, 18_750_000, 30_000_000]),
        .init(model: "claude-opus-4", effectiveFrom: "2025-05-22", pico: [15_000_000, 75_000_000, 1_500_000, 18_750_000, 30_000_000]),
        .init(model: "claude-sonnet-5", effectiveFrom: "2026-02-01", pico: [2_000_000, 10_000_000, 200_000, 2_500_000, 4_000_000]),
        .init(model: "claude-sonnet-4-6", effectiveFrom: "2026-02-01", pico: [3_000_000, 15_000_000, 300_000, 3_750_000, 6_000_000]),
        .init(model: "claude-sonnet-4-5", effectiveFrom: "2025-09-29", pico: [3_000_000, 15_000_000, 300_000, 3_750_000, 6_000_000],
              tier: [200_000, 6_000_000, 22_500_000, 600_000, 7_500_000, 12_000_000]),
        .init(model: "claude-sonnet-4", effectiveFrom: "2025-05-22", pico: [3_000_000, 15_000_000, 300_000, 3_750_000, 6_000_000],
              tier: [200_000, 6_000_000, 22_500_000, 600_000, 7_500_000, 12_000_000]),
        .init(model: "claude-3-7-sonnet", effectiveFrom: "2025-02-24", pico: [3_000_000, 15_000_000, 300_000, 3_750_000, 6_000_000]),
        .init(model: "claude-haiku-4-5", effectiveFrom: "2025-10-15", pico: [1_000_000, 5_000_000, 100_000, 1_250_000, 2_000_000]),
        .init(model: "claude-3-5-haiku", effectiveFrom: "2024-11-04", pico: [800_000, 4_000_000, 80_000, 1_000_000, 1_600_000]),
        .init(model: "claude-3-haiku", effectiveFrom: "2024-03-13", pico: [250_000, 1_250_000, 30_000, 300_000, 500_000]),
        .init(model: "gpt-5.6", effectiveFrom: "2026-04-23", pico: [5_000_000, 30_000_000, 500_000, 6_250_000, 6_250_000],
              tier: [272_000, 10_000_000, 45_000_000, 1_000_000, 12_500_000, 12_500_000]),
        .init(model: "gpt-5.6-sol", effectiveFrom: "2026-04-23", pico: [5_000_000, 30_000_000, 500_000, 6_250_000, 6_250_000],
              tier: [272_000, 10_000_000, 45_000_000, 1_000_000, 12_500_000, 12_500_000]),
        .init(model: "gpt-5.6-terra", effectiveFrom: "2026-04-23", pico: [2_500_000, 15_000_000, 250_000, 3_125_000, 3_125_000],
              tier: [272_000, 5_000_000, 22_500_000, 500_000, 6_250_000, 6_250_000]),
        .init(model: "gpt-5.6-luna", effectiveFrom: "2026-04-23", pico: [1_000_000, 6_000_000, 100_000, 1_250_000, 1_250_000],
              tier: [272_000, 2_000_000, 9_000_000, 200_000, 2_500_000, 2_500_000]),
        .init(model: "gpt-5.5", effectiveFrom: "2026-04-23", pico: [5_000_000, 30_000_000, 500_000, 0, 0],
              tier: [272_000, 10_000_000, 45_000_000, 1_000_000, 0, 0]),
        .init(model: "gpt-5.5-pro", effectiveFrom: "2026-04-23", pico: [30_000_000, 180_000_000, 3_000_000, 0, 0],
              tier: [272_000, 60_000_000, 270_000_000, 6_000_000, 0, 0]),
        .init(model: "gpt-5.4", effectiveFrom: "2026-03-05", pico: [2_500_000, 15_000_000, 250_000, 0, 0],
              tier: [272_000, 5_000_000, 22_500_000, 500_000, 0, 0]),
        .init(model: "gpt-5.4-pro", effectiveFrom: "2026-03-05", pico: [30_000_000, 180_000_000, 3_000_000, 0, 0],
              tier: [272_000, 60_000_000, 270_000_000, 6_000_000, 0, 0]),
        .init(model: "gpt-5.4-mini", effectiveFrom: "2026-03-17", pico: [750_000, 4_500_000, 75_000, 0, 0]),
        .init(model: "gpt-5.4-nano", effectiveFrom: "2026-03-17", pico: [200_000, 1_250_000, 20_000, 0, 0]),
        .init(model: "gpt-5.2", effectiveFrom: "2025-12-11", pico: [1_750_000, 14_000_000, 175_000, 0, 0]),
        .init(model: "gpt-5.2-pro", effectiveFrom: "2025-12-11", pico: [21_000_000, 168_000_000, 21_000_000, 0, 0]),
        .init(model: "gpt-5.1-codex", effectiveFrom: "2025-08-07", pico: [1_250_000, 10_000_000, 125_000, 0, 0]),
        .init(model: "gpt-5-codex", effectiveFrom: "2025-08-07", pico: [1_250_000, 10_000_000, 125_000, 0, 0]),
        .init(model: "gpt-5-pro", effectiveFrom: "2025-10-06", pico: [15_000_000, 120_000_000, 15_000_000, 0, 0]),
        .init(model: "gpt-5", effectiveFrom: "2025-08-07", pico: [1_250_000, 10_000_000, 125_000, 0, 0]),
        .init(model: "gpt-5-mini", effectiveFrom: "2025-08-07", pico: [250_000, 2_000_000, 25_000, 0, 0]),
        .init(model: "gpt-5-nano", effectiveFrom: "2025-08-07", pico: [50_000, 400_000, 5_000, 0, 0]),
        .init(model: "gpt-4.1", effectiveFrom: "2025-04-14", pico: [2_000_000, 8_000_000, 500_000, 0, 0]),
        .init(model: "gpt-4.1-mini", effectiveFrom: "2025-04-14", pico: [400_000, 1_600_000, 100_000, 0, 0]),
        .init(model: "gpt-4.1-nano", effectiveFrom: "2025-04-14", pico: [100_000, 400_000, 25_000, 0, 0]),
        .init(model: "gpt-4o", effectiveFrom: "2024-08-06", pico: [2_500_000, 10_000_000, 1_250_000, 0, 0]),
        .init(model: "gpt-4o-2024-05-13", effectiveFrom: "2024-05-13", pico: [5_000_000, 15_000_000, 5_000_000, 0, 0]),
        .init(model: "gpt-4o-mini", effectiveFrom: "2024-07-18", pico: [150_000, 600_000, 75_000, 0, 0]),
        .init(model: "o3", effectiveFrom: "2025-04-16", pico: [10_000_000, 40_000_000, 2_500_000, 0, 0]),
        .init(model: "o3", effectiveFrom: "2025-06-10", pico: [2_000_000, 8_000_000, 500_000, 0, 0]),
        .init(model: "o4-mini", effectiveFrom: "2025-04-16", pico: [1_100_000, 4_400_000, 275_000, 0, 0]),
        .init(model: "gemini-3.5-flash", effectiveFrom: "2025-12-17", pico: [1_500_000, 9_000_000, 150_000, 1_500_000, 1_500_000]),
        .init(model: "gemini-3.1-pro-preview", effectiveFrom: "2025-11-18", pico: [2_000_000, 12_000_000, 200_000, 2_000_000, 2_000_000],
              tier: [200_000, 4_000_000, 18_000_000, 400_000, 4_000_000, 4_000_000]),
        .init(model: "gemini-3-pro-preview", effectiveFrom: "2025-11-18", pico: [2_000_000, 12_000_000, 200_000, 2_000_000, 2_000_000],
              tier: [200_000, 4_000_000, 18_000_000, 400_000, 4_000_000, 4_000_000]),
        .init(model: "gemini-3-flash-preview", effectiveFrom: "2025-12-17", pico: [500_000, 3_000_000, 50_000, 500_000, 500_000]),
        .init(model: "gemini-3.1-flash-lite", effectiveFrom: "2025-07-22", pico: [250_000, 1_500_000, 25_000, 250_000, 250_000]),
        .init(model: "gemini-2.5-pro", effectiveFrom: "2025-06-17", pico: [1_250_000, 10_000_000, 125_000, 1_250_000, 1_250_000],
              tier: [200_000, 2_500_000, 15_000_000, 250_000, 2_500_000, 2_500_000]),
        .init(model: "gemini-2.5-flash", effectiveFrom: "2025-06-17", pico: [300_000, 2_500_000, 30_000, 300_000, 300_000]),
        .init(model: "gemini-2.5-flash-lite", effectiveFrom: "2025-07-22", pico: [100_000, 400_000, 10_000, 100_000, 100_000]),
        .init(model: "gemini-2.0-flash", effectiveFrom: "2025-02-05", pico: [100_000, 400_000, 25_000, 100_000, 100_000]),
        .init(model: "gemini-2.0-flash-lite", effectiveFrom: "2025-02-25", pico: [75_000, 300_000, 18_750, 75_000, 75_000]),
        .init(model: "deepseek-chat", effectiveFrom: "2025-09-29", pico: [280_000, 420_000, 28_000, 0, 0]),
        .init(model: "deepseek-reasoner", effectiveFrom: "2025-09-29", pico: [280_000, 420_000, 28_000, 0, 0]),
        // Open-weight models: no cache prices listed, so cached tokens cost as input.
        .init(model: "meta.llama3-3-70b-instruct", effectiveFrom: "2024-12-06", pico: [720_000, 720_000, 720_000, 720_000, 720_000]),
        .init(model: "meta.llama4-maverick-17b-instruct", effectiveFrom: "2025-04-05", pico: [240_000, 970_000, 240_000, 240_000, 240_000]),
        .init(model: "meta.llama4-scout-17b-instruct", effectiveFrom: "2025-04-05", pico: [170_000, 660_000, 170_000, 170_000, 170_000]),
        .init(model: "qwen.qwen3-coder-480b-a35b", effectiveFrom: "2025-07-22", pico: [220_000, 1_800_000, 220_000, 220_000, 220_000]),
        .init(model: "qwen.qwen3-coder-30b-a3b", effectiveFrom: "2025-07-22", pico: [150_000, 600_000, 150_000, 150_000, 150_000]),
        .init(model: "qwen.qwen3-235b-a22b-2507", effectiveFrom: "2025-07-21", pico: [220_000, 880_000, 220_000, 220_000, 220_000]),
        .init(model: "qwen.qwen3-32b", effectiveFrom: "2025-04-28", pico: [150_000, 600_000, 150_000, 150_000, 150_000]),
        .init(model: "codestral-2508", effectiveFrom: "2025-07-30", pico: [300_000, 900_000, 300_000, 300_000, 300_000]),
        .init(model: "codestral-2405", effectiveFrom: "2024-05-29", pico: [1_000_000, 3_000_000, 1_000_000, 1_000_000, 1_000_000]),
        .init(model: "devstral-2512", effectiveFrom: "2025-12-09", pico: [400_000, 2_000_000, 400_000, 400_000, 400_000]),
        .init(model: "devstral-medium-2507", effectiveFrom: "2025-07-10", pico: [400_000, 2_000_000, 400_000, 400_000, 400_000]),
        .init(model: "devstral-small-2507", effectiveFrom: "2025-07-10", pico: [100_000, 300_000, 100_000, 100_000, 100_000]),
        .init(model: "mistral-large-2512", effectiveFrom: "2025-12-02", pico: [500_000, 1_500_000, 500_000, 500_000, 500_000]),
        .init(model: "mistral-large-2411", effectiveFrom: "2024-11-18", pico: [2_000_000, 6_000_000, 2_000_000, 2_000_000, 2_000_000]),
    ]

    private let table = PriceTable.bundled

    @Test func isDatedAndSaysWhereItsPricesComeFrom() {
        #expect(table.asOf == "2026-12-05")
        #expect(table.source.contains("platform.claude.com"))
        #expect(table.source.contains("developers.openai.com"))
        #expect(table.source.contains("ai.google.dev"))
        #expect(table.source.contains("api-docs.deepseek.com"))
    }

    @Test func everyEntryMatchesTheHandWrittenPrices() throws {
        var listed: [String] = []
        for model in table.models {
            for entry in model.entries {
                listed.append("\(model.name) \(entry.effectiveFrom)")
                let p = entry.prices
                let actual = [p.input, p.output, p.cacheRead, p.cacheWrite5m, p.cacheWrite1h]
                let want = Self.expected.first { $0.model == model.name && $0.effectiveFrom == entry.effectiveFrom }
                #expect(want?.pico == actual, "\(model.name) \(entry.effectiveFrom)")
                let tier = entry.longContext.map { t in
                    [t.aboveInputTokens, t.prices.input, t.prices.output, t.prices.cacheRead, t.prices.cacheWrite5m, t.prices.cacheWrite1h]
                }
                #expect(want?.tier == tier, "\(model.name) \(entry.effectiveFrom) long context")
            }
        }
        // Nothing extra in the table, nothing missing from it.
        #expect(listed.sorted() == Self.expected.map { "\($0.model) \($0.effectiveFrom)" }.sorted())
    }

    @Test func everyModelResolvesToItselfByName() {
        for (m, model) in table.models.enumerated() {
            #expect(table.modelIndex(name: model.name) == m, "\(model.name)")
            for alias in model.aliases { #expect(table.modelIndex(name: alias) == m, "\(alias)") }
        }
    }

    /// Only the GPT-5.6 family charges for OpenAI cache writes.
    @Test func openAIModelsHaveNoCacheWriteCharge() {
        for model in table.models where (model.name.hasPrefix("gpt-") && !model.name.hasPrefix("gpt-5.6"))
            || model.name.hasPrefix("o") || model.name.hasPrefix("deepseek-")
        {
            for entry in model.entries {
                #expect(entry.prices.cacheWrite5m == 0 && entry.prices.cacheWrite1h == 0, "\(model.name)")
            }
        }
    }

    private func cost(_ model: String, at ms: Int64, input: Int64 = 0, output: Int64 = 0, cacheRead: Int64 = 0,
                      cacheWrite5m: Int64 = 0, cacheWrite1h: Int64 = 0) -> Int64? {
        guard let m = table.modelIndex(name: model) else { return nil }
        return table.costNanoUSD(model: m, atMs: ms, input: input, output: output, cacheRead: cacheRead,
                                 cacheWrite5m: cacheWrite5m, cacheWrite1h: cacheWrite1h)
    }

    /// 2026-01-01T00:00:00Z, after every bundled entry.
    private let jan2026: Int64 = 1_767_225_600_000

    @Test func sonnetCostsByHand() {
        // 100,000 input tokens at $3 per million: $0.30 = 300_000_000 nano-dollars.
        #expect(cost("claude-sonnet-4-5-20250929", at: jan2026, input: 100_000) == 300_000_000)
        // 1,000 in ($0.003) + 500 out ($0.0075) + 20,000 cache reads ($0.006) + 4,000 5m writes
        // ($0.015) + 1,000 1h writes ($0.006) = $0.0375 = 37_500_000 nano-dollars.
        #expect(cost("claude-sonnet-4-5", at: jan2026, input: 1_000, output: 500, cacheRead: 20_000,
                     cacheWrite5m: 4_000, cacheWrite1h: 1_000) == 37_500_000)
    }

    @Test func opusCostsByHand() {
        // 2,000,000 output tokens at $25 per million: $50.
        #expect(cost("claude-opus-4-5", at: jan2026, output: 2_000_000) == 50_000_000_000)
        // Opus 4.1: 10,000 1h cache writes at $30 per million: $0.30.
        #expect(cost("claude-opus-4-1", at: jan2026, cacheWrite1h: 10_000) == 300_000_000)
        // Opus 4: 100,000 cache reads at $1.50 per million: $0.15.
        #expect(cost("claude-opus-4", at: jan2026, cacheRead: 100_000) == 150_000_000)
    }

    @Test func haikuCostsByHand() {
        // Haiku 3: one input token is $0.25 / 1e6 = 250 nano-dollars; three cache reads at $0.03
        // per million are 90 nano-dollars; one 5m write $0.30/1e6 = 300 nano-dollars.
        #expect(cost("claude-3-haiku", at: jan2026, input: 1, cacheRead: 3, cacheWrite5m: 1) == 640)
        // Haiku 3.5: 1,000 output tokens at $4 per million: $0.004.
        #expect(cost("claude-3-5-haiku-20241022", at: jan2026, output: 1_000) == 4_000_000)
        // Haiku 4.5: 1,000 each of 5m and 1h writes: $0.00125 + $0.002 = $0.00325.
        #expect(cost("claude-haiku-4-5", at: jan2026, cacheWrite5m: 1_000, cacheWrite1h: 1_000) == 3_250_000)
    }

    @Test func openAICostsByHand() {
        // gpt-5: 1M in ($1.25) + 1M cached ($0.125) + 100k out ($1.00) = $2.375.
        #expect(cost("gpt-5", at: jan2026, input: 1_000_000, output: 100_000, cacheRead: 1_000_000) == 2_375_000_000)
        // gpt-5-nano: one cached token is $0.005 / 1e6 = 5 nano-dollars.
        #expect(cost("gpt-5-nano", at: jan2026, cacheRead: 1) == 5)
        // gpt-4o-mini: 1 input (150) + 1 cached (75) + 1 output (600) nano-dollars.
        #expect(cost("gpt-4o-mini-2024-07-18", at: jan2026, input: 1, output: 1, cacheRead: 1) == 825)
        // gpt-4o: 1M output at $10.
        #expect(cost("gpt-4o", at: jan2026, output: 1_000_000) == 10_000_000_000)
        // gpt-4.1-nano: 4M cached at $0.025 per million = $0.10.
        #expect(cost("gpt-4.1-nano", at: jan2026, cacheRead: 4_000_000) == 100_000_000)
        // o4-mini: 1M in ($1.10) + 1M out ($4.40) = $5.50.
        #expect(cost("o4-mini", at: jan2026, input: 1_000_000, output: 1_000_000) == 5_500_000_000)
        // OpenAI cache writes are free: 1M of each costs nothing.
        #expect(cost("gpt-4.1", at: jan2026, cacheWrite5m: 1_000_000, cacheWrite1h: 1_000_000) == 0)
    }

    /// 2026-06-01T00:00:00Z, after every bundled entry.
    private let jun2026: Int64 = 1_780_272_000_000

    /// Issue 16's missing model: Opus 4.6 at $5 in, $25 out, $0.50 reads, $6.25 5m and $10 1h writes.
    @Test func opus46CostsByHand() {
        // 3 in (15,000,000 pico) + 1,200 out (30,000,000,000) + 45,000 reads (22,500,000,000)
        // + 2,000 5m writes (12,500,000,000) + 1,000 1h writes (10,000,000,000)
        // = 75,015,000,000 pico-dollars = 75,015,000 nano-dollars ($0.075015).
        #expect(cost("claude-opus-4-6", at: jun2026, input: 3, output: 1_200, cacheRead: 45_000,
                     cacheWrite5m: 2_000, cacheWrite1h: 1_000) == 75_015_000)
        #expect(cost("claude-opus-4-6-20260205", at: jun2026, output: 1_000_000) == 25_000_000_000)
        let release: Int64 = 1_770_249_600_000  // 2026-02-05T00:00:00Z
        #expect(cost("claude-opus-4-6", at: release - 1, input: 1) == nil)
    }

    /// A request above 200k prompt tokens is priced whole at the tier; at 200k exactly it is not.
    @Test func sonnetLongContextIsChosenPerRequest() {
        // 200,000 in × $3 = $0.60, + 1,000 out × $15 = $0.015: 615,000,000 nano-dollars.
        #expect(cost("claude-sonnet-4-5", at: jan2026, input: 200_000, output: 1_000) == 615_000_000)
        // 200,001 in × $6 = $1.200006, + 1,000 out × $22.50 = $0.0225: 1,222,506,000.
        #expect(cost("claude-sonnet-4-5", at: jan2026, input: 200_001, output: 1_000) == 1_222_506_000)
        // The prompt is input + cache reads + cache writes: 10,000 + 150,000 + 40,001 = 200,001, so
        // 10,000 × $6 + 150,000 × $0.60 + 40,001 × $7.50 = $0.06 + $0.09 + $0.3000075.
        #expect(cost("claude-sonnet-4-5", at: jan2026, input: 10_000, cacheRead: 150_000, cacheWrite5m: 40_001) == 450_007_500)
        // 1-hour writes count too: 1 × $6 + 200,000 × $12 = $2.400006.
        #expect(cost("claude-sonnet-4", at: jan2026, input: 1, cacheWrite1h: 200_000) == 2_400_006_000)
    }

    @Test func openAILongContextAbove272k() {
        // gpt-5.4, 272,000 in × $2.50 = $0.68 (not above the threshold).
        #expect(cost("gpt-5.4", at: jun2026, input: 272_000) == 680_000_000)
        // 72,001 in + 200,000 cached = 272,001: 72,001 × $5 + 200,000 × $0.50 = $0.360005 + $0.10.
        #expect(cost("gpt-5.4-2026-03-05", at: jun2026, input: 72_001, cacheRead: 200_000) == 460_005_000)
        // gpt-5.6 charges cache writes: 100,000 at $6.25 per million.
        #expect(cost("gpt-5.6", at: jun2026, cacheWrite5m: 100_000) == 625_000_000)
        // gpt-5.2-pro has no cached-input price: 1,000 cache reads cost as input, $21 per million.
        #expect(cost("gpt-5.2-pro", at: jun2026, cacheRead: 1_000) == 21_000_000)
    }

    /// Thinking tokens arrive in `output_tokens` and are billed at the output price.
    @Test func geminiCostsByHandWithThinkingAsOutput() {
        // gemini-2.5-pro: 1,000 in × $1.25 + 1,000 out (thinking included) × $10 = $0.01125.
        #expect(cost("gemini-2.5-pro", at: jan2026, input: 1_000, output: 1_000) == 11_250_000)
        // Above 200k: 250,000 × $2.50 + 1,000 × $15 = $0.64.
        #expect(cost("gemini/gemini-2.5-pro", at: jan2026, input: 250_000, output: 1_000) == 640_000_000)
        // gemini-2.5-flash: 10,000 output tokens, most of them thinking, × $2.50 = $0.025.
        #expect(cost("gemini-2.5-flash", at: jan2026, output: 10_000) == 25_000_000)
    }

    @Test func deepSeekCostsByHand() {
        // 1M in × $0.28 + 1M cache hits × $0.028 + 500,000 out (reasoning included) × $0.42 = $0.518.
        #expect(cost("deepseek-reasoner", at: jan2026, input: 1_000_000, output: 500_000, cacheRead: 1_000_000) == 518_000_000)
        let v32: Int64 = 1_759_104_000_000  // 2025-09-29T00:00:00Z, the V3.2 price
        #expect(cost("deepseek/deepseek-chat", at: v32 - 1, input: 1) == nil)
    }

    @Test func o3KeepsItsLaunchPriceBeforeTheCut() {
        let cut: Int64 = 1_749_513_600_000  // 2025-06-10T00:00:00Z
        let launch: Int64 = 1_744_761_600_000  // 2025-04-16T00:00:00Z
        // 1M input tokens: $10 before the cut, $2 from its first millisecond on.
        #expect(cost("o3", at: cut - 1, input: 1_000_000) == 10_000_000_000)
        #expect(cost("o3", at: cut, input: 1_000_000) == 2_000_000_000)
        #expect(cost("o3-2025-04-16", at: launch, output: 1_000_000) == 40_000_000_000)
        // Before the model existed the table does not know its price.
        #expect(cost("o3", at: launch - 1, input: 1) == nil)
    }

    @Test func eventsBeforeAModelsFirstEntryAreNotPriced() {
        let sonnet45Release: Int64 = 1_759_104_000_000  // 2025-09-29T00:00:00Z
        #expect(cost("claude-sonnet-4-5", at: sonnet45Release - 1, input: 1) == nil)
        #expect(cost("claude-sonnet-4-5", at: sonnet45Release, input: 1) == 3_000)  // $3 / 1e6
    }

    @Test func roundTripsThroughItsOwnFormat() throws {
        let text = table.jsonText()
        let again = try PriceTable(json: text)
        #expect(again == table)
        #expect(again.jsonText() == text)
    }
}
