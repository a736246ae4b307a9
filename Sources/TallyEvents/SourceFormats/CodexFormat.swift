import TallyCore

/// Codex CLI rollouts (`~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl`): one JSON object per line,
/// `{"timestamp", "type", "payload"}`. Usage is in `event_msg` lines whose payload is a
/// `token_count`: `info.last_token_usage` is the call, `info.total_token_usage` the session's
/// cumulative total. The model and session come from earlier lines (`CodexRollout`), and two
/// kinds of line repeat calls already counted (docs/sources.md):
/// - a re-emitted counter: the cumulative total did not move since the previous `token_count`;
/// - a fork or subagent's copy of its parent's history, written in one burst when it starts.
enum CodexFormat {
    static let lineTypes: Set<String> = ["session_meta", "turn_context", "event_msg", "response_item", "compacted"]
    /// Lines of a fork's replay burst follow each other (and its `session_meta`) by less than this;
    /// a real call takes longer, because it waits for the model.
    static let replayGapMs: Int64 = 1000

    static func isRolloutLine(_ value: JSONValue) -> Bool {
        guard let type = value.at("type")?.text, lineTypes.contains(type) else { return false }
        return value.at("payload")?.isObject == true
    }

    static func translate(_ line: JSONValue, _ settings: SourceSettings, _ rollout: inout CodexRollout) -> LineOutcome {
        guard let payload = line.at("payload"), payload.isObject else { return .skipped(.noUsage) }
        switch line.at("type")?.text {
        case "session_meta":
            // A fork or subagent writes its own session_meta, then its parent's: the first one names the file.
            guard rollout.session == nil else { return .skipped(.noUsage) }
            rollout.session = payload.at("id")?.text
            rollout.task = ClaudeCodeFormat.task(cwd: payload.at("cwd")?.text, branch: payload.at("git", "branch")?.text)
            if payload.at("forked_from_id")?.text != nil
                || payload.at("source", "subagent", "thread_spawn", "parent_thread_id")?.text != nil {
                // Without the fork's time its burst cannot be told from its calls: every call counts.
                if let ms = epochMs(payload.at("timestamp")) ?? epochMs(line.at("timestamp")) {
                    rollout.replaying = true
                    rollout.replayLastMs = ms
                }
            }
            return .skipped(.noUsage)
        case "turn_context":
            if let model = payload.at("model")?.text { rollout.model = model }
            return .skipped(.noUsage)
        case "event_msg" where payload.at("type")?.text == "token_count":
            return tokenCount(line, payload, settings, &rollout)
        default:
            return .skipped(.noUsage)
        }
    }

    private static func tokenCount(
        _ line: JSONValue, _ payload: JSONValue, _ settings: SourceSettings, _ rollout: inout CodexRollout
    ) -> LineOutcome {
        // A token_count without info only refreshes rate limits.
        guard let info = payload.at("info"), info.isObject else { return .skipped(.noUsage) }
        let total: CodexUsage?, last: CodexUsage?
        do {
            total = try CodexUsage(info.at("total_token_usage"))
            last = try CodexUsage(info.at("last_token_usage"))
        } catch {
            return .rejected(error.reason)
        }
        let previous = rollout.lastTotal
        if let total { rollout.lastTotal = total }
        if rollout.replaying {
            if let ms = epochMs(line.at("timestamp")), ms - rollout.replayLastMs < replayGapMs {
                rollout.replayLastMs = ms
                return .skipped(.replayedHistory)
            }
            rollout.replaying = false
        }
        if let total, total == previous { return .skipped(.repeatedTotal) }
        // The call: as written, else what the cumulative total added (all of it when it is the first).
        guard let call = last ?? total.map({ t in previous.flatMap { t.minus($0) } ?? t }), !call.isZero else {
            return .skipped(.noUsage)
        }
        return .records([attempt { try record(call, total: total, line, settings, rollout) }])
    }

    private static func record(
        _ call: CodexUsage, total: CodexUsage?, _ line: JSONValue, _ settings: SourceSettings, _ rollout: CodexRollout
    ) throws(RecordFault) -> V1Record {
        var record = V1Record()
        record.set("ts", line.at("timestamp"))
        record.set("user", text: settings.user)
        record.set("team", text: settings.team)
        record.set("org", text: settings.org)
        record.set("model", text: rollout.model)
        record.set("tool", text: "codex")
        record.set("session", text: rollout.session)
        record.set("task", text: rollout.task)
        // Input includes cached input (and cache writes); output includes reasoning, kept as is.
        record.set("input_tokens", count: try SourceValue.remainder(call.input, minus: call.cached, call.cacheWrite))
        record.set("output_tokens", count: call.output)
        record.set("cache_read_tokens", count: call.cached)
        record.set("cache_write_tokens", count: call.cacheWrite)
        // A call is where its session's cumulative total stood after it: the same line read twice
        // (an input given twice, a re-emit after a resumed run) is one call.
        if let session = rollout.session, let total { record.set("id", text: "codex:\(session):\(total.key)") }
        return record
    }

    /// Epoch milliseconds of an RFC 3339 string; nil for anything else.
    static func epochMs(_ value: JSONValue?) -> Int64? {
        guard case .string(let text)? = value, !text.isEmpty else { return nil }
        var copy = text
        return copy.withUTF8 { Timestamp.parseRFC3339($0.baseAddress!, count: $0.count) }
    }
}
