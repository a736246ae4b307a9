extension SnapshotWriter {
    /// Writes the insights stage's live records (see docs/snapshot-format.md): `person`, `activity`,
    /// `session`, `task`, `work` and `loop` rows, each sorted by its names' bytes, then its numbers,
    /// so the content is canonical. Stale records (older than the longest window) are left out.
    /// - Complexity: O(r log r) in the records, plus O(n log n) in the names.
    func writeInsights(
        _ image: InsightImage, windows: WindowSet, into out: inout JSONOutput, rows: inout Int,
        flush: (inout JSONOutput) throws -> Void
    ) throws {
        let live = InsightState.Liveness(windows: windows, watermarkMs: image.watermarkMs)
        let names = image.names
        // Names ranked in byte order, so records sort by integers.
        var hashes: [UInt64] = []
        names.forEachHash { hashes.append($0) }
        hashes.sort { names.text($0).lexicographicallyPrecedes(names.text($1)) }
        var rank: [UInt64: Int] = [0: -1]
        rank.reserveCapacity(hashes.count + 1)
        for (i, h) in hashes.enumerated() { rank[h] = i }
        func r(_ h: UInt64) -> Int { rank[h] ?? -1 }

        func name(_ member: StaticString, _ hash: UInt64, first: Bool = false) {
            out.raw(first ? "" : ",")
            out.raw("\"")
            out.raw(member)
            out.raw("\":")
            let text = names.text(hash)
            if text.isEmpty {
                out.raw("null")
            } else {
                text.withUnsafeBufferPointer { out.string($0) }
            }
        }
        func ms(_ member: StaticString, _ value: Int64, none: Int64) {
            if value == none {
                out.raw(",\"")
                out.raw(member)
                out.raw("\":null")
            } else {
                out.member(member, value)
            }
        }
        func endRow() throws {
            out.raw("}\n")
            rows += 1
            try flush(&out)
        }

        for p in image.users.filter(live.user).sorted(by: { r($0.user) < r($1.user) }) {
            out.raw("{\"type\":\"person\"")
            name("user", p.user)
            name("team", p.team)
            name("org", p.org)
            out.member("latest_ms", p.latestMs)
            try endRow()
        }
        for a in image.activity.filter(live.activity).sorted(by: {
            [r($0.id.user), r($0.id.team), r($0.id.org), r($0.id.model), r($0.id.tool)]
                .lexicographicallyPrecedes([r($1.id.user), r($1.id.team), r($1.id.org), r($1.id.model), r($1.id.tool)])
        }) {
            out.raw("{\"type\":\"activity\"")
            name("user", a.id.user)
            name("team", a.id.team)
            name("org", a.id.org)
            name("model", a.id.model)
            name("tool", a.id.tool)
            out.member("last_hour", a.lastHour)
            out.member("last_day", a.lastDay)
            out.raw(",\"day_bits\":\"")
            out.hex(live.daysWithinHorizon(a), digits: 16)
            out.raw("\"")
            try endRow()
        }
        for s in image.sessions.filter(live.session).sorted(by: {
            (r($0.id.user), r($0.id.session)) < (r($1.id.user), r($1.id.session))
        }) {
            out.raw("{\"type\":\"session\"")
            name("user", s.id.user)
            name("session", s.id.session)
            out.member("first_ms", s.firstMs)
            out.member("last_ms", s.lastMs)
            out.member("calls", s.calls)
            out.member("tokens", s.tokens)
            let k = s.streak
            out.raw(",\"streak\":[")
            for (i, v) in [k.startMs, k.lastMs, k.calls, k.intervalMs, k.firstTokens, k.firstOutput, k.tokens].enumerated() {
                if i > 0 { out.raw(",") }
                out.int(v)
            }
            out.raw("]")
            try endRow()
        }
        for t in image.tasks.filter(live.task).sorted(by: { r($0.task) < r($1.task) }) {
            out.raw("{\"type\":\"task\"")
            name("task", t.task)
            ms("first_ms", t.firstMs, none: Int64.max)
            ms("last_ms", t.lastMs, none: Int64.min)
            out.member("calls", t.calls)
            out.member("tokens", t.tokens)
            out.raw(",\"cost_usd\":")
            out.nano(t.costNanoUSD)
            name("status", t.status)
            ms("status_ms", t.statusMs, none: Int64.min)
            out.member("calls_since_status", t.callsSinceStatus)
            out.member("tokens_since_status", t.tokensSinceStatus)
            ms("shipped_ms", t.shippedMs, none: Int64.max)
            try endRow()
        }
        for w in image.work.filter(live.work).sorted(by: {
            (r($0.id.user), r($0.id.task), $0.id.unit, $0.id.bucket) < (r($1.id.user), r($1.id.task), $1.id.unit, $1.id.bucket)
        }) {
            out.raw("{\"type\":\"work\"")
            name("user", w.id.user)
            name("task", w.id.task)
            out.raw(w.id.unit == 0 ? ",\"unit\":\"hour\"" : ",\"unit\":\"day\"")
            out.member("bucket", w.id.bucket)
            name("team", w.team)
            name("org", w.org)
            out.member("tokens", w.tokens)
            out.raw(",\"cost_usd\":")
            out.nano(w.costNanoUSD)
            out.member("calls", w.calls)
            try endRow()
        }
        for l in image.loops.filter(live.loop).sorted(by: {
            (r($0.user), r($0.session), $0.startMs, $0.endMs) < (r($1.user), r($1.session), $1.startMs, $1.endMs)
        }) {
            out.raw("{\"type\":\"loop\"")
            name("user", l.user)
            name("session", l.session)
            out.member("start_ms", l.startMs)
            out.member("end_ms", l.endMs)
            out.member("calls", l.calls)
            out.member("tokens", l.tokens)
            try endRow()
        }
    }
}
