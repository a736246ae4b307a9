import TallyCore

/// Claude Code's own OpenTelemetry export, as Anthropic's monitoring guide has administrators
/// collect it: one `claude_code.api_request` log event per model call, with the counts as
/// attributes (`input_tokens` excludes the cache, as in the Messages API). The exporter writes
/// numbers as `stringValue`, `intValue` or `doubleValue`; all are read. The metrics
/// `claude_code.token.usage` and `claude_code.cost.usage` sum the same calls, so only one of the two
/// is counted: these events, or with `--claude-code-metrics` the metrics (`ClaudeCodeMetrics`).
enum ClaudeCodeTelemetry {
    static let eventNames: Set<String> = ["api_request", "claude_code.api_request"]

    /// Whether a log record is an `api_request` event: by its body, its `eventName` or its
    /// `event.name` attribute, whichever the exporter version writes.
    static func isAPIRequest(_ item: JSONValue, _ own: [String: JSONValue]) -> Bool {
        for name in [item.at("body", "stringValue")?.text, item.at("eventName")?.text, own["event.name"]?.text] {
            if let name, eventNames.contains(name) { return true }
        }
        return false
    }

    static func record(
        _ item: JSONValue, _ own: [String: JSONValue], _ resource: [String: JSONValue], _ settings: SourceSettings
    ) throws(RecordFault) -> V1Record {
        var record = V1Record()
        setTime(&record, item, own)
        attribute(&record, own, resource, settings)
        record.set("input_tokens", count: try SourceValue.count(own["input_tokens"], stringsAllowed: true))
        record.set("output_tokens", count: try SourceValue.count(own["output_tokens"], stringsAllowed: true))
        record.set("cache_read_tokens", count: try SourceValue.count(own["cache_read_tokens"], stringsAllowed: true))
        record.set("cache_write_tokens", count: try SourceValue.count(own["cache_creation_tokens"], stringsAllowed: true))
        record.set("cost_usd", decimal(own["cost_usd"]))
        // The API's request id names the call, so an exporter's retry is one call; without it,
        // the session and the event's sequence number within it.
        if let request = own["request_id"]?.text {
            record.set("id", text: "claude-code-otel:\(request)")
        } else if let session = own["session.id"]?.text ?? resource["session.id"]?.text, let sequence = own["event.sequence"] {
            record.setRowID("claude-code-otel:\(session)", [sequence])
        }
        return record
    }

    /// Who made the call, with which model and in which session: the event's or data point's own
    /// attributes first, then the resource's, then `--user`, `--team`, `--org`.
    static func attribute(
        _ record: inout V1Record, _ own: [String: JSONValue], _ resource: [String: JSONValue], _ settings: SourceSettings
    ) {
        func first(_ keys: [String]) -> String? {
            for key in keys { if let v = own[key]?.text ?? resource[key]?.text { return v } }
            return nil
        }
        // user.id is an anonymous installation id: the person is the email, else the account.
        record.set("user", text: first(["user.email", "user.account_uuid"] + settings.otelUserAttributes) ?? settings.user)
        record.set("team", text: first(settings.otelTeamAttributes) ?? settings.team)
        record.set("org", text: first(settings.otelOrgAttributes) ?? settings.org)
        record.set("model", text: own["model"]?.text)
        record.set("tool", text: "claude-code")
        record.set("session", text: first(["session.id"]))
    }

    /// The log record's time (`timeUnixNano`), else the event's own `event.timestamp` (RFC 3339),
    /// else when the collector observed it.
    static func setTime(_ record: inout V1Record, _ item: JSONValue, _ own: [String: JSONValue]) {
        for value in [item.at("timeUnixNano"), own["event.timestamp"], item.at("observedTimeUnixNano")] {
            switch value {
            case .string(let text)? where text.first?.isNumber == true && !text.contains("-"),
                 .number(let text)?:
                guard text != "0" else { continue }
                if let ms = SourceValue.epochMs(text, unit: .nanoseconds) { record.setTimestamp(ms: ms) } else { record.set("ts", value) }
                return
            case .string(let text)? where !text.isEmpty:
                record.set("ts", value)  // RFC 3339, checked by schema v1
                return
            default:
                continue
            }
        }
    }

    /// `cost_usd` as a JSON number: the exporter may write it as a string (`"0.0875"`). Anything
    /// else is passed on for schema v1 to reject.
    private static func decimal(_ value: JSONValue?) -> JSONValue? {
        guard case .string(let text)? = value else { return value }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return value }
        return .number(text)
    }
}
