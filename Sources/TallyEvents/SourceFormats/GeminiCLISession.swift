import TallyCore

/// Gemini CLI's session files, `~/.gemini/tmp/<project hash>/chats/session-*.jsonl` (and a
/// subagent's `chats/<parent session>/<session>.jsonl`), as `ChatRecordingService` writes them: a
/// first line with `sessionId` and `projectHash`, then one line per message, appended again whole
/// each time the message changes, plus `{"$set": ...}` metadata updates and `{"$rewindTo": id}`.
/// A `gemini` message's `tokens` hold its call's `usageMetadata` (`input` is the prompt, cached
/// tokens included; `thoughts` and `tool` are outside `output` and `input`: `GeminiTokens`).
/// Earlier Gemini CLI versions wrote the whole session as one JSON document (`session-*.json`,
/// rewritten as it grew); such a document is read too, message by message, on one line (the reader
/// makes a pretty-printed `.json` file one line, `JSONDocumentFile`).
///
/// Each message counts once: by its id within the file (a repeat is `repeated_response`), and by
/// the record id `gemini-cli-chat:<message id>` across files and runs (a file read again, a session
/// migrated from `.json` to `.jsonl`). Message ids are random UUIDs, so the id needs no session.
enum GeminiCLISession {
    /// Whether a line is one of a session file's: its first line (or a whole document), a
    /// metadata update or rewind, or a model message.
    static func isSessionLine(_ value: JSONValue) -> Bool {
        if value.at("sessionId")?.text != nil, value.at("projectHash") != nil { return true }
        if value.at("$rewindTo")?.text != nil || value.at("$set")?.isObject == true { return true }
        return value.at("type")?.text == "gemini" && value.at("id")?.text != nil && value.at("content") != nil
    }

    static func translate(_ line: JSONValue, _ settings: SourceSettings, _ file: inout GeminiCLISessionFile) -> LineOutcome {
        if let session = line.at("sessionId")?.text {
            if file.session == nil { file.session = session }
            guard let messages = line.at("messages")?.array else { return .skipped(.noUsage) }
            // A whole session document: each message not counted yet in this file.
            var records: [Result<V1Record, RecordFault>] = []
            for message in messages {
                if case .records(let one) = translate(message: message, settings, &file) { records += one }
            }
            return records.isEmpty ? .skipped(.noUsage) : .records(records)
        }
        if let set = line.at("$set"), set.isObject {
            // Its `messages`, when present, repeat lines already appended: metadata only.
            if let session = set.at("sessionId")?.text { file.session = session }
            return .skipped(.noUsage)
        }
        // A rewind removes messages from the conversation, not the calls already made.
        if line.at("$rewindTo") != nil { return .skipped(.noUsage) }
        return translate(message: line, settings, &file)
    }

    private static func translate(message: JSONValue, _ settings: SourceSettings, _ file: inout GeminiCLISessionFile) -> LineOutcome {
        guard message.at("type")?.text == "gemini", let tokens = message.at("tokens"), tokens.isObject else {
            return .skipped(.noUsage)
        }
        let id = message.at("id")?.text
        if let id {
            guard file.counted.insert(id).inserted else { return .skipped(.repeatedResponse) }
        }
        return .records([attempt { try record(message, tokens, id, settings, file.session) }])
    }

    private static func record(
        _ message: JSONValue, _ tokens: JSONValue, _ id: String?, _ settings: SourceSettings, _ session: String?
    ) throws(RecordFault) -> V1Record {
        func count(_ key: String) throws(RecordFault) -> Int64 { try SourceValue.count(tokens.at(key)) }
        let usage = try GeminiTokens(
            prompt: try count("input"), cached: try count("cached"), toolPrompt: try count("tool"),
            candidates: try count("output"), thoughts: try count("thoughts"))
        var record = V1Record()
        record.set("ts", message.at("timestamp"))
        record.set("user", text: settings.user)
        record.set("team", text: settings.team)
        record.set("org", text: settings.org)
        record.set("model", text: message.at("model")?.text)
        record.set("tool", text: "gemini-cli")
        record.set("session", text: session)
        usage.set(into: &record)
        record.set("id", text: id.map { "gemini-cli-chat:" + $0 })
        return record
    }
}
