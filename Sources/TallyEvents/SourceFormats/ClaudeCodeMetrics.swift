import TallyCore

/// Claude Code's OpenTelemetry metrics, counted only with `--claude-code-metrics` (then its
/// `api_request` events are not: the two describe the same calls, docs/sources.md).
/// `claude_code.token.usage` is a sum split by a `type` attribute (`input`, `output`, `cacheRead`,
/// `cacheCreation`); `claude_code.cost.usage` is the cost in USD. Each data point becomes one
/// record: with delta temporality its value, with cumulative temporality what it adds to the
/// series' previous point in this input (the first point counts whole, unless the run resumed
/// inside the input, where it is only the baseline).
enum ClaudeCodeMetrics {
    static let tokenMetric = "claude_code.token.usage"
    static let costMetric = "claude_code.cost.usage"
    static let tokenFields = [
        "input": "input_tokens", "output": "output_tokens", "cacheRead": "cache_read_tokens",
        "cacheCreation": "cache_write_tokens",
    ]

    /// The records of the token and cost points under `resourceMetrics`; other metrics are not usage.
    static func records(
        _ line: JSONValue, _ settings: SourceSettings, _ context: inout SourceContext
    ) -> [Result<V1Record, RecordFault>] {
        var records: [Result<V1Record, RecordFault>] = []
        for resource in line.at("resourceMetrics")?.array ?? [] {
            let resourceAttributes = OTelFormat.attributes(resource.at("resource", "attributes"))
            for scope in resource.at("scopeMetrics")?.array ?? [] {
                for metric in scope.at("metrics")?.array ?? [] {
                    guard let name = metric.at("name")?.text, name == tokenMetric || name == costMetric,
                          let sum = metric.at("sum")
                    else { continue }
                    let cumulative = isCumulative(sum.at("aggregationTemporality"))
                    for point in sum.at("dataPoints")?.array ?? [] {
                        let own = OTelFormat.attributes(point.at("attributes"))
                        let field = name == costMetric ? "cost_usd" : tokenFields[own["type"]?.text ?? ""]
                        guard let field else { continue }
                        let key = seriesKey(name, own, point.at("startTimeUnixNano"))
                        do throws(RecordFault) {
                            var value = try field == "cost_usd" ? nanoDollars(point) : tokens(point)
                            if cumulative {
                                let previous = context.cumulativeSeries[key]
                                context.cumulativeSeries[key] = value
                                // Below the previous value the series started over: all of it is new.
                                if let previous, value >= previous { value -= previous }
                                if previous == nil, context.startedInside { continue }  // a resumed run's baseline
                                if value == 0 { continue }
                            }
                            records.append(.success(record(field, value, key, point, own, resourceAttributes, settings)))
                        } catch {
                            records.append(.failure(error))
                        }
                    }
                }
            }
        }
        return records
    }

    private static func record(
        _ field: String, _ value: Int64, _ key: String, _ point: JSONValue, _ own: [String: JSONValue],
        _ resource: [String: JSONValue], _ settings: SourceSettings
    ) -> V1Record {
        var record = V1Record()
        if case .string(let text)? = point.at("timeUnixNano"), let ms = SourceValue.epochMs(text, unit: .nanoseconds) {
            record.setTimestamp(ms: ms)
        } else {
            record.set("ts", point.at("timeUnixNano"))
        }
        ClaudeCodeTelemetry.attribute(&record, own, resource, settings)
        if field == "cost_usd" {
            record.set("cost_usd", .number(decimal(nano: value)))
        } else {
            record.set(field, count: value)
            // The cost comes from the cost metric: a token point must not be priced again.
            record.set("cost_usd", .number("0"))
        }
        // An exporter's retry repeats the point: the same series at the same time is one point.
        record.set("id", text: "claude-code-metric:\(key):\(point.at("timeUnixNano")?.text ?? "")")
        return record
    }

    /// OTLP/JSON writes the enum as a number (1 delta, 2 cumulative) or by name.
    private static func isCumulative(_ value: JSONValue?) -> Bool {
        switch value {
        case .number("2")?, .string("AGGREGATION_TEMPORALITY_CUMULATIVE")?: true
        default: false
        }
    }

    /// The series a point belongs to: its metric, attributes (sorted) and start time.
    private static func seriesKey(_ name: String, _ own: [String: JSONValue], _ start: JSONValue?) -> String {
        let attributes = own.keys.sorted().map { key -> String in
            var out = JSONOutput(capacity: 32)
            own[key]!.write(into: &out)
            return key + "=" + out.text
        }
        return ([name] + attributes + [start?.text ?? ""]).joined(separator: "/")
    }

    /// A token count: `asInt` (a string or a number), or an `asDouble` with no fraction.
    private static func tokens(_ point: JSONValue) throws(RecordFault) -> Int64 {
        if let int = point.at("asInt") { return try SourceValue.count(int, stringsAllowed: true) }
        guard case .number(var text)? = point.at("asDouble") else { throw RecordFault(.invalidTokens) }
        if let dot = text.firstIndex(of: ".") {
            guard text[text.index(after: dot)...].allSatisfy({ $0 == "0" }) else { throw RecordFault(.invalidTokens) }
            text = String(text[..<dot])
        }
        return try SourceValue.integer(text)
    }

    /// A cost in nano-dollars from a plain decimal (`0.0333`): exact, so that cumulative points
    /// subtract without rounding.
    private static func nanoDollars(_ point: JSONValue) throws(RecordFault) -> Int64 {
        guard case .number(let text)? = point.at("asDouble") ?? point.at("asInt") else { throw RecordFault(.invalidCost) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, whole < 1_000_000_000,
              parts.count == 1 || (parts[1].count <= 9 && parts[1].allSatisfy { $0.isASCII && $0.isNumber })
        else { throw RecordFault(.invalidCost) }
        let fraction = parts.count == 2 ? Int64(parts[1] + String(repeating: "0", count: 9 - parts[1].count)) ?? 0 : 0
        return whole * 1_000_000_000 + fraction
    }

    private static func decimal(nano: Int64) -> String {
        let fraction = String(nano % 1_000_000_000)
        return "\(nano / 1_000_000_000)." + String(repeating: "0", count: 9 - fraction.count) + fraction
    }
}
