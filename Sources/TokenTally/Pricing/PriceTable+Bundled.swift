/// The price table compiled into tokentally, so that estimates work offline and the same binary
/// always gives the same estimate. It is dated (`as_of`): prices change, and a run should say
/// which prices it used. docs/pricing.md lists where each price was checked.
extension PriceTable {
    /// The bundled table. Reading it cannot fail at run time: the text is a constant, and a test
    /// reads it and checks every price against independent expectations.
    package static let bundled: PriceTable = {
        do {
            return try PriceTable(json: bundledJSON)
        } catch {
            fatalError("the bundled price table is invalid: \(error)")
        }
    }()

    /// List prices in USD per million tokens, standard tier: no batch or priority pricing, no
    /// long-context premium. OpenAI charges nothing to write its prompt cache, hence 0 there.
    /// The first entry of a model starts on its public release day; o3 has a second entry for
    /// the price cut of 2025-06-10, so events before it keep the launch price.
    package static let bundledJSON = #"""
    {
      "as_of": "2026-11-23",
      "source": "Provider list prices, standard tier, USD per million tokens: Anthropic https://platform.claude.com/docs/en/about-claude/pricing and OpenAI https://developers.openai.com/api/docs/pricing. Batch, priority and long-context pricing not modelled. Per-model sources in docs/pricing.md.",
      "models": [
        {
          "model": "claude-opus-4-5",
          "aliases": ["claude-opus-4.5"],
          "note": "Anthropic pricing page",
          "prices": [
            {"effective_from": "2025-11-24", "input": 5, "output": 25, "cache_read": 0.5, "cache_write_5m": 6.25, "cache_write_1h": 10}
          ]
        },
        {
          "model": "claude-opus-4-1",
          "aliases": ["claude-opus-4.1"],
          "note": "Anthropic pricing page",
          "prices": [
            {"effective_from": "2025-08-05", "input": 15, "output": 75, "cache_read": 1.5, "cache_write_5m": 18.75, "cache_write_1h": 30}
          ]
        },
        {
          "model": "claude-opus-4",
          "aliases": ["claude-opus-4-0"],
          "note": "Anthropic pricing page",
          "prices": [
            {"effective_from": "2025-05-22", "input": 15, "output": 75, "cache_read": 1.5, "cache_write_5m": 18.75, "cache_write_1h": 30}
          ]
        },
        {
          "model": "claude-sonnet-4-5",
          "aliases": ["claude-sonnet-4.5"],
          "note": "Anthropic pricing page; prompts over 200k tokens cost more (not modelled)",
          "prices": [
            {"effective_from": "2025-09-29", "input": 3, "output": 15, "cache_read": 0.3, "cache_write_5m": 3.75, "cache_write_1h": 6}
          ]
        },
        {
          "model": "claude-sonnet-4",
          "aliases": ["claude-sonnet-4-0"],
          "note": "Anthropic pricing page; prompts over 200k tokens cost more (not modelled)",
          "prices": [
            {"effective_from": "2025-05-22", "input": 3, "output": 15, "cache_read": 0.3, "cache_write_5m": 3.75, "cache_write_1h": 6}
          ]
        },
        {
          "model": "claude-3-7-sonnet",
          "aliases": ["claude-3-7-sonnet-latest", "claude-3.7-sonnet"],
          "note": "Anthropic pricing page",
          "prices": [
            {"effective_from": "2025-02-24", "input": 3, "output": 15, "cache_read": 0.3, "cache_write_5m": 3.75, "cache_write_1h": 6}
          ]
        },
        {
          "model": "claude-haiku-4-5",
          "aliases": ["claude-haiku-4.5"],
          "note": "Anthropic pricing page",
          "prices": [
            {"effective_from": "2025-10-15", "input": 1, "output": 5, "cache_read": 0.1, "cache_write_5m": 1.25, "cache_write_1h": 2}
          ]
        },
        {
          "model": "claude-3-5-haiku",
          "aliases": ["claude-3-5-haiku-latest", "claude-3.5-haiku"],
          "note": "Anthropic pricing page; the launch price ($1/$5) of its first weeks is not modelled",
          "prices": [
            {"effective_from": "2024-11-04", "input": 0.8, "output": 4, "cache_read": 0.08, "cache_write_5m": 1, "cache_write_1h": 1.6}
          ]
        },
        {
          "model": "claude-3-haiku",
          "note": "Anthropic pricing page",
          "prices": [
            {"effective_from": "2024-03-13", "input": 0.25, "output": 1.25, "cache_read": 0.03, "cache_write_5m": 0.3, "cache_write_1h": 0.5}
          ]
        },
        {
          "model": "gpt-5",
          "note": "OpenAI pricing; no cache write charge",
          "prices": [
            {"effective_from": "2025-08-07", "input": 1.25, "output": 10, "cache_read": 0.125, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-5-mini",
          "note": "OpenAI pricing; no cache write charge",
          "prices": [
            {"effective_from": "2025-08-07", "input": 0.25, "output": 2, "cache_read": 0.025, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-5-nano",
          "note": "OpenAI model page; no cache write charge",
          "prices": [
            {"effective_from": "2025-08-07", "input": 0.05, "output": 0.4, "cache_read": 0.005, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-4.1",
          "note": "OpenAI pricing; no cache write charge",
          "prices": [
            {"effective_from": "2025-04-14", "input": 2, "output": 8, "cache_read": 0.5, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-4.1-mini",
          "note": "OpenAI pricing; no cache write charge",
          "prices": [
            {"effective_from": "2025-04-14", "input": 0.4, "output": 1.6, "cache_read": 0.1, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-4.1-nano",
          "note": "OpenAI pricing; no cache write charge",
          "prices": [
            {"effective_from": "2025-04-14", "input": 0.1, "output": 0.4, "cache_read": 0.025, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-4o",
          "note": "OpenAI pricing, from the 2024-08-06 snapshot's price cut; no cache write charge",
          "prices": [
            {"effective_from": "2024-08-06", "input": 2.5, "output": 10, "cache_read": 1.25, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-4o-2024-05-13",
          "note": "The first GPT-4o snapshot keeps its launch price; no cached-input price, so cache reads cost as input",
          "prices": [
            {"effective_from": "2024-05-13", "input": 5, "output": 15, "cache_read": 5, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-4o-mini",
          "note": "OpenAI pricing; no cache write charge",
          "prices": [
            {"effective_from": "2024-07-18", "input": 0.15, "output": 0.6, "cache_read": 0.075, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "o3",
          "note": "OpenAI pricing; no cache write charge",
          "prices": [
            {"effective_from": "2025-04-16", "input": 10, "output": 40, "cache_read": 2.5, "cache_write_5m": 0, "cache_write_1h": 0, "note": "launch price"},
            {"effective_from": "2025-06-10", "input": 2, "output": 8, "cache_read": 0.5, "cache_write_5m": 0, "cache_write_1h": 0, "note": "80% price cut"}
          ]
        },
        {
          "model": "o4-mini",
          "note": "OpenAI pricing; no cache write charge",
          "prices": [
            {"effective_from": "2025-04-16", "input": 1.1, "output": 4.4, "cache_read": 0.275, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        }
      ]
    }
    """#
}
