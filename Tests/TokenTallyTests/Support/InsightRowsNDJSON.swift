@testable import TallyCore
@testable import TallyStages

/// `rows` as the NDJSON rows of an insights section of version 1 (what format 2 snapshots held
/// before the binary columns), in `rows`' order: for tests that read such a section, or that look
/// for names in a snapshot's text. The fields the rows no longer keep (a task's first instant,
/// calls, tokens and cost, a work row's cost and calls) are written as zeros, and a task's last
/// instant as the start of its last hour: a reader keeps neither more.
func insightNDJSON(_ rows: InsightRows) -> [UInt8] {
    var out = JSONOutput()
    func name(_ member: String, _ text: String?) {
        out.raw(",\"\(member)\":")
        if let text { out.string(text) } else { out.raw("null") }
    }
    func value(_ member: String, _ v: Int64?) { out.raw(",\"\(member)\":" + (v.map { "\($0)" } ?? "null")) }
    func cost(_ v: Int64) { out.raw(",\"cost_usd\":"); out.nano(v) }
    for p in rows.people {
        out.raw("{\"type\":\"person\""); name("user", p.user); name("team", p.team); name("org", p.org)
        value("latest_ms", p.latestMs); out.raw("}\n")
    }
    for a in rows.activity {
        out.raw("{\"type\":\"activity\""); name("user", a.user); name("team", a.team); name("org", a.org)
        name("model", a.model); name("tool", a.tool); value("last_hour", a.lastHour); value("last_day", a.lastDay)
        out.raw(",\"day_bits\":\""); out.hex(a.dayBits, digits: 16); out.raw("\"}\n")
    }
    for s in rows.sessions {
        out.raw("{\"type\":\"session\""); name("user", s.user); name("session", s.session); value("first_ms", s.firstMs)
        value("last_ms", s.lastMs); value("calls", s.calls); value("tokens", s.tokens)
        out.raw(",\"streak\":[" + s.streak.map { "\($0)" }.joined(separator: ",") + "]}\n")
    }
    for c in rows.closedSessions {
        out.raw("{\"type\":\"closed_session\""); name("user", c.user); name("session", c.session)
        value("first_ms", c.firstMs); value("last_ms", c.lastMs); out.raw("}\n")
    }
    for t in rows.tasks {
        out.raw("{\"type\":\"task\""); name("task", t.task); value("first_ms", 0)
        value("last_ms", t.lastHour.map { $0 * 3_600_000 }); value("calls", 0); value("tokens", 0); cost(0); name("status", t.status)
        value("status_ms", t.statusMs); value("calls_since_status", t.callsSinceStatus)
        value("tokens_since_status", t.tokensSinceStatus); value("shipped_ms", t.shippedMs); out.raw("}\n")
    }
    for w in rows.work {
        out.raw("{\"type\":\"work\""); name("user", w.user); name("task", w.task)
        out.raw(w.unit == .hour ? ",\"unit\":\"hour\"" : ",\"unit\":\"day\""); value("bucket", w.bucket)
        name("team", w.team); name("org", w.org); value("tokens", w.tokens); cost(0); value("calls", 0)
        out.raw("}\n")
    }
    for l in rows.loops {
        out.raw("{\"type\":\"loop\""); name("user", l.user); name("session", l.session); value("start_ms", l.startMs)
        value("end_ms", l.endMs); value("calls", l.calls); value("tokens", l.tokens); out.raw("}\n")
    }
    return Array(out.bytes)
}
