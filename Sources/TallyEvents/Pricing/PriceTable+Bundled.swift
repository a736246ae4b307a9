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

    /// List prices in USD per million tokens, standard tier (no batch, priority or regional
    /// pricing), with each model's long-context tier where the provider has one. Sources, per family:
    /// - Anthropic: the pricing page (platform.claude.com/docs/en/about-claude/pricing) for the
    ///   models up to Opus 4.5, checked 2026-11-23; Opus 4.6 to 4.8, Sonnet 4.6 and 5 and the Sonnet
    ///   4/4.5 long-context tiers from LiteLLM's file (BerriAI/litellm@00035b69), read 2026-12-05.
    /// - OpenAI: the pricing page and model pages for GPT-5, GPT-4.1, GPT-4o, o3, o4-mini (checked
    ///   2026-11-23); GPT-5 Pro and Codex, 5.2, 5.4, 5.5 and 5.6 from LiteLLM's file (2026-12-05).
    ///   OpenAI charges nothing to write its prompt cache (0), except the GPT-5.6 family.
    /// - Google Gemini API and DeepSeek API: LiteLLM's file (2026-12-05), whose entries cite
    ///   ai.google.dev/gemini-api/docs/pricing and api-docs.deepseek.com/quick_start/pricing.
    /// - Open-weight models, each under the name its host gives it, so that no other host's price is
    ///   taken for it: Llama and Qwen on Amazon Bedrock, Mistral's (Codestral, Devstral, Large) on
    ///   Mistral's own API; LiteLLM's file (2026-12-05).
    /// The first entry of a model starts on its release day where the model's dated id or a release
    /// note gives it, otherwise on its predecessor's (a lower bound: no event of a model precedes its
    /// release); docs/pricing.md says which. o3 has a second entry for the price cut of 2025-06-10.
    package static let bundledJSON = #"""
    {
      "as_of": "2026-12-05",
      "source": "Provider list prices, standard tier, USD per million tokens: Anthropic https://platform.claude.com/docs/en/about-claude/pricing, OpenAI https://developers.openai.com/api/docs/pricing, Google https://ai.google.dev/gemini-api/docs/pricing, DeepSeek https://api-docs.deepseek.com/quick_start/pricing, Mistral https://mistral.ai/pricing, and open-weight Llama and Qwen models as Amazon Bedrock lists them https://aws.amazon.com/bedrock/pricing/, cross-checked against LiteLLM's model_prices_and_context_window.json (BerriAI/litellm@00035b69). Long-context tiers priced per request; thinking billed as output; batch, priority and regional pricing not modelled. Per-model sources in docs/pricing.md.",
      "models": [
        {
          "model": "claude-opus-4-8",
          "aliases": ["claude-opus-4.8"],
          "note": "Anthropic list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; release day not verified, entry starts at Opus 4.7's",
          "prices": [
            {"effective_from": "2026-04-16", "input": 5, "output": 25, "cache_read": 0.5, "cache_write_5m": 6.25, "cache_write_1h": 10}
          ]
        },
        {
          "model": "claude-opus-4-7",
          "aliases": ["claude-opus-4.7"],
          "note": "Anthropic list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05",
          "prices": [
            {"effective_from": "2026-04-16", "input": 5, "output": 25, "cache_read": 0.5, "cache_write_5m": 6.25, "cache_write_1h": 10}
          ]
        },
        {
          "model": "claude-opus-4-6",
          "aliases": ["claude-opus-4.6"],
          "note": "Anthropic list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no long-context tier listed",
          "prices": [
            {"effective_from": "2026-02-05", "input": 5, "output": 25, "cache_read": 0.5, "cache_write_5m": 6.25, "cache_write_1h": 10}
          ]
        },
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
          "model": "claude-sonnet-5",
          "note": "Anthropic list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; release day not verified, entry starts at Sonnet 4.6's",
          "prices": [
            {"effective_from": "2026-02-01", "input": 2, "output": 10, "cache_read": 0.2, "cache_write_5m": 2.5, "cache_write_1h": 4}
          ]
        },
        {
          "model": "claude-sonnet-4-6",
          "aliases": ["claude-sonnet-4.6"],
          "note": "Anthropic list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; released February 2026 (day not verified); no long-context tier listed",
          "prices": [
            {"effective_from": "2026-02-01", "input": 3, "output": 15, "cache_read": 0.3, "cache_write_5m": 3.75, "cache_write_1h": 6}
          ]
        },
        {
          "model": "claude-sonnet-4-5",
          "aliases": ["claude-sonnet-4.5"],
          "note": "Anthropic pricing page; long-context tier above 200k prompt tokens from LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05",
          "prices": [
            {"effective_from": "2025-09-29", "input": 3, "output": 15, "cache_read": 0.3, "cache_write_5m": 3.75, "cache_write_1h": 6,
             "long_context": {"above_input_tokens": 200000, "input": 6, "output": 22.5, "cache_read": 0.6, "cache_write_5m": 7.5, "cache_write_1h": 12}}
          ]
        },
        {
          "model": "claude-sonnet-4",
          "aliases": ["claude-sonnet-4-0"],
          "note": "Anthropic pricing page; long-context tier above 200k prompt tokens from LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05 (1-hour write at 2x the tier's input, Anthropic's multiplier)",
          "prices": [
            {"effective_from": "2025-05-22", "input": 3, "output": 15, "cache_read": 0.3, "cache_write_5m": 3.75, "cache_write_1h": 6,
             "long_context": {"above_input_tokens": 200000, "input": 6, "output": 22.5, "cache_read": 0.6, "cache_write_5m": 7.5, "cache_write_1h": 12}}
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
          "model": "gpt-5.6",
          "note": "OpenAI list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; cache writes charged (one price for any lifetime); release day not verified, entry starts at GPT-5.5's",
          "prices": [
            {"effective_from": "2026-04-23", "input": 5, "output": 30, "cache_read": 0.5, "cache_write_5m": 6.25, "cache_write_1h": 6.25,
             "long_context": {"above_input_tokens": 272000, "input": 10, "output": 45, "cache_read": 1, "cache_write_5m": 12.5, "cache_write_1h": 12.5}}
          ]
        },
        {
          "model": "gpt-5.6-sol",
          "note": "as gpt-5.6",
          "prices": [
            {"effective_from": "2026-04-23", "input": 5, "output": 30, "cache_read": 0.5, "cache_write_5m": 6.25, "cache_write_1h": 6.25,
             "long_context": {"above_input_tokens": 272000, "input": 10, "output": 45, "cache_read": 1, "cache_write_5m": 12.5, "cache_write_1h": 12.5}}
          ]
        },
        {
          "model": "gpt-5.6-terra",
          "note": "as gpt-5.6",
          "prices": [
            {"effective_from": "2026-04-23", "input": 2.5, "output": 15, "cache_read": 0.25, "cache_write_5m": 3.125, "cache_write_1h": 3.125,
             "long_context": {"above_input_tokens": 272000, "input": 5, "output": 22.5, "cache_read": 0.5, "cache_write_5m": 6.25, "cache_write_1h": 6.25}}
          ]
        },
        {
          "model": "gpt-5.6-luna",
          "note": "as gpt-5.6",
          "prices": [
            {"effective_from": "2026-04-23", "input": 1, "output": 6, "cache_read": 0.1, "cache_write_5m": 1.25, "cache_write_1h": 1.25,
             "long_context": {"above_input_tokens": 272000, "input": 2, "output": 9, "cache_read": 0.2, "cache_write_5m": 2.5, "cache_write_1h": 2.5}}
          ]
        },
        {
          "model": "gpt-5.5",
          "note": "OpenAI list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no cache write charge",
          "prices": [
            {"effective_from": "2026-04-23", "input": 5, "output": 30, "cache_read": 0.5, "cache_write_5m": 0, "cache_write_1h": 0,
             "long_context": {"above_input_tokens": 272000, "input": 10, "output": 45, "cache_read": 1, "cache_write_5m": 0, "cache_write_1h": 0}}
          ]
        },
        {
          "model": "gpt-5.5-pro",
          "note": "OpenAI list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no cache write charge",
          "prices": [
            {"effective_from": "2026-04-23", "input": 30, "output": 180, "cache_read": 3, "cache_write_5m": 0, "cache_write_1h": 0,
             "long_context": {"above_input_tokens": 272000, "input": 60, "output": 270, "cache_read": 6, "cache_write_5m": 0, "cache_write_1h": 0}}
          ]
        },
        {
          "model": "gpt-5.4",
          "note": "OpenAI list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no cache write charge",
          "prices": [
            {"effective_from": "2026-03-05", "input": 2.5, "output": 15, "cache_read": 0.25, "cache_write_5m": 0, "cache_write_1h": 0,
             "long_context": {"above_input_tokens": 272000, "input": 5, "output": 22.5, "cache_read": 0.5, "cache_write_5m": 0, "cache_write_1h": 0}}
          ]
        },
        {
          "model": "gpt-5.4-pro",
          "note": "OpenAI list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no cache write charge",
          "prices": [
            {"effective_from": "2026-03-05", "input": 30, "output": 180, "cache_read": 3, "cache_write_5m": 0, "cache_write_1h": 0,
             "long_context": {"above_input_tokens": 272000, "input": 60, "output": 270, "cache_read": 6, "cache_write_5m": 0, "cache_write_1h": 0}}
          ]
        },
        {
          "model": "gpt-5.4-mini",
          "note": "OpenAI list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no cache write charge",
          "prices": [
            {"effective_from": "2026-03-17", "input": 0.75, "output": 4.5, "cache_read": 0.075, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-5.4-nano",
          "note": "OpenAI list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no cache write charge",
          "prices": [
            {"effective_from": "2026-03-17", "input": 0.2, "output": 1.25, "cache_read": 0.02, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-5.2",
          "note": "OpenAI list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no cache write charge",
          "prices": [
            {"effective_from": "2025-12-11", "input": 1.75, "output": 14, "cache_read": 0.175, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-5.2-pro",
          "note": "OpenAI list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no cached-input price, so cache reads cost as input",
          "prices": [
            {"effective_from": "2025-12-11", "input": 21, "output": 168, "cache_read": 21, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-5.1-codex",
          "note": "OpenAI list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; release day not verified, entry starts at GPT-5's",
          "prices": [
            {"effective_from": "2025-08-07", "input": 1.25, "output": 10, "cache_read": 0.125, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-5-codex",
          "note": "OpenAI list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; release day not verified, entry starts at GPT-5's",
          "prices": [
            {"effective_from": "2025-08-07", "input": 1.25, "output": 10, "cache_read": 0.125, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "gpt-5-pro",
          "note": "OpenAI list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no cached-input price, so cache reads cost as input",
          "prices": [
            {"effective_from": "2025-10-06", "input": 15, "output": 120, "cache_read": 15, "cache_write_5m": 0, "cache_write_1h": 0}
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
        },
        {
          "model": "gemini-3.5-flash",
          "note": "Gemini API list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; cache writes cost as input (storage time not modelled); release day not verified, entry starts at Gemini 3 Flash's",
          "prices": [
            {"effective_from": "2025-12-17", "input": 1.5, "output": 9, "cache_read": 0.15, "cache_write_5m": 1.5, "cache_write_1h": 1.5}
          ]
        },
        {
          "model": "gemini-3.1-pro-preview",
          "note": "Gemini API list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; cache writes cost as input; release day not verified, entry starts at Gemini 3 Pro's",
          "prices": [
            {"effective_from": "2025-11-18", "input": 2, "output": 12, "cache_read": 0.2, "cache_write_5m": 2, "cache_write_1h": 2,
             "long_context": {"above_input_tokens": 200000, "input": 4, "output": 18, "cache_read": 0.4, "cache_write_5m": 4, "cache_write_1h": 4}}
          ]
        },
        {
          "model": "gemini-3-pro-preview",
          "note": "Gemini API list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; cache writes cost as input",
          "prices": [
            {"effective_from": "2025-11-18", "input": 2, "output": 12, "cache_read": 0.2, "cache_write_5m": 2, "cache_write_1h": 2,
             "long_context": {"above_input_tokens": 200000, "input": 4, "output": 18, "cache_read": 0.4, "cache_write_5m": 4, "cache_write_1h": 4}}
          ]
        },
        {
          "model": "gemini-3-flash-preview",
          "note": "Gemini API list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; cache writes cost as input",
          "prices": [
            {"effective_from": "2025-12-17", "input": 0.5, "output": 3, "cache_read": 0.05, "cache_write_5m": 0.5, "cache_write_1h": 0.5}
          ]
        },
        {
          "model": "gemini-3.1-flash-lite",
          "aliases": ["gemini-3.1-flash-lite-preview"],
          "note": "Gemini API list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; cache writes cost as input; release day not verified, entry starts at Gemini 2.5 Flash-Lite's",
          "prices": [
            {"effective_from": "2025-07-22", "input": 0.25, "output": 1.5, "cache_read": 0.025, "cache_write_5m": 0.25, "cache_write_1h": 0.25}
          ]
        },
        {
          "model": "gemini-2.5-pro",
          "note": "Gemini API list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; cache writes cost as input",
          "prices": [
            {"effective_from": "2025-06-17", "input": 1.25, "output": 10, "cache_read": 0.125, "cache_write_5m": 1.25, "cache_write_1h": 1.25,
             "long_context": {"above_input_tokens": 200000, "input": 2.5, "output": 15, "cache_read": 0.25, "cache_write_5m": 2.5, "cache_write_1h": 2.5}}
          ]
        },
        {
          "model": "gemini-2.5-flash",
          "note": "Gemini API list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; cache writes cost as input",
          "prices": [
            {"effective_from": "2025-06-17", "input": 0.3, "output": 2.5, "cache_read": 0.03, "cache_write_5m": 0.3, "cache_write_1h": 0.3}
          ]
        },
        {
          "model": "gemini-2.5-flash-lite",
          "note": "Gemini API list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; cache writes cost as input",
          "prices": [
            {"effective_from": "2025-07-22", "input": 0.1, "output": 0.4, "cache_read": 0.01, "cache_write_5m": 0.1, "cache_write_1h": 0.1}
          ]
        },
        {
          "model": "gemini-2.0-flash",
          "note": "Gemini API list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; cache writes cost as input",
          "prices": [
            {"effective_from": "2025-02-05", "input": 0.1, "output": 0.4, "cache_read": 0.025, "cache_write_5m": 0.1, "cache_write_1h": 0.1}
          ]
        },
        {
          "model": "gemini-2.0-flash-lite",
          "note": "Gemini API list price via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; cache writes cost as input",
          "prices": [
            {"effective_from": "2025-02-25", "input": 0.075, "output": 0.3, "cache_read": 0.01875, "cache_write_5m": 0.075, "cache_write_1h": 0.075}
          ]
        },
        {
          "model": "deepseek-chat",
          "note": "DeepSeek API (https://api-docs.deepseek.com/quick_start/pricing) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05, from the V3.2 price of 2025-09-29; no cache write charge",
          "prices": [
            {"effective_from": "2025-09-29", "input": 0.28, "output": 0.42, "cache_read": 0.028, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "deepseek-reasoner",
          "note": "as deepseek-chat; thinking is billed as output",
          "prices": [
            {"effective_from": "2025-09-29", "input": 0.28, "output": 0.42, "cache_read": 0.028, "cache_write_5m": 0, "cache_write_1h": 0}
          ]
        },
        {
          "model": "meta.llama3-3-70b-instruct",
          "aliases": ["us.meta.llama3-3-70b-instruct"],
          "note": "Llama 3.3 70B Instruct on Amazon Bedrock on-demand price (https://aws.amazon.com/bedrock/pricing/) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; entry starts at the model's public release (≥)",
          "prices": [
            {"effective_from": "2024-12-06", "input": 0.72, "output": 0.72, "cache_read": 0.72, "cache_write_5m": 0.72, "cache_write_1h": 0.72}
          ]
        },
        {
          "model": "meta.llama4-maverick-17b-instruct",
          "aliases": ["us.meta.llama4-maverick-17b-instruct"],
          "note": "Llama 4 Maverick on Amazon Bedrock on-demand price (https://aws.amazon.com/bedrock/pricing/) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; entry starts at the model's public release (≥)",
          "prices": [
            {"effective_from": "2025-04-05", "input": 0.24, "output": 0.97, "cache_read": 0.24, "cache_write_5m": 0.24, "cache_write_1h": 0.24}
          ]
        },
        {
          "model": "meta.llama4-scout-17b-instruct",
          "aliases": ["us.meta.llama4-scout-17b-instruct"],
          "note": "Llama 4 Scout on Amazon Bedrock on-demand price (https://aws.amazon.com/bedrock/pricing/) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; entry starts at the model's public release (≥)",
          "prices": [
            {"effective_from": "2025-04-05", "input": 0.17, "output": 0.66, "cache_read": 0.17, "cache_write_5m": 0.17, "cache_write_1h": 0.17}
          ]
        },
        {
          "model": "qwen.qwen3-coder-480b-a35b",
          "note": "Qwen3-Coder-480B-A35B on Amazon Bedrock on-demand price (https://aws.amazon.com/bedrock/pricing/) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; entry starts at the model's public release (≥)",
          "prices": [
            {"effective_from": "2025-07-22", "input": 0.22, "output": 1.8, "cache_read": 0.22, "cache_write_5m": 0.22, "cache_write_1h": 0.22}
          ]
        },
        {
          "model": "qwen.qwen3-coder-30b-a3b",
          "note": "Qwen3-Coder-30B-A3B on Amazon Bedrock on-demand price (https://aws.amazon.com/bedrock/pricing/) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; entry starts at the model's public release (≥) (Qwen3-Coder's release)",
          "prices": [
            {"effective_from": "2025-07-22", "input": 0.15, "output": 0.6, "cache_read": 0.15, "cache_write_5m": 0.15, "cache_write_1h": 0.15}
          ]
        },
        {
          "model": "qwen.qwen3-235b-a22b-2507",
          "note": "Qwen3-235B-A22B-2507 on Amazon Bedrock on-demand price (https://aws.amazon.com/bedrock/pricing/) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; entry starts at the model's public release (≥)",
          "prices": [
            {"effective_from": "2025-07-21", "input": 0.22, "output": 0.88, "cache_read": 0.22, "cache_write_5m": 0.22, "cache_write_1h": 0.22}
          ]
        },
        {
          "model": "qwen.qwen3-32b",
          "note": "Qwen3-32B on Amazon Bedrock on-demand price (https://aws.amazon.com/bedrock/pricing/) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; entry starts at the model's public release (≥)",
          "prices": [
            {"effective_from": "2025-04-28", "input": 0.15, "output": 0.6, "cache_read": 0.15, "cache_write_5m": 0.15, "cache_write_1h": 0.15}
          ]
        },
        {
          "model": "codestral-2508",
          "aliases": ["mistral/codestral-2508"],
          "note": "Codestral 25.08, Mistral AI API (La Plateforme, https://mistral.ai/pricing) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; from its announcement, 2025-07-30",
          "prices": [
            {"effective_from": "2025-07-30", "input": 0.3, "output": 0.9, "cache_read": 0.3, "cache_write_5m": 0.3, "cache_write_1h": 0.3}
          ]
        },
        {
          "model": "codestral-2405",
          "aliases": ["mistral/codestral-2405"],
          "note": "Codestral 24.05, Mistral AI API (La Plateforme, https://mistral.ai/pricing) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; from its release, 2024-05-29",
          "prices": [
            {"effective_from": "2024-05-29", "input": 1, "output": 3, "cache_read": 1, "cache_write_5m": 1, "cache_write_1h": 1}
          ]
        },
        {
          "model": "devstral-2512",
          "aliases": ["mistral/devstral-2512"],
          "note": "Devstral 2, Mistral AI API (La Plateforme, https://mistral.ai/pricing) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; from its release, 2025-12-09",
          "prices": [
            {"effective_from": "2025-12-09", "input": 0.4, "output": 2, "cache_read": 0.4, "cache_write_5m": 0.4, "cache_write_1h": 0.4}
          ]
        },
        {
          "model": "devstral-medium-2507",
          "aliases": ["mistral/devstral-medium-2507"],
          "note": "Devstral Medium 25.07, Mistral AI API (La Plateforme, https://mistral.ai/pricing) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; from its release, 2025-07-10",
          "prices": [
            {"effective_from": "2025-07-10", "input": 0.4, "output": 2, "cache_read": 0.4, "cache_write_5m": 0.4, "cache_write_1h": 0.4}
          ]
        },
        {
          "model": "devstral-small-2507",
          "aliases": ["mistral/devstral-small-2507"],
          "note": "Devstral Small 1.1, Mistral AI API (La Plateforme, https://mistral.ai/pricing) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; from its release, 2025-07-10",
          "prices": [
            {"effective_from": "2025-07-10", "input": 0.1, "output": 0.3, "cache_read": 0.1, "cache_write_5m": 0.1, "cache_write_1h": 0.1}
          ]
        },
        {
          "model": "mistral-large-2512",
          "aliases": ["mistral/mistral-large-2512"],
          "note": "Mistral Large 3, Mistral AI API (La Plateforme, https://mistral.ai/pricing) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; from its release, 2025-12-02",
          "prices": [
            {"effective_from": "2025-12-02", "input": 0.5, "output": 1.5, "cache_read": 0.5, "cache_write_5m": 0.5, "cache_write_1h": 0.5}
          ]
        },
        {
          "model": "mistral-large-2411",
          "aliases": ["mistral/mistral-large-2411"],
          "note": "Mistral Large 24.11, Mistral AI API (La Plateforme, https://mistral.ai/pricing) via LiteLLM model_prices_and_context_window.json (BerriAI/litellm@00035b69), read 2026-12-05; no prompt cache listed, so cached tokens are priced as input; from its release, 2024-11-18",
          "prices": [
            {"effective_from": "2024-11-18", "input": 2, "output": 6, "cache_read": 2, "cache_write_5m": 2, "cache_write_1h": 2}
          ]
        }
      ]
    }
    """#
}
