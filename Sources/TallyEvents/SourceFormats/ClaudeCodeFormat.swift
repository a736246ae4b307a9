import TallyCore

/// Claude Code transcripts: one JSON object per line, written as the client works. Assistant lines
/// carry `message.usage`; one response is written as several lines (one per content block) that
/// repeat its usage, so the caller counts each `ClaudeCodeResponse.key` once (docs/sources.md).
enum ClaudeCodeFormat {
    static let syntheticModel = "<synthetic>"

    static func translate(_ line: JSONValue, _ settings: SourceSettings) -> LineOutcome {
        if line.at("isApiErrorMessage")?.bool == true { return .skipped(.apiError) }
        guard let message = line.at("message"), let usage = message.at("usage"), usage.isObject else {
            return .skipped(.noUsage)
        }
        let model = message.at("model")?.text
        if model == syntheticModel { return .skipped(.syntheticModel) }
        let input: Int64, output: Int64, cacheRead: Int64, cacheWrite: Int64, cacheWrite1h: Int64
        do {
            input = try SourceValue.count(usage.at("input_tokens"))
            output = try SourceValue.count(usage.at("output_tokens"))
            cacheRead = try SourceValue.count(usage.at("cache_read_input_tokens"))
            cacheWrite = try SourceValue.count(usage.at("cache_creation_input_tokens"))
            cacheWrite1h = try SourceValue.count(usage.at("cache_creation", "ephemeral_1h_input_tokens"))
        } catch {
            return .rejected(error.reason)
        }
        // The 1-hour part is within cache_creation_input_tokens; more than the whole is a fault.
        guard cacheWrite1h <= cacheWrite else { return .rejected(.inconsistentTokens) }

        var record = V1Record()
        record.set("ts", line.at("timestamp"))
        record.set("user", text: settings.user)
        record.set("team", text: settings.team)
        record.set("org", text: settings.org)
        record.set("model", text: model)
        record.set("tool", text: "claude-code")
        record.set("session", line.at("sessionId"))
        record.set("task", text: task(cwd: line.at("cwd")?.text, branch: line.at("gitBranch")?.text))
        record.set("input_tokens", count: input)
        record.set("output_tokens", count: output)
        record.set("cache_read_tokens", count: cacheRead)
        record.set("cache_write_tokens", count: cacheWrite)
        record.set(V1Record.cacheWrite1hField, count: cacheWrite1h)
        record.set("cost_usd", line.at("costUSD"))
        let messageID = message.at("id")?.text, requestID = line.at("requestId")?.text
        var key: String?
        if messageID != nil || requestID != nil {
            key = (messageID ?? "") + ":" + (requestID ?? "")
            record.set("id", text: "claude-code:" + key!)
        }
        return .response(ClaudeCodeResponse(key: key, record: record, totalTokens: input &+ output &+ cacheRead &+ cacheWrite))
    }

    /// The work item a call served: the repository (the working directory's last component) and the
    /// branch, `repo@branch`. Without a branch there is no work item to name.
    static func task(cwd: String?, branch: String?) -> String? {
        guard let branch, !branch.isEmpty, branch != "HEAD" else { return nil }
        guard let cwd, let last = cwd.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last else { return branch }
        return "\(last)@\(branch)"
    }
}
