import TallyCore

/// One schema v1 record under construction: the translators fill it, then it is written as one
/// NDJSON line for the ordinary parser, which applies every schema v1 check to it. Members are
/// kept in the order set; absent values are simply not written.
package struct V1Record {
    private(set) var members: [(String, JSONValue)] = []

    /// tokentally's extension to schema v1: the part of `cache_write_tokens` written to the 1-hour
    /// cache, which is priced higher than the 5-minute one. Sources that report the split set it.
    static let cacheWrite1hField = "cache_write_1h_tokens"

    mutating func set(_ name: String, _ value: JSONValue?) {
        guard let value, !value.isNull else { return }
        members.append((name, value))
    }

    mutating func set(_ name: String, text: String?) {
        guard let text, !text.isEmpty else { return }
        members.append((name, .string(text)))
    }

    /// Token counts: zero is the schema's default, so only other values are written.
    mutating func set(_ name: String, count: Int64) {
        guard count != 0 else { return }
        members.append((name, .number(String(count))))
    }

    mutating func setTimestamp(ms: Int64) { members.append(("ts", .number(String(ms)))) }

    /// The id of an aggregated usage row: its bucket and grouping values, so that the same row
    /// fetched twice (overlapping pulls of a usage API) is one row.
    mutating func setRowID(_ prefix: String, _ parts: [JSONValue?]) {
        let text = parts.map { part -> String in
            guard let part else { return "" }
            var out = JSONOutput(capacity: 64)
            part.write(into: &out)
            return out.text
        }
        set("id", text: prefix + ":" + text.joined(separator: "/"))
    }

    /// Takes `other`'s `ts` in place of this record's own.
    package mutating func replaceTimestamp(from other: V1Record) {
        members.removeAll { $0.0 == "ts" }
        if let ts = other.members.first(where: { $0.0 == "ts" }) { members.insert(ts, at: 0) }
    }

    func has(_ name: String) -> Bool { members.contains { $0.0 == name } }

    /// Writes the record as one line, newline included.
    package func write(into out: inout JSONOutput) {
        JSONValue.object(members).write(into: &out)
        out.raw("\n")
    }
}

extension JSONValue {
    /// Compact JSON text; numbers keep the text they were read with.
    func write(into out: inout JSONOutput) {
        switch self {
        case .null: out.raw("null")
        case .bool(let b): out.raw(b ? "true" : "false")
        case .number(let text): out.raw(text)
        case .string(let s): out.string(s)
        case .array(let items):
            out.raw("[")
            for (i, item) in items.enumerated() {
                if i > 0 { out.raw(",") }
                item.write(into: &out)
            }
            out.raw("]")
        case .object(let members):
            out.raw("{")
            for (i, (name, value)) in members.enumerated() {
                if i > 0 { out.raw(",") }
                out.string(name)
                out.raw(":")
                value.write(into: &out)
            }
            out.raw("}")
        }
    }
}
