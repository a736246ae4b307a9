import TallyCore

/// Anthropic's Claude Code Analytics API (`/v1/organizations/usage_report/claude_code`): a page
/// `{"data": [...], "has_more", "next_page"}` of daily records, one per person (or API key) per UTC
/// day, each with `model_breakdown`: per model, `tokens` (`input`, which excludes the cache as in
/// the Messages API, `output`, `cache_read`, `cache_creation`) and `estimated_cost` in cents. Each
/// model of a record becomes one schema v1 record at 00:00 UTC of the day, so a day is one event
/// per person and model, whatever the number of calls. The record's `core_metrics` (commits, pull
/// requests, lines, sessions) and `tool_actions` name no task, so they are not counted
/// (docs/sources.md).
enum ClaudeCodeAnalytics {
    /// A page whose first record has a model breakdown, or one record (a page split with `jq -c '.data[]'`).
    static func isReport(_ value: JSONValue) -> Bool {
        if isRecord(value) { return true }
        guard let first = value.at("data")?.array?.first else { return false }
        return isRecord(first)
    }

    private static func isRecord(_ value: JSONValue) -> Bool {
        value.at("model_breakdown")?.array != nil && value.at("actor")?.isObject == true
    }

    /// One record per model per day record; a page with no model usage is skipped.
    static func translate(_ line: JSONValue, _ settings: SourceSettings) -> LineOutcome {
        let days = isRecord(line) ? [line] : line.at("data")?.array ?? []
        let records = days.flatMap { day in
            (day.at("model_breakdown")?.array ?? []).map { model in attempt { try record(model, day, settings) } }
        }
        return records.isEmpty ? .skipped(.noUsage) : .records(records)
    }

    private static func record(_ model: JSONValue, _ day: JSONValue, _ settings: SourceSettings) throws(RecordFault) -> V1Record {
        let tokens = model.at("tokens")
        var record = V1Record()
        record.set("ts", dayStart(day.at("date")))
        record.set("user", text: day.at("actor", "email_address")?.text ?? day.at("actor", "api_key_name")?.text ?? settings.user)
        record.set("team", text: settings.team)
        record.set("org", text: day.at("organization_id")?.text ?? settings.org)
        record.set("model", text: model.at("model")?.text)
        record.set("tool", text: "claude-code")
        record.set("input_tokens", count: try SourceValue.count(tokens?.at("input")))
        record.set("output_tokens", count: try SourceValue.count(tokens?.at("output")))
        record.set("cache_read_tokens", count: try SourceValue.count(tokens?.at("cache_read")))
        record.set("cache_write_tokens", count: try SourceValue.count(tokens?.at("cache_creation")))
        record.set("cost_usd", try dollars(model.at("estimated_cost")))
        // A day fetched again (an overlapping pull, a page read twice) is the same record.
        record.setRowID("claude-code-analytics", [
            day.at("date"), day.at("actor", "email_address"), day.at("actor", "api_key_name"), day.at("organization_id"),
            day.at("terminal_type"), model.at("model"),
        ])
        return record
    }

    /// The record's UTC day as its first instant: `2025-09-08` becomes `2025-09-08T00:00:00Z`. A
    /// full timestamp (the API's example writes `2025-08-08T00:00:00Z`) is passed on as written.
    private static func dayStart(_ date: JSONValue?) -> JSONValue? {
        guard case .string(let text)? = date, text.utf8.count == 10 else { return date }
        return .string(text + "T00:00:00Z")
    }

    /// `estimated_cost` in dollars: its `amount` is in cents. Nil for another currency (the table
    /// prices those tokens) or no cost; `invalid_cost` for an amount that is not a plain
    /// non-negative decimal number.
    private static func dollars(_ cost: JSONValue?) throws(RecordFault) -> JSONValue? {
        guard let cost, cost.isObject, cost.at("currency")?.text == "USD", let amount = cost.at("amount") else { return nil }
        guard case .number(let text) = amount else { throw RecordFault(.invalidCost) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
            throw RecordFault(.invalidCost)
        }
        // Cents to dollars: the decimal point moves two digits left.
        let whole = String(repeating: "0", count: max(0, 3 - parts[0].count)) + parts[0]
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        return .number(String(whole.dropLast(2)) + "." + String(whole.suffix(2)) + fraction)
    }
}
