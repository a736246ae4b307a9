import TallyCore

extension SourceFormat {
    /// Lines looked at before an input without a recognisable line is read as schema v1.
    static let detectionLinesMax = 64

    /// The format one parsed line belongs to, when it says; nil for lines that fit several (blank,
    /// an object with none of the markers below).
    ///
    /// Markers, checked in this order: `resourceSpans`/`resourceLogs`/`resourceMetrics` (OTLP); a Gemini CLI
    /// session file's line (`sessionId` with `projectHash`, `$set`, `$rewindTo`, a `gemini` message); Claude Code's
    /// `sessionId` with `type`, or its `summary` lines; a Codex rollout line (`type` and `payload`);
    /// OpenAI's `object`; Anthropic's `type`
    /// (`message` and the stream events), usage-report buckets (`starting_at`) or Claude Code Analytics
    /// records (`actor` with `model_breakdown`); a Gemini response
    /// (`usageMetadata`, or `candidates` with `modelVersion`); then schema v1's
    /// `ts`. A logger's wrapper, `{"ts": ..., "response": {...}}`, is recognised by its response.
    static func detect(_ value: JSONValue) -> SourceFormat? {
        guard value.isObject else { return nil }
        if value.at("resourceSpans") != nil || value.at("resourceLogs") != nil || value.at("resourceMetrics") != nil {
            return .otel
        }
        if GeminiCLISession.isSessionLine(value) { return .geminiCLI }
        let type = value.at("type")?.text
        if value.at("sessionId") != nil, type != nil || value.at("message") != nil { return .claudeCode }
        if type == "summary", value.at("leafUuid") != nil { return .claudeCode }
        if CodexFormat.isRolloutLine(value) { return .codex }
        if let object = value.at("object")?.text, OpenAIFormat.objects.contains(object) { return .openai }
        if let type, AnthropicFormat.messageTypes.contains(type) || AnthropicFormat.streamTypes.contains(type) {
            return .anthropic
        }
        if AnthropicFormat.isUsageReport(value) || ClaudeCodeAnalytics.isReport(value) { return .anthropic }
        if GeminiFormat.isResponse(value) { return .gemini }
        if let response = value.at("response"), response.isObject, let inner = detect(response),
           inner == .openai || inner == .anthropic || inner == .gemini {
            return inner
        }
        if value.at("ts") != nil { return .tokentally }
        return nil
    }

    /// The format of an input from the start of its decoded bytes: the first line that says, among
    /// the first `detectionLinesMax` non-blank ones; schema v1 when none does.
    /// - Complexity: O(bytes of the lines looked at).
    package static func detect(_ bytes: UnsafeRawBufferPointer) -> SourceFormat {
        var rest = bytes[...]
        var looked = 0
        while !rest.isEmpty, looked < detectionLinesMax {
            let end = rest.firstIndex(of: 0x0A) ?? rest.endIndex
            let line = UnsafeRawBufferPointer(rebasing: rest[rest.startIndex..<end])
            rest = end < rest.endIndex ? rest[(end + 1)...] : rest[rest.endIndex...]
            guard line.contains(where: { $0 > 0x20 }) else { continue }
            looked += 1
            if let value = JSONValue.parse(line), let format = detect(value) { return format }
        }
        return .tokentally
    }
}
