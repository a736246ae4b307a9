extension SnapshotWriter {
    /// Writes the insights stage's live records (see docs/snapshot-format.md): `person`, `activity`,
    /// `session` (open), `closed_session`, `task`, `work` and `loop` rows, each sorted by its names' bytes, then its numbers,
    /// so the content is canonical. Stale records (older than the longest window) are left out.
    /// - Complexity: O(r log r) in the records, plus O(n log n) in the names.
    func writeInsights(
        _ image: InsightImage, windows: WindowSet, into out: inout JSONOutput, rows: inout Int,
        flush: (inout JSONOutput) throws -> Void
    ) throws {
        let live = InsightState.Liveness(windows: windows, watermarkMs: image.watermarkMs)
        let names = image.names
        // Names ranked in byte order, so records sort by integers; a rank per name index (the names
        // store's own table finds the index, without hashing the hash again).
        var order = Array(0..<names.count)
        order.sort { names.text(at: $0).lexicographicallyPrecedes(names.text(at: $1)) }
        var rankOf = [Int](repeating: 0, count: names.count)
        for (rank, i) in order.enumerated() { rankOf[i] = rank }
        func r(_ h: UInt64) -> Int { names.index(h).map { rankOf[$0] } ?? -1 }
        func text(_ h: UInt64) -> ArraySlice<UInt8> { names.index(h).map { names.text(at: $0) } ?? [] }

        func name(_ member: StaticString, _ hash: UInt64) {
            out.raw(",\"")
            out.raw(member)
            out.raw("\":")
            let text = text(hash)
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

        // Each kind's live records in the order of their names' ranks (then numbers). The sort keys are
        // computed once per record into one flat array (`width` per record), and indices are sorted:
        // no allocation per record, and no hashing inside the comparisons.
        func sorted<R>(_ records: [R], _ isLive: (R) -> Bool, width: Int, _ key: (R, inout [Int]) -> Void) -> LazyMapSequence<[Int], R> {
            var keys: [Int] = []
            var live: [Int] = []
            keys.reserveCapacity(records.count * width)
            for (i, record) in records.enumerated() where isLive(record) {
                live.append(i)
                key(record, &keys)
            }
            var order = Array(0..<live.count)
            keys.withUnsafeBufferPointer { k in
                order.sort { a, b in
                    for f in 0..<width where k[a * width + f] != k[b * width + f] { return k[a * width + f] < k[b * width + f] }
                    return false
                }
            }
            return order.lazy.map { records[live[$0]] }
        }

        for p in sorted(image.users, live.user, width: 1, { $1.append(r($0.user)) }) {
            out.raw("{\"type\":\"person\"")
            name("user", p.user)
            name("team", p.team)
            name("org", p.org)
            out.member("latest_ms", p.latestMs)
            try endRow()
        }
        for a in sorted(image.activity, live.activity, width: 5, { $1.append(r($0.id.user)); $1.append(r($0.id.team)); $1.append(r($0.id.org)); $1.append(r($0.id.model)); $1.append(r($0.id.tool)) }) {
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
        for s in sorted(image.sessions, live.session, width: 2, { $1.append(r($0.id.user)); $1.append(r($0.id.session)) }) {
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
        for c in sorted(image.sessionFronts, live.front, width: 4, { $1.append(r($0.user)); $1.append(r($0.session)); $1.append(Int($0.firstMs)); $1.append(Int($0.lastMs)) }) {
            out.raw("{\"type\":\"closed_session\"")
            name("user", c.user)
            name("session", c.session)
            out.member("first_ms", c.firstMs)
            out.member("last_ms", c.lastMs)
            try endRow()
        }
        for t in sorted(image.tasks, live.task, width: 1, { $1.append(r($0.task)) }) {
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
        for w in sorted(image.work, live.work, width: 4, { $1.append(r($0.id.user)); $1.append(r($0.id.task)); $1.append(Int($0.id.unit)); $1.append(Int($0.id.bucket)) }) {
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
        for l in sorted(image.loops, live.loop, width: 4, { $1.append(r($0.user)); $1.append(r($0.session)); $1.append(Int($0.startMs)); $1.append(Int($0.endMs)) }) {
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
