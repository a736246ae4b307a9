import TallyCore

/// Gemini CLI's OpenTelemetry export: one `gemini_cli.api_response` log event per model call.
/// Its counts follow the Gemini API's `usageMetadata`: `input_token_count` (the prompt) includes
/// `cached_content_token_count`; `thoughts_token_count` is outside `output_token_count` and billed
/// as output; `tool_token_count` (tool-use prompts) is input outside the prompt count.
enum GeminiCLITelemetry {
    static let eventName = "gemini_cli.api_response"

    static func isAPIResponse(_ item: JSONValue, _ own: [String: JSONValue]) -> Bool {
        own["event.name"]?.text == eventName || item.at("eventName")?.text == eventName
    }

    static func record(
        _ item: JSONValue, _ own: [String: JSONValue], _ resource: [String: JSONValue], _ settings: SourceSettings
    ) throws(RecordFault) -> V1Record {
        func first(_ keys: [String]) -> String? {
            for key in keys { if let v = own[key]?.text ?? resource[key]?.text { return v } }
            return nil
        }
        func count(_ key: String) throws(RecordFault) -> Int64 { try SourceValue.count(own[key], stringsAllowed: true) }
        let tokens = try GeminiTokens(
            prompt: try count("input_token_count"), cached: try count("cached_content_token_count"),
            toolPrompt: try count("tool_token_count"), candidates: try count("output_token_count"),
            thoughts: try count("thoughts_token_count"))
        var record = V1Record()
        ClaudeCodeTelemetry.setTime(&record, item, own)
        // installation.id names a machine, not a person: the email, then the configured keys.
        record.set("user", text: first(["user.email"] + settings.otelUserAttributes) ?? settings.user)
        record.set("team", text: first(settings.otelTeamAttributes) ?? settings.team)
        record.set("org", text: first(settings.otelOrgAttributes) ?? settings.org)
        record.set("model", text: own["model"]?.text)
        record.set("tool", text: "gemini-cli")
        record.set("session", text: first(["session.id"]))
        tokens.set(into: &record)
        // The response id names the call; without it, the session and the event's time.
        if let response = own["response_id"]?.text {
            record.set("id", text: "gemini-cli:\(response)")
        } else if let session = first(["session.id"]), let time = own["event.timestamp"] {
            record.setRowID("gemini-cli:\(session)", [time])
        }
        return record
    }
}
