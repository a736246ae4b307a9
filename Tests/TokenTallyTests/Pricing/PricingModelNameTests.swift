import Testing
@testable import TallyEvents

/// Resolving the model names real logs carry to models of the bundled table, and the names that
/// must not resolve.
@Suite struct PricingModelNameTests {
    private let table = PriceTable.bundled

    private func resolved(_ name: String) -> String? {
        table.modelIndex(name: name).map { table.name(ofModel: $0) }
    }

    @Test(arguments: [
        // Dated snapshots, Anthropic style.
        ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"),
        ("claude-opus-4-1-20250805", "claude-opus-4-1"),
        ("claude-opus-4-5-20251101", "claude-opus-4-5"),
        ("claude-opus-4-20250514", "claude-opus-4"),
        ("claude-sonnet-4-20250514", "claude-sonnet-4"),
        ("claude-3-7-sonnet-20250219", "claude-3-7-sonnet"),
        ("claude-haiku-4-5-20251001", "claude-haiku-4-5"),
        ("claude-3-5-haiku-20241022", "claude-3-5-haiku"),
        ("claude-3-haiku-20240307", "claude-3-haiku"),
        // Dated snapshots, OpenAI style.
        ("gpt-4o-mini-2024-07-18", "gpt-4o-mini"),
        ("gpt-4o-2024-08-06", "gpt-4o"),
        ("gpt-4o-2024-11-20", "gpt-4o"),
        ("gpt-4.1-2025-04-14", "gpt-4.1"),
        ("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini"),
        ("gpt-4.1-nano-2025-04-14", "gpt-4.1-nano"),
        ("gpt-5-2025-08-07", "gpt-5"),
        ("gpt-5-mini-2025-08-07", "gpt-5-mini"),
        ("gpt-5-nano-2025-08-07", "gpt-5-nano"),
        ("o3-2025-04-16", "o3"),
        ("o4-mini-2025-04-16", "o4-mini"),
        // An exact name wins over stripping its date: this snapshot kept its launch price.
        ("gpt-4o-2024-05-13", "gpt-4o-2024-05-13"),
        ("openai/gpt-4o-2024-05-13", "gpt-4o-2024-05-13"),
        // Router and gateway prefixes, with the table's dotted aliases.
        ("anthropic/claude-sonnet-4.5", "claude-sonnet-4-5"),
        ("anthropic/claude-3.5-haiku", "claude-3-5-haiku"),
        ("anthropic/claude-opus-4", "claude-opus-4"),
        ("openai/gpt-4o", "gpt-4o"),
        ("openai/gpt-4o-mini", "gpt-4o-mini"),
        ("openai/o3", "o3"),
        // Bedrock model ids and inference profiles.
        ("anthropic.claude-3-5-haiku-20241022-v1:0", "claude-3-5-haiku"),
        ("anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku"),
        ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5"),
        ("eu.anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4-1"),
        ("apac.anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet"),
        ("global.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5"),
        ("us-gov.anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku"),
        ("anthropic.claude-3-5-sonnet-20241022-v2:0", nil as String?),  // Sonnet 3.5 is not in the table
        ("bedrock/us.anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet"),
        // Vertex AI.
        ("claude-sonnet-4-5@20250929", "claude-sonnet-4-5"),
        ("claude-opus-4-1@20250805", "claude-opus-4-1"),
        ("claude-3-5-haiku@20241022", "claude-3-5-haiku"),
        ("vertex_ai/claude-haiku-4-5@20251001", "claude-haiku-4-5"),
        // Anthropic's own aliases, listed in the table.
        ("claude-3-5-haiku-latest", "claude-3-5-haiku"),
        ("claude-3-7-sonnet-latest", "claude-3-7-sonnet"),
        ("claude-opus-4-0", "claude-opus-4"),
        ("claude-sonnet-4-0", "claude-sonnet-4"),
        // ASCII case does not matter.
        ("Claude-Sonnet-4-5-20250929", "claude-sonnet-4-5"),
        ("GPT-4o-mini", "gpt-4o-mini"),
    ] as [(String, String?)])
    func resolves(name: String, model: String?) {
        #expect(resolved(name) == model)
    }

    /// Names one step apart resolve to their own model, never to a cheaper neighbour. Each pair is
    /// (name, model it must resolve to), checked against every other pair's model.
    @Test(arguments: [
        [("gpt-4o", "gpt-4o"), ("gpt-4o-mini", "gpt-4o-mini"), ("gpt-4o-mini-2024-07-18", "gpt-4o-mini")],
        [("claude-opus-4", "claude-opus-4"), ("claude-opus-4-20250514", "claude-opus-4"),
         ("claude-opus-4-1", "claude-opus-4-1"), ("claude-opus-4-1-20250805", "claude-opus-4-1"),
         ("claude-opus-4-5-20251101", "claude-opus-4-5"), ("claude-opus-4-6", "claude-opus-4-6"),
         ("claude-opus-4-7-20260416", "claude-opus-4-7"), ("claude-opus-4-8", "claude-opus-4-8")],
        [("claude-sonnet-4", "claude-sonnet-4"), ("claude-sonnet-4-5", "claude-sonnet-4-5"),
         ("claude-sonnet-4-6", "claude-sonnet-4-6"), ("claude-sonnet-5", "claude-sonnet-5")],
        [("gemini-2.5-pro", "gemini-2.5-pro"), ("gemini-2.5-flash", "gemini-2.5-flash"),
         ("gemini-2.5-flash-lite", "gemini-2.5-flash-lite"), ("gemini-3-pro-preview", "gemini-3-pro-preview"),
         ("gemini-3.1-pro-preview", "gemini-3.1-pro-preview"), ("gemini-3-flash-preview", "gemini-3-flash-preview")],
        [("o3", "o3"), ("o3-2025-04-16", "o3"), ("o4-mini", "o4-mini")],
        [("gpt-5.4", "gpt-5.4"), ("gpt-5.4-2026-03-05", "gpt-5.4"), ("gpt-5.4-mini", "gpt-5.4-mini"),
         ("gpt-5.4-mini-2026-03-17", "gpt-5.4-mini"), ("gpt-5.4-nano", "gpt-5.4-nano"), ("gpt-5.4-pro", "gpt-5.4-pro")],
        [("gpt-5", "gpt-5"), ("gpt-5-pro", "gpt-5-pro"), ("gpt-5-pro-2025-10-06", "gpt-5-pro"), ("gpt-5-codex", "gpt-5-codex"),
         ("gpt-5-mini", "gpt-5-mini"), ("gpt-5.6", "gpt-5.6"), ("gpt-5.6-luna", "gpt-5.6-luna"), ("gpt-5.5", "gpt-5.5"),
         ("gpt-5.5-pro-2026-04-23", "gpt-5.5-pro")],
    ] as [[(String, String)]])
    func ambiguousNamesKeepTheirOwnModel(group: [(String, String)]) {
        for (name, model) in group {
            #expect(resolved(name) == model, "\(name)")
        }
        #expect(Set(group.map(\.1)).count == Set(group.compactMap { resolved($0.0) }).count)
    }

