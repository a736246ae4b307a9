import TallyCore

/// Anthropic: Messages API responses as an application logs them (with an `Envelope` for the time
/// and the person, which responses lack), the usage report API's pages and buckets, and the Claude
/// Code Analytics API's pages (`ClaudeCodeAnalytics`). Anthropic's
/// `input_tokens` already excludes cache reads and writes, as schema v1's does, so nothing is
/// subtracted; adding the cache counts to it again is the trap this avoids.
enum AnthropicFormat {
    static let messageTypes: Set<String> = ["message"]
    static let streamTypes: Set<String> = [
        "message_start", "message_delta", "message_stop", "content_block_start", "content_block_delta",
        "content_block_stop", "ping",
    ]

    /// A usage report page (`data` of buckets with `starting_at`) or one bucket.
    static func isUsageReport(_ value: JSONValue) -> Bool {
        if value.at("starting_at") != nil, value.at("results") != nil { return true }
        guard let first = value.at("data")?.array?.first else { return false }
        return first.at("starting_at") != nil
    }

    static func translate(_ line: JSONValue, _ settings: SourceSettings) -> LineOutcome {
        let (envelope, object) = Envelope.open(line)
        let type = object.at("type")?.text
        if type == "error" { return .skipped(.apiError) }
        if let type, streamTypes.contains(type) { return .skipped(.streamEvent) }
        if type == "message" {
            guard let usage = object.at("usage"), usage.isObject else { return .skipped(.noUsage) }
            return .records([attempt { try message(object, usage, envelope, settings) }])
        }
        if ClaudeCodeAnalytics.isReport(object) { return ClaudeCodeAnalytics.translate(object, settings) }
        if isUsageReport(object) {
            let buckets = object.at("starting_at") != nil ? [object] : object.at("data")?.array ?? []
            let records = buckets.flatMap { bucket in
                (bucket.at("results")?.array ?? []).map { result in attempt { try reportRow(result, bucket, settings) } }
            }
            return records.isEmpty ? .skipped(.noUsage) : .records(records)
        }
        return .skipped(.noUsage)
    }

    private static func message(
        _ object: JSONValue, _ usage: JSONValue, _ envelope: Envelope, _ settings: SourceSettings
    ) throws(RecordFault) -> V1Record {
        let cacheWrite = try SourceValue.count(usage.at("cache_creation_input_tokens"))
        let cacheWrite1h = try SourceValue.count(usage.at("cache_creation", "ephemeral_1h_input_tokens"))
        guard cacheWrite1h <= cacheWrite else { throw RecordFault(.inconsistentTokens) }
        var record = V1Record()
        envelope.setTime(&record, orEpochSeconds: nil)
        record.set("user", text: envelope.user ?? settings.user)
        record.set("team", text: envelope.team ?? settings.team)
        record.set("org", text: envelope.org ?? settings.org)
        record.set("model", object.at("model"))
        record.set("tool", text: envelope.tool ?? "anthropic-api")
        record.set("session", envelope.session)
        record.set("task", envelope.task)
        record.set("input_tokens", count: try SourceValue.count(usage.at("input_tokens")))
        record.set("output_tokens", count: try SourceValue.count(usage.at("output_tokens")))
        record.set("cache_read_tokens", count: try SourceValue.count(usage.at("cache_read_input_tokens")))
        record.set("cache_write_tokens", count: cacheWrite)
        record.set(V1Record.cacheWrite1hField, count: cacheWrite1h)
        record.set("cost_usd", envelope.cost)
        record.set("id", text: object.at("id")?.text.map { "anthropic:" + $0 })
        return record
    }

    /// One usage report row: one bucket's tokens for one grouping (API key, workspace, model, ...).
    /// Rows carry no person: the API key stands for one when the report is grouped by key.
    private static func reportRow(_ row: JSONValue, _ bucket: JSONValue, _ settings: SourceSettings) throws(RecordFault) -> V1Record {
        let write5m = try SourceValue.count(row.at("cache_creation", "ephemeral_5m_input_tokens"))
        let write1h = try SourceValue.count(row.at("cache_creation", "ephemeral_1h_input_tokens"))
        let (cacheWrite, overflow) = write5m.addingReportingOverflow(write1h)
        guard !overflow else { throw RecordFault(.invalidTokens) }
        var record = V1Record()
        record.set("ts", bucket.at("starting_at"))
        record.set("user", text: row.at("api_key_id")?.text ?? settings.user)
        record.set("team", text: row.at("workspace_id")?.text ?? settings.team)
        record.set("org", text: settings.org)
        record.set("model", text: row.at("model")?.text ?? OpenAIFormat.unspecifiedModel)
        record.set("tool", text: "anthropic-api")
        record.set("input_tokens", count: try SourceValue.count(row.at("uncached_input_tokens")))
        record.set("output_tokens", count: try SourceValue.count(row.at("output_tokens")))
        record.set("cache_read_tokens", count: try SourceValue.count(row.at("cache_read_input_tokens")))
        record.set("cache_write_tokens", count: cacheWrite)
        record.set(V1Record.cacheWrite1hField, count: write1h)
        record.setRowID("anthropic-usage", [bucket.at("starting_at"), row.at("api_key_id"), row.at("workspace_id"), row.at("model"),
                        row.at("service_tier"), row.at("context_window")])
        return record
    }
}
