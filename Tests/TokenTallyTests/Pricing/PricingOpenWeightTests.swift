import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// The open-weight models of the bundled table: each under the name its host gives it (Llama and
/// Qwen on Amazon Bedrock, Mistral's models on Mistral's API), costs worked by hand, and the names
/// that must not resolve: the same weights on another host, other sizes, moving aliases.
@Suite struct PricingOpenWeightTests {
    private let table = PriceTable.bundled

    private func resolved(_ name: String) -> String? {
        table.modelIndex(name: name).map { table.name(ofModel: $0) }
    }

    private func cost(_ model: String, at ms: Int64, input: Int64 = 0, output: Int64 = 0, cacheRead: Int64 = 0) -> Int64? {
        guard let m = table.modelIndex(name: model) else { return nil }
        return table.costNanoUSD(model: m, atMs: ms, input: input, output: output, cacheRead: cacheRead, cacheWrite5m: 0, cacheWrite1h: 0)
    }

    /// 2026-06-01T00:00:00Z.
    private let jun2026: Int64 = 1_780_272_000_000

    @Test func llamaOnBedrockCostsByHand() {
        // Llama 3.3 70B, $0.72 in and out: 1M in + 500k out = $0.72 + $0.36 = $1.08, under the
        // model id Bedrock's responses carry (the -v1:0 suffix and the us. profile).
        #expect(cost("meta.llama3-3-70b-instruct-v1:0", at: jun2026, input: 1_000_000, output: 500_000) == 1_080_000_000)
        #expect(cost("us.meta.llama3-3-70b-instruct-v1:0", at: jun2026, input: 1_000_000) == 720_000_000)
        // Llama 4 Maverick, $0.24 / $0.97: 1,000 in + 1,000 out = 240,000 + 970,000 nano-dollars;
        // 1,000 cached tokens cost as input (no cache price): 240,000 more.
        #expect(cost("bedrock/us.meta.llama4-maverick-17b-instruct-v1:0", at: jun2026, input: 1_000, output: 1_000, cacheRead: 1_000) == 1_450_000)
        // Scout, $0.17 / $0.66.
        #expect(cost("meta.llama4-scout-17b-instruct-v1:0", at: jun2026, output: 1_000_000) == 660_000_000)
    }

    @Test func qwenOnBedrockCostsByHand() {
        // Qwen3-Coder-480B, $0.22 / $1.80: 10,000 in + 2,000 out = 2,200,000 + 3,600,000.
        #expect(cost("qwen.qwen3-coder-480b-a35b-v1:0", at: jun2026, input: 10_000, output: 2_000) == 5_800_000)
        // The 30B coder, $0.15 / $0.60; Qwen3-235B-2507, $0.22 / $0.88; Qwen3-32B, $0.15 / $0.60.
        #expect(cost("qwen.qwen3-coder-30b-a3b-v1:0", at: jun2026, output: 1_000_000) == 600_000_000)
        #expect(cost("qwen.qwen3-235b-a22b-2507-v1:0", at: jun2026, output: 1_000_000) == 880_000_000)
        #expect(cost("qwen.qwen3-32b-v1:0", at: jun2026, input: 1_000_000) == 150_000_000)
    }

    @Test func mistralModelsCostByHand() {
        // Codestral 25.08, $0.30 / $0.90: 100,000 in + 10,000 out = $0.03 + $0.009.
        #expect(cost("codestral-2508", at: jun2026, input: 100_000, output: 10_000) == 39_000_000)
        #expect(cost("mistral/codestral-2508", at: jun2026, input: 100_000, output: 10_000) == 39_000_000)
        // Codestral 24.05 kept its $1 / $3.
        #expect(cost("codestral-2405", at: jun2026, output: 1_000_000) == 3_000_000_000)
        // Devstral 2 and Medium, $0.40 / $2; Small, $0.10 / $0.30; Large 3, $0.50 / $1.50; Large 24.11, $2 / $6.
        #expect(cost("devstral-2512", at: jun2026, output: 1_000_000) == 2_000_000_000)
        #expect(cost("devstral-medium-2507", at: jun2026, input: 1_000_000) == 400_000_000)
        #expect(cost("devstral-small-2507", at: jun2026, output: 1_000_000) == 300_000_000)
        #expect(cost("mistral-large-2512", at: jun2026, input: 1_000_000, output: 1_000_000) == 2_000_000_000)
        #expect(cost("mistral-large-2411", at: jun2026, input: 1_000_000, output: 1_000_000) == 8_000_000_000)
    }

    @Test func eventsBeforeAModelsReleaseGetNoEstimate() {
        let mistralLarge3: Int64 = 1_764_633_600_000  // 2025-12-02T00:00:00Z
        #expect(cost("mistral-large-2512", at: mistralLarge3 - 1, input: 1) == nil)
        #expect(cost("mistral-large-2512", at: mistralLarge3, input: 1_000) == 500_000)
    }

    @Test(arguments: [
        // The same weights on other hosts, at other prices: never Bedrock's or Mistral's price.
        "meta-llama/Llama-3.3-70B-Instruct", "llama-3.3-70b-versatile", "groq/llama-3.3-70b-versatile",
        "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo", "Qwen/Qwen3-Coder-480B-A35B-Instruct", "qwen3-coder-plus",
        "mistral.mistral-large-3-675b-instruct", "vertex_ai/codestral-2501",
        // Other sizes and versions of the same families.
        "meta.llama3-70b-instruct-v1:0", "meta.llama3-1-70b-instruct-v1:0", "qwen.qwen3-coder-next", "codestral-2501",
        "devstral-small-2505", "mistral-large-2407", "mistral-medium-2508",
        // Moving aliases, whose price changes when they move.
        "codestral-latest", "mistral-large-latest", "devstral-latest", "mistral/devstral-small-latest",
    ])
    func namesOfOtherHostsSizesAndAliasesDoNotResolve(name: String) {
        #expect(resolved(name) == nil)
    }

    /// Each name of a family resolves to its own model, never to a cheaper neighbour.
    @Test func neighboursResolveToThemselves() {
        for (name, model) in [
            ("meta.llama4-maverick-17b-instruct-v1:0", "meta.llama4-maverick-17b-instruct"),
            ("meta.llama4-scout-17b-instruct-v1:0", "meta.llama4-scout-17b-instruct"),
            ("qwen.qwen3-coder-480b-a35b-v1:0", "qwen.qwen3-coder-480b-a35b"),
            ("qwen.qwen3-coder-30b-a3b-v1:0", "qwen.qwen3-coder-30b-a3b"),
            ("codestral-2405", "codestral-2405"),
            ("codestral-2508", "codestral-2508"),
            ("devstral-2512", "devstral-2512"),
            ("devstral-small-2507", "devstral-small-2507"),
            ("mistral-large-2411", "mistral-large-2411"),
            ("mistral-large-2512", "mistral-large-2512"),
        ] {
            #expect(resolved(name) == model, "\(name)")
        }
    }
}
