import TallyCore

/// OpenAI: chat completion and responses objects (as an application logs them, possibly wrapped as
/// `{"ts": ..., "user": ..., "response": {...}}`), and the organization usage API's completions
/// pages, buckets and results. Prompt and input tokens include `cached_tokens`; schema v1's
/// `input_tokens` excludes them, so the cached part moves to `cache_read_tokens`. Completion and
/// output tokens include reasoning tokens, which are not added again.
enum OpenAIFormat {
    static let objects: Set<String> = [
        "chat.completion", "chat.completion.chunk", "response", "page", "bucket", "organization.usage.completions.result",
    ]

    static func translate(_ line: JSONValue, _ settings: SourceSettings) -> LineOutcome {
        let (envelope, object) = Envelope.open(line)
        if object.at("error").map({ !$0.isNull }) == true, object.at("usage") == nil { return .skipped(.apiError) }
        switch object.at("object")?.text {
        case "chat.completion", "chat.completion.chunk":
            guard let usage = object.at("usage"), usage.isObject else {
                return .skipped(object.at("object")?.text == "chat.completion.chunk" ? .streamEvent : .noUsage)
            }
            return .records([attempt {
                try call(object, envelope, settings, time: object.at("created"), usage: usage,
                         input: "prompt_tokens", cached: ["prompt_tokens_details", "cached_tokens"], output: "completion_tokens")
            }])
        case "response":
            guard let usage = object.at("usage"), usage.isObject else { return .skipped(.noUsage) }
            return .records([attempt {
                try call(object, envelope, settings, time: object.at("created_at"), usage: usage,
                         input: "input_tokens", cached: ["input_tokens_details", "cached_tokens"], output: "output_tokens")
            }])
        case "page":
            let records = (object.at("data")?.array ?? []).flatMap { bucketRecords($0, settings) }
            return records.isEmpty ? .skipped(.noUsage) : .records(records)
        case "bucket":
            let records = bucketRecords(object, settings)
            return records.isEmpty ? .skipped(.noUsage) : .records(records)
        case "organization.usage.completions.result":
            // A result without its bucket has no time; schema v1 rejects it as missing_ts.
            return .records([attempt { try usageResult(object, startTime: nil, settings) }])
        default:
            return .skipped(.noUsage)
        }
    }

    /// One logged model call.
    private static func call(
        _ object: JSONValue, _ envelope: Envelope, _ settings: SourceSettings, time: JSONValue?, usage: JSONValue,
        input: String, cached: [String], output: String
    ) throws(RecordFault) -> V1Record {
        let prompt = try SourceValue.count(usage.at(input))
        let cachedTokens = try SourceValue.count(usage.at(cached))
        var record = V1Record()
        envelope.setTime(&record, orEpochSeconds: time)
        record.set("user", text: envelope.user ?? object.at("user")?.text ?? settings.user)
        record.set("team", text: envelope.team ?? settings.team)
        record.set("org", text: envelope.org ?? settings.org)
        record.set("model", object.at("model"))
        record.set("tool", text: envelope.tool ?? "openai-api")
        record.set("session", envelope.session)
        record.set("task", envelope.task)
        record.set("input_tokens", count: try SourceValue.remainder(prompt, minus: cachedTokens))
        record.set("output_tokens", count: try SourceValue.count(usage.at(output)))
        record.set("cache_read_tokens", count: cachedTokens)
        record.set("cost_usd", envelope.cost)
        record.set("id", text: object.at("id")?.text.map { "openai:" + $0 })
        return record
    }

    private static func bucketRecords(_ bucket: JSONValue, _ settings: SourceSettings) -> [Result<V1Record, RecordFault>] {
        (bucket.at("results")?.array ?? []).map { result in
            attempt { try usageResult(result, startTime: bucket.at("start_time"), settings) }
        }
    }

    /// One row of the usage API: the calls of one bucket (a minute, hour or day) for one grouping.
    /// It counts as one event; `num_model_requests` is not spread into calls that were not logged.
    private static func usageResult(_ row: JSONValue, startTime: JSONValue?, _ settings: SourceSettings) throws(RecordFault) -> V1Record {
        let inputAll = try SourceValue.count(row.at("input_tokens"))
        let cachedTokens = try SourceValue.count(row.at("input_cached_tokens"))
        var record = V1Record()
        if let startTime { Envelope.setEpochSeconds(&record, startTime) }
        record.set("user", text: row.at("user_id")?.text ?? settings.user)
        record.set("team", text: row.at("project_id")?.text ?? settings.team)
        record.set("org", text: settings.org)
        record.set("model", text: row.at("model")?.text ?? unspecifiedModel)
        record.set("tool", text: "openai-api")
        record.set("input_tokens", count: try SourceValue.remainder(inputAll, minus: cachedTokens))
        record.set("output_tokens", count: try SourceValue.count(row.at("output_tokens")))
        record.set("cache_read_tokens", count: cachedTokens)
        record.setRowID("openai-usage", [startTime, row.at("project_id"), row.at("user_id"), row.at("api_key_id"), row.at("model"), row.at("batch")])
        return record
    }

    /// Usage rows not grouped by model still hold real tokens; they are counted under this name,
    /// which no price table knows, so `report` lists them as unpriced rather than losing them.
    static let unspecifiedModel = "(unspecified)"
}
