import TallyCore

/// OpenTelemetry GenAI telemetry as OTLP/JSON (the collector's file exporter writes one export
/// request per line): spans under `resourceSpans`, log records under `resourceLogs`, each with
/// `gen_ai.usage.*` attributes. Under the semantic conventions `gen_ai.usage.input_tokens` includes
/// cached input, so cache reads and writes are subtracted to give schema v1's fresh input. Claude
/// Code's `api_request` and Gemini CLI's `api_response` log events are read too
/// (`ClaudeCodeTelemetry`, `GeminiCLITelemetry`).
enum OTelFormat {
    /// Operations whose usage sums their child model calls: counting them too double counts.
    static let aggregateOperations: Set<String> = ["invoke_agent", "create_agent", "execute_tool", "invoke_workflow"]
    static let usageKeys = [
        "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.cache_read.input_tokens",
        "gen_ai.usage.cache_creation.input_tokens",
    ]

    /// `context` holds the last value of each cumulative metric series in this input.
    static func translate(_ line: JSONValue, _ settings: SourceSettings, _ context: inout SourceContext) -> LineOutcome {
        var records: [Result<V1Record, RecordFault>] = []
        var aggregates = 0, otherSignal = 0
        // Spans and log records sit at the same depth under their resources and scopes.
        for (resourcesKey, scopesKey, itemsKey) in [("resourceSpans", "scopeSpans", "spans"), ("resourceLogs", "scopeLogs", "logRecords")] {
            for resource in line.at(resourcesKey)?.array ?? [] {
                let resourceAttributes = attributes(resource.at("resource", "attributes"))
                for scope in resource.at(scopesKey)?.array ?? [] {
                    for item in scope.at(itemsKey)?.array ?? [] {
                        let own = attributes(item.at("attributes"))
                        guard usageKeys.contains(where: { own[$0] != nil }) else {
                            // GenAI attributes, where present, are read first; Claude Code's events have none.
                            if itemsKey == "logRecords", ClaudeCodeTelemetry.isAPIRequest(item, own) {
                                if settings.claudeCodeMetrics {
                                    otherSignal += 1
                                } else {
                                    records.append(attempt { try ClaudeCodeTelemetry.record(item, own, resourceAttributes, settings) })
                                }
                            } else if itemsKey == "logRecords", GeminiCLITelemetry.isAPIResponse(item, own) {
                                records.append(attempt { try GeminiCLITelemetry.record(item, own, resourceAttributes, settings) })
                            }
                            continue
                        }
                        if let operation = own["gen_ai.operation.name"]?.text, aggregateOperations.contains(operation) {
                            aggregates += 1
                            continue
                        }
                        // A span's start; a log record's time, or when it was observed if that is unset.
                        let time = item.at("startTimeUnixNano")
                            ?? item.at("timeUnixNano").flatMap { $0.isNull || $0 == .string("0") ? nil : $0 }
                            ?? item.at("observedTimeUnixNano")
                        // Log records have no id of their own; one emitted inside a span is named by it.
                        records.append(attempt {
                            try record(own, resourceAttributes, settings, time: time, id: [item.at("traceId")?.text, item.at("spanId")?.text])
                        })
                    }
                }
            }
        }
        if line.at("resourceMetrics") != nil {
            if settings.claudeCodeMetrics { records += ClaudeCodeMetrics.records(line, settings, &context) } else { otherSignal += 1 }
        }
        if records.isEmpty {
            if aggregates > 0 { return .skipped(.aggregateSpan) }
            return .skipped(otherSignal > 0 ? .otherSignal : .noUsage)
        }
        return .records(records)
    }

    private static func record(
        _ own: [String: JSONValue], _ resource: [String: JSONValue], _ settings: SourceSettings, time: JSONValue?,
        id: [String?]
    ) throws(RecordFault) -> V1Record {
        func first(_ keys: [String]) -> String? {
            for key in keys { if let v = own[key]?.text ?? resource[key]?.text { return v } }
            return nil
        }
        let inputAll = try SourceValue.count(own["gen_ai.usage.input_tokens"], stringsAllowed: true)
        let cacheRead = try SourceValue.count(own["gen_ai.usage.cache_read.input_tokens"], stringsAllowed: true)
        let cacheWrite = try SourceValue.count(own["gen_ai.usage.cache_creation.input_tokens"], stringsAllowed: true)
        var record = V1Record()
        switch time {
        case .string(let text)?, .number(let text)?:
            if let ms = SourceValue.epochMs(text, unit: .nanoseconds) { record.setTimestamp(ms: ms) } else { record.set("ts", time) }
        default:
            break  // no time: rejected as missing_ts
        }
        record.set("user", text: first(settings.otelUserAttributes) ?? settings.user)
        record.set("team", text: first(settings.otelTeamAttributes) ?? settings.team)
        record.set("org", text: first(settings.otelOrgAttributes) ?? settings.org)
        record.set("model", text: own["gen_ai.response.model"]?.text ?? own["gen_ai.request.model"]?.text)
        record.set("tool", text: first(["service.name"]))
        record.set("session", text: first(["session.id", "gen_ai.conversation.id"]))
        record.set("input_tokens", count: try SourceValue.remainder(inputAll, minus: cacheRead, cacheWrite))
        record.set("output_tokens", count: try SourceValue.count(own["gen_ai.usage.output_tokens"], stringsAllowed: true))
        record.set("cache_read_tokens", count: cacheRead)
        record.set("cache_write_tokens", count: cacheWrite)
        if let trace = id[0], let span = id[1], !trace.isEmpty, !span.isEmpty { record.set("id", text: "otel:\(trace):\(span)") }
        return record
    }

    /// OTLP `KeyValue` lists as a dictionary of plain JSON values: `stringValue` as a string,
    /// `intValue` as written (a decimal string or a number), `doubleValue` and `boolValue` as such.
    /// A key given twice keeps its first value.
    static func attributes(_ list: JSONValue?) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for item in list?.array ?? [] {
            guard let key = item.at("key")?.text, result[key] == nil, let value = item.at("value") else { continue }
            result[key] = value.at("stringValue") ?? value.at("intValue") ?? value.at("doubleValue") ?? value.at("boolValue")
                ?? .null
        }
        return result
    }
}
