import TallyCore

/// What an application's logger adds around an API response: its time, and who made the call.
/// API responses name neither a person nor (for Anthropic) a time, so a usable log line is either
/// the response with these members added at the top level, or `{"ts": ..., "user": ...,
/// "response": {...}}`. Both forms read the same members: `ts` (or `timestamp`), `user`, `team`,
/// `org`, `tool`, `session`, `task` and `cost_usd`.
struct Envelope {
    var ts: JSONValue?
    var user: String?
    var team: String?
    var org: String?
    var tool: String?
    var session: JSONValue?
    var task: JSONValue?
    var cost: JSONValue?

    /// The envelope and the API object inside it (the line itself when it is not wrapped).
    static func open(_ line: JSONValue) -> (Envelope, JSONValue) {
        var envelope = Envelope()
        envelope.ts = line.at("ts") ?? line.at("timestamp")
        envelope.user = line.at("user")?.text
        envelope.team = line.at("team")?.text
        envelope.org = line.at("org")?.text
        envelope.tool = line.at("tool")?.text
        envelope.session = line.at("session")
        envelope.task = line.at("task")
        envelope.cost = line.at("cost_usd")
        if let inner = line.at("response"), inner.isObject { return (envelope, inner) }
        return (envelope, line)
    }

    /// The envelope's time as written (schema v1 checks it), else the API's own epoch seconds.
    func setTime(_ record: inout V1Record, orEpochSeconds seconds: JSONValue?) {
        if let ts, !ts.isNull {
            record.set("ts", ts)
        } else if let seconds {
            Self.setEpochSeconds(&record, seconds)
        }
    }

    /// Epoch seconds (OpenAI's `created`, `start_time`) as milliseconds; a value that is not a
    /// count of seconds is passed on as it is, for schema v1 to reject as `invalid_ts`.
    static func setEpochSeconds(_ record: inout V1Record, _ seconds: JSONValue) {
        if case .number(let text) = seconds, let ms = SourceValue.epochMs(text, unit: .seconds) {
            record.setTimestamp(ms: ms)
        } else {
            record.set("ts", seconds)
        }
    }
}

/// Runs one record's translation, keeping its fault as a value so that the rest of a page or batch
/// is still counted.
/// (Untyped: closures here do not infer typed throws; every thrower inside throws `RecordFault`.)
func attempt(_ body: () throws -> V1Record) -> Result<V1Record, RecordFault> {
    do { return .success(try body()) } catch { return .failure(error as? RecordFault ?? RecordFault(.malformedJSON)) }
}
