/// What earlier lines of one input said that later lines need. The reader holds one per input
/// (and per followed file), because only it knows where an input begins:
/// - a Codex rollout's session, model and last cumulative total;
/// - a Gemini CLI session file's session and the messages already counted;
/// - the last value of each cumulative OTLP metric series, to count what a point adds.
/// All grow with the input's own content (a few strings per rollout, one id per Gemini message,
/// one entry per series).
package struct SourceContext {
    var codex = CodexRollout()
    /// A Gemini CLI session file's session and the messages it has counted.
    var geminiSession = GeminiCLISessionFile()
    /// Series key (metric, attributes, start time) to its last value, in tokens or nano-dollars.
    var cumulativeSeries: [String: Int64] = [:]
    /// Whether reading began inside the input (a resumed run): a cumulative series first seen then
    /// has been counted up to some earlier point, so its first value is a baseline, not usage.
    package var startedInside = false

    package init() {}
}
