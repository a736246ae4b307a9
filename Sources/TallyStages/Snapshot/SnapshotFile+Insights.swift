import TallyCore
import TallySnapshot

extension SnapshotFile {
    /// The insights records (`person`, `activity`, `session`, `closed_session`, `task`, `work`,
    /// `loop`): the insights section's binary columns (`InsightColumns`), or the NDJSON rows of
    /// version 1 files and of insights sections of version 1.
    /// - Throws: `SnapshotError` naming the first row or field that does not decode.
    /// - Complexity: O(content).
    public func insightRows() throws(SnapshotError) -> InsightRows {
        guard header.version >= 2 else { return try ndjsonInsightRows(content) }
        let (section, payload) = try requiredSection(InsightState.section)
        guard section.version >= 2 else { return try ndjsonInsightRows(payload) }
        return try InsightColumns.decode(payload, rows: section.rows, version: section.version, path: path)
    }

    /// The insights records as NDJSON rows, one kind after another.
    private func ndjsonInsightRows(_ source: [UInt8]) throws(SnapshotError) -> InsightRows {
        func forEachRow(type: StaticString, _ body: (JSONValue) throws(SnapshotError) -> Bool) throws(SnapshotError) {
            try Self.forEachRow(type: type, in: source, path: path, body)
        }
        var rows = InsightRows()
        try forEachRow(type: "person") { v in
            guard let user = v["user"]?.string, let latest = v["latest_ms"]?.int64 else { return false }
            rows.people.append(.init(user: user, team: v["team"]?.string, org: v["org"]?.string, latestMs: latest))
            return true
        }
        try forEachRow(type: "activity") { v in
            guard let user = v["user"]?.string, let lastHour = v["last_hour"]?.int64, let lastDay = v["last_day"]?.int64,
                  let bits = v["day_bits"]?.string.flatMap({ UInt64($0, radix: 16) })
            else { return false }
            rows.activity.append(.init(
                user: user, team: v["team"]?.string, org: v["org"]?.string, model: v["model"]?.string,
                tool: v["tool"]?.string, lastHour: lastHour, lastDay: lastDay, dayBits: bits))
            return true
        }
        try forEachRow(type: "session") { v in
            guard let user = v["user"]?.string, let first = v["first_ms"]?.int64, let last = v["last_ms"]?.int64,
                  let calls = v["calls"]?.int64, let tokens = v["tokens"]?.int64,
                  let streak = v["streak"]?.array?.compactMap(\.int64), streak.count == 7
            else { return false }
            rows.sessions.append(.init(
                user: user, session: v["session"]?.string, firstMs: first, lastMs: last, calls: calls, tokens: tokens,
                streak: streak))
            return true
        }
        try forEachRow(type: "closed_session") { v in
            guard let user = v["user"]?.string, let session = v["session"]?.string, !session.isEmpty,
                  let first = v["first_ms"]?.int64, let last = v["last_ms"]?.int64
            else { return false }
            rows.closedSessions.append(.init(user: user, session: session, firstMs: first, lastMs: last))
            return true
        }
        try forEachRow(type: "task") { v in
            // Calls, tokens, cost and first_ms are checked as before but no longer kept (no figure reads them).
            guard let task = v["task"]?.string, v["calls"]?.int64 != nil, v["tokens"]?.int64 != nil,
                  Self.nano(v["cost_usd"]) != nil, let since = v["calls_since_status"]?.int64,
                  let tokensSince = v["tokens_since_status"]?.int64
            else { return false }
            rows.tasks.append(.init(
                task: task, lastHour: v["last_ms"]?.int64.map { Timestamp.floorDiv($0, Timestamp.msPerHour) },
                status: v["status"]?.string, statusMs: v["status_ms"]?.int64,
                callsSinceStatus: since, tokensSinceStatus: tokensSince, shippedMs: v["shipped_ms"]?.int64))
            return true
        }
        try forEachRow(type: "work") { v in
            guard let user = v["user"]?.string, let task = v["task"]?.string, let unitName = v["unit"]?.string,
                  unitName == "hour" || unitName == "day", let bucket = v["bucket"]?.int64, WorkRecord.bucketRange.contains(bucket),
                  let tokens = v["tokens"]?.int64, Self.nano(v["cost_usd"]) != nil, v["calls"]?.int64 != nil
            else { return false }
            rows.work.append(.init(
                user: user, task: task, unit: unitName == "hour" ? .hour : .day, bucket: bucket, team: v["team"]?.string,
                org: v["org"]?.string, tokens: tokens))
            return true
        }
        try forEachRow(type: "loop") { v in
            guard let user = v["user"]?.string, let start = v["start_ms"]?.int64, let end = v["end_ms"]?.int64,
                  let calls = v["calls"]?.int64, let tokens = v["tokens"]?.int64
            else { return false }
            rows.loops.append(.init(user: user, session: v["session"]?.string, startMs: start, endMs: end, calls: calls, tokens: tokens))
            return true
        }
        return rows
    }

    /// An exact decimal (`cost_usd`) as nano-dollars.
    static func nano(_ value: JSONValue?) -> Int64? {
        guard case .number(let text)? = value else { return nil }
        var copy = text
        return copy.withUTF8 { DecimalNano.parse($0.baseAddress!, count: $0.count) }
    }
}
