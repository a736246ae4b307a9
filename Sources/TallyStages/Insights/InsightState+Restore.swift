import TallyCore
import TallyEvents

extension InsightState {
    /// Loads a snapshot's insights records (resuming): the ones this shard owns, with the watermark
    /// the snapshot was cut at, so that the stage goes on exactly as if the run had not stopped. Session
    /// rows are open sessions; those of older snapshots that are already idle close at the next cut.
    /// - Complexity: O(records).
    package func restore(_ rows: InsightRows, watermarkMs: Int64) {
        // Each slot's last name, its hash and whether it was stored: rows sorted by person repeat
        // their person's names (and a task's hour and day work records their task), and storing
        // each again probed the names table and compared its text for nothing.
        var last = [(text: String, hash: UInt64, kept: Bool)](repeating: ("", 0, false), count: EventBatch.refsPerEvent)
        /// The key hash of `text` as the parser computes it, storing the name when `keep`.
        func key(_ text: String?, _ slot: Int, keep: Bool = true) -> UInt64 {
            guard var text, !text.isEmpty else { return 0 }
            // Compared by bytes: two names of different bytes are two keys, even when canonically equivalent.
            if last[slot].hash != 0, last[slot].kept || !keep, text.isBytewiseEqual(to: last[slot].text) { return last[slot].hash }
            let hash = text.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                let hash = KeyHash.hash(raw, dimension: slot)
                if keep { names.intern(hash, raw) }
                return hash
            }
            last[slot] = (text, hash, keep)
            return hash
        }
        /// A session's key hash and its name as its records keep it; only a name too long to keep
        /// there is stored (`SessionName`).
        func session(_ text: String?) -> (hash: UInt64, name: SessionName) {
            let name = text.map(SessionName.init) ?? SessionName()
            return (key(text, EventRef.session, keep: name.isOverflow), name)
        }
        let user = KeyDimension.user.rawValue, team = KeyDimension.team.rawValue, org = KeyDimension.org.rawValue
        // Other shards' records are skipped before any of their names is stored.
        func mine(_ person: String) -> Bool { owns(key(person, user, keep: false)) }
        func mineTask(_ task: String) -> Bool { owns(key(task, EventRef.task, keep: false)) }
        users.restore(Array(rows.people.lazy.filter { mine($0.user) }.map { p in
            var r = UserRecord(user: key(p.user, user))
            r.team = key(p.team, team)
            r.org = key(p.org, org)
            r.latestMs = p.latestMs
            return (r.user, r)
        }))
        activity.restore(Array(rows.activity.lazy.filter { mine($0.user) }.map { a in
            let id = ActivityRecord.ID(
                user: key(a.user, user), team: key(a.team, team), org: key(a.org, org),
                model: key(a.model, KeyDimension.model.rawValue), tool: key(a.tool, KeyDimension.tool.rawValue))
            return (id.hash, ActivityRecord(
                id: id, lastHour: a.lastHour, dayBits: ActivityRecord.dayBits(a.dayBits, lastDay: a.lastDay, lastHour: a.lastHour)))
        }))
        sessions.restore(Array(rows.sessions.lazy.filter { mine($0.user) }.map { s in
            let (hash, name) = session(s.session)
            let id = SessionRecord.ID(user: key(s.user, user), session: hash)
            let k = s.streak
            var r = SessionRecord(id: id, name: name)
            r.firstMs = s.firstMs
            r.lastMs = s.lastMs
            r.calls = s.calls
            r.tokens = s.tokens
            r.streak = LoopStreak(
                startMs: k[0], lastMs: k[1], calls: k[2], intervalMs: k[3], firstTokens: k[4], firstOutput: k[5], tokens: k[6])
            return (id.hash, r)
        }))
        tasks.restore(Array(rows.tasks.lazy.filter { mineTask($0.task) }.map { t in
            var r = TaskRecord(task: key(t.task, EventRef.task))
            r.lastHour = t.lastHour ?? Int64.min
            r.status = key(t.status, EventRef.status)
            r.statusMs = t.statusMs ?? Int64.min
            r.callsSinceStatus = t.callsSinceStatus
            r.tokensSinceStatus = t.tokensSinceStatus
            r.shippedMs = t.shippedMs ?? Int64.max
            return (r.task, r)
        }))
        work.restore(Array(rows.work.lazy.filter { mine($0.user) }.map { w in
            let unit: Int64 = w.unit == .hour ? 0 : 1
            let id = WorkRecord.ID(user: key(w.user, user), task: key(w.task, EventRef.task), unit: unit, bucket: w.bucket)
            return (id.hash, WorkRecord(id: id, team: key(w.team, team), org: key(w.org, org), tokens: w.tokens))
        }))
        fronts = SessionFronts(entriesMax: recordsMax)
        // In the order they ended: O(1) amortised per entry (`SessionFronts.add`).
        for c in rows.closedSessions.filter({ mine($0.user) }).sorted(by: { $0.lastMs < $1.lastMs }) {
            let person = key(c.user, user)
            // A snapshot writes the person of every live front entry; without one, nothing reads it.
            guard let u = users.find(hash: person, person) else { continue }
            let (hash, name) = session(c.session)
            let closed = SessionFronts.Entry(user: person, session: hash, firstMs: c.firstMs, lastMs: c.lastMs, name: name)
            guard !closed.isFree else { continue }
            fronts.add(closed, head: &users[u].sessionFront, names: self)  // not the store: passing it copies it
        }
        loops = rows.loops.filter { mine($0.user) }.map {
            let (hash, name) = session($0.session)
            return LoopRecord(user: key($0.user, user), session: hash, name: name, startMs: $0.startMs, endMs: $0.endMs,
                              calls: $0.calls, tokens: $0.tokens)
        }
        epoch += 1
        self.watermarkMs = watermarkMs
        if watermarkMs != Int64.min {
            watermarkHour = Timestamp.floorDiv(watermarkMs, Timestamp.msPerHour)
            horizonMs = windows.lateBoundaryMs(watermarkMs: watermarkMs)
        }
        sizeAtLastCompaction = recordCount
        horizonAtLastCompactionMs = horizonMs
        sessionsAfterClosing = sessions.count
    }

    /// Sets each Kafka partition's clock to the newest event time a resumed snapshot recorded for it
    /// (`KafkaPosition.watermarkMs`). The restored sessions have no clock until their next call:
    /// until then they close against the slowest partition's. A partition recorded without a clock
    /// (no event yet, or a snapshot from before clocks were kept) starts unset.
    package func restoreClocks(_ positions: [KafkaPosition]) {
        for position in positions {
            let c = Int(clockIndex(partition: position.partition))
            clocksMs[c] = max(clocksMs[c], position.watermarkMs ?? Int64.min)
        }
    }
}
