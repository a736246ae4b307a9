import TallyCore

/// Turns lines of one non-v1 format into schema v1 records. Stateless itself: what spans lines (a
/// Claude Code response written as several lines, a Codex rollout's session and model, a
/// cumulative metric's last value) is the
/// reader's to hold per input, because it also decides where a resumed run restarts
/// (`InputReader+Translation.swift`).
package struct SourceTranslator: Sendable {
    package let format: SourceFormat
    let settings: SourceSettings

    package init(format: SourceFormat, settings: SourceSettings) {
        precondition(format.isTranslated, "schema v1 is parsed directly, not translated")
        self.format = format
        self.settings = settings
    }

    /// What one line (without its newline) holds. Blank lines are the caller's to count.
    /// - Complexity: O(line bytes); it builds a document of the line, so it allocates, which is
    ///   why schema v1, the high-volume format, never comes here.
    /// `context` is what the input's earlier lines said (`SourceContext`).
    package func translate(_ line: UnsafeRawBufferPointer, _ context: inout SourceContext) -> LineOutcome {
        guard let value = JSONValue.parse(line) else {
            // The same precedence as schema v1: bytes that are not UTF-8 first.
            guard let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self),
                  UTF8Validation.isValid(base, count: line.count)
            else { return .rejected(.invalidUTF8) }
            return .rejected(.malformedJSON)
        }
        guard value.isObject else { return .rejected(.malformedJSON) }
        switch format {
        case .claudeCode: return ClaudeCodeFormat.translate(value, settings)
        case .codex: return CodexFormat.translate(value, settings, &context.codex)
        case .openai: return OpenAIFormat.translate(value, settings)
        case .anthropic: return AnthropicFormat.translate(value, settings)
        case .gemini: return GeminiFormat.translate(value, settings)
        case .geminiCLI: return GeminiCLISession.translate(value, settings, &context.geminiSession)
        case .otel: return OTelFormat.translate(value, settings, &context)
        case .mapped: return MappedFormat.translate(value, settings)
        case .auto, .tokentally: preconditionFailure("not a translated format")
        }
    }
}
