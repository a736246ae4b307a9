import TallyCore

extension SourceFormat {
    /// Whether a line of this format can need what earlier lines of its input said
    /// (`SourceContext`): a Codex rollout's session, model and last total, a Gemini CLI session
    /// file's session and counted messages, a cumulative OTLP series' last value.
    package var keepsContext: Bool { self == .codex || self == .geminiCLI || self == .otel }
}
