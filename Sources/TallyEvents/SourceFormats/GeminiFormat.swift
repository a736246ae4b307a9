import TallyCore

/// Gemini API responses (`GenerateContentResponse`, from the Gemini API or Vertex AI) as an
/// application logs them, with an `Envelope` for the person and, unless the response has Vertex's
/// `createTime`, the time. Under `usageMetadata`, `promptTokenCount` includes
/// `cachedContentTokenCount`; `thoughtsTokenCount` is outside `candidatesTokenCount` but billed as
/// output; `toolUsePromptTokenCount` is input outside the prompt count. The four add up to
/// `totalTokenCount`.
enum GeminiFormat {
    /// A response: usage metadata, or candidates with the model version that wrote them.
    static func isResponse(_ value: JSONValue) -> Bool {
        value.at("usageMetadata")?.isObject == true || (value.at("candidates")?.array != nil && value.at("modelVersion") != nil)
    }

    static func translate(_ line: JSONValue, _ settings: SourceSettings) -> LineOutcome {
        let (envelope, object) = Envelope.open(line)
        if object.at("error")?.isObject == true { return .skipped(.apiError) }
        guard let usage = object.at("usageMetadata"), usage.isObject else { return .skipped(.noUsage) }
        // A streamed response's chunks before the last have no finish reason and partial counts.
        if let candidates = object.at("candidates")?.array, !candidates.isEmpty,
           !candidates.contains(where: { $0.at("finishReason")?.text != nil }) {
            return .skipped(.streamEvent)
        }
        return .records([attempt { try record(object, usage, envelope, settings) }])
    }

    private static func record(
        _ object: JSONValue, _ usage: JSONValue, _ envelope: Envelope, _ settings: SourceSettings
    ) throws(RecordFault) -> V1Record {
        func count(_ key: String) throws(RecordFault) -> Int64 { try SourceValue.count(usage.at(key)) }
        let tokens = try GeminiTokens(
            prompt: try count("promptTokenCount"), cached: try count("cachedContentTokenCount"),
            toolPrompt: try count("toolUsePromptTokenCount"), candidates: try count("candidatesTokenCount"),
            thoughts: try count("thoughtsTokenCount"))
        var record = V1Record()
        record.set("ts", envelope.ts.flatMap { $0.isNull ? nil : $0 } ?? object.at("createTime"))
        record.set("user", text: envelope.user ?? settings.user)
        record.set("team", text: envelope.team ?? settings.team)
        record.set("org", text: envelope.org ?? settings.org)
        record.set("model", object.at("modelVersion"))
        record.set("tool", text: envelope.tool ?? "gemini-api")
        record.set("session", envelope.session)
        record.set("task", envelope.task)
        tokens.set(into: &record)
        record.set("cost_usd", envelope.cost)
        record.set("id", text: object.at("responseId")?.text.map { "gemini:" + $0 })
        return record
    }
}
