/// The input formats `tokentally ingest --source` reads. Everything but `tokentally` (schema v1) is
/// translated into schema v1 records before the parser sees it (docs/sources.md has each mapping).
public enum SourceFormat: String, CaseIterable, Sendable {
    /// Decide per input from its first lines (`detect`); schema v1 when nothing else matches.
    case auto
    /// Schema v1: read by the parser directly, with no translation.
    case tokentally
    /// Claude Code transcripts (`~/.claude/projects/*/*.jsonl`).
    case claudeCode = "claude-code"
    /// Codex CLI rollouts (`~/.codex/sessions/**/rollout-*.jsonl`).
    case codex
    /// OpenAI chat completions, responses, and the organization usage API's pages and buckets.
    case openai
    /// Anthropic Messages API responses and the usage report API's pages.
    case anthropic
    /// Gemini API (and Vertex AI) `generateContent` responses.
    case gemini
    /// Gemini CLI session files (`~/.gemini/tmp/*/chats/session-*.jsonl`).
    case geminiCLI = "gemini-cli"
    /// OpenTelemetry OTLP/JSON traces and logs with GenAI semantic-convention attributes.
    case otel
    /// Any JSON, through `--map field=json.path`.
    case mapped = "map"

    /// The names the CLI accepts, in help order.
    public static let cliNames = allCases.map(\.rawValue)

    /// Whether lines of this format go through a translator.
    package var isTranslated: Bool { self != .tokentally && self != .auto }
}