    @Test(arguments: [
        ("gemini/gemini-2.5-flash-lite", "gemini-2.5-flash-lite"),
        ("vertex_ai/gemini-2.5-pro", "gemini-2.5-pro"),
        ("google/gemini-3-pro-preview", "gemini-3-pro-preview"),
        ("openrouter/anthropic/claude-opus-4.6", "claude-opus-4-6"),
        ("anthropic/claude-opus-4-6", "claude-opus-4-6"),
        ("bedrock/anthropic.claude-opus-4-6-v1", "claude-opus-4-6"),
        ("us.anthropic.claude-opus-4-7-v1", "claude-opus-4-7"),
        ("anthropic.claude-3-haiku-20240307-v1", "claude-3-haiku"),
        ("claude-opus-4-5@20251101", "claude-opus-4-5"),
        ("openai/gpt-5.4-mini", "gpt-5.4-mini"),
        ("deepseek/deepseek-reasoner", "deepseek-reasoner"),
        ("gemini-3.1-flash-lite-preview", "gemini-3.1-flash-lite"),
    ])
    func newPrefixesAndIds(name: String, model: String) {
        #expect(resolved(name) == model)
    }

    @Test func miniIsNotTheBigModel() throws {
        let mini = try #require(table.modelIndex(name: "gpt-4o-mini"))
        let big = try #require(table.modelIndex(name: "gpt-4o"))
        #expect(mini != big)
        #expect(table.modelIndex(name: "gpt-4o-mini-2024-07-18") == mini)
        #expect(table.modelIndex(name: "gpt-4o-2024-08-06") == big)
        #expect(table.modelIndex(name: "o4-mini") != table.modelIndex(name: "o3"))
        #expect(table.modelIndex(name: "gpt-5-nano") != table.modelIndex(name: "gpt-5"))
    }

    @Test(arguments: [
        "", "<synthetic>", "unknown", " claude-sonnet-4-5", "claude-sonnet-4-5 ",
        // No prefix matching: each of these is a different model at a different price.
        "claude-opus-4-9", "claude-opus-4-5-thinking", "claude-opus-4-6-thinking", "o3-mini", "o3-pro", "gpt-5.1",
        "gpt-5.5-mini", "gpt-5.6-mars", "gemini-2.5-pro-preview-tts", "gemini-2.5-flash-image", "deepseek-v3",
        "gpt-4o-audio-preview", "gpt-4o-mini-realtime-preview", "gpt-4", "claude-3-5-sonnet-20241022",
        // Date-like suffixes that are not dates, or a date and nothing before it.
        "gpt-4o-12345678", "gpt-4o-2024-13-01", "gpt-4o-2024-06-32", "claude-3-5-haiku-2024102", "-20250929",
        // Prefixes alone, or an unknown provider's.
        "anthropic/", "openai/", "us.anthropic.", "anthropic.", "mistral/gpt-4o", "toolongregion.anthropic.claude-3-haiku",
        // A Bedrock suffix that is not one: a bare `-v1` is only stripped after `anthropic.`.
        "claude-3-haiku-v1", "claude-3-haiku:0", "deepseek-chat-v1",
        // Moving or product aliases that name a different price than the model they resemble.
        "chatgpt-4o-latest", "gpt-5-chat-latest", "gemini-flash-latest", "gemini-pro-latest", "claude-opus-4-latest",
    ])
    func doesNotResolve(name: String) {
        #expect(table.modelIndex(name: name) == nil)
    }

    @Test func overlongNamesDoNotResolve() {
        let long = "claude-3-haiku-" + String(repeating: "x", count: 300)
        #expect(table.modelIndex(name: long) == nil)
        #expect(table.modelIndex(name: String(repeating: "a", count: PriceTable.modelNameBytesMax + 1)) == nil)
    }

    @Test func resolvesFromRawBytes() {
        let bytes: [UInt8] = Array("us.anthropic.claude-opus-4-5-20251101-v1:0".utf8)
        let index = bytes.withUnsafeBytes { table.modelIndex(name: $0) }
        #expect(index.map { table.name(ofModel: $0) } == "claude-opus-4-5")
        let empty = [UInt8]().withUnsafeBytes { table.modelIndex(name: $0) }
        #expect(empty == nil)
    }
}
