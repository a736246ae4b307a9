import TallyCore
import TallyEvents

/// The insights stage: joins usage to outcomes through `task`, keeps the exact activity sets behind
/// adoption and badge figures, tracks sessions and idle-loop streaks. Each shard sees batches
/// strictly in input order (its own `OrderedTurn`, after the sequencer's), so its state after batch
/// `k` reflects exactly batches `0...k`, like the counter shards: a snapshot cut is consistent.
///
/// Records expire with the longest window. To keep results independent of when the tables are
/// compacted (and so of how the input was split into batches), a record found stale on access is
/// reset as if it had been removed, and compaction only removes records that are stale.
///
/// Sharded like the counters, so that batches move through the shards as a wavefront: shard `i` of
/// `n` keeps the records of the people whose user hash routes to it (their person, activity,
/// session, work and loop records) and the task records of the tasks whose hash routes to it. No
/// record depends on another shard's, so the shards' union is exactly the state one shard would hold.
///
/// Per event: one person lookup; the other tables are skipped while a person's calls repeat the
/// same combination, session, task and hour (the common case for agents). Bounded: each table holds at most `recordsMax`
/// records; inserts beyond are refused and counted (`refused`). O(1) expected per event.
package final class InsightState {
    let windows: WindowSet
    let recordsMax: Int
    let shardIndex: Int
    let shardCount: Int
    // Written only by this class and its extensions (compaction, restore).
    var users: InsightTable<UserRecord>
    var activity: InsightTable<ActivityRecord>
    var sessions: InsightTable<SessionRecord>
    var tasks: InsightTable<TaskRecord>
    var work: InsightTable<WorkRecord>
    var loops: [LoopRecord] = []
    var fronts: SessionFronts
    package var names = InsightNames()
    /// Changes whenever a table drops records, which invalidates the indices people cache.
    var epoch = 0
    /// Set by `finalImage`, after which the stage holds nothing and takes no batch.
    var handedOver = false

    var watermarkMs = Int64.min
    var watermarkHour = Int64.min
    /// Each Kafka partition's clock, the newest event time read from it, at the index
    /// `clockIndexByPartition` gives: sessions close against their partition's clock, so that how
    /// an instance interleaves its partitions does not decide where its people's sessions end.
    var clocksMs: [Int64] = []
    var clockIndexByPartition: [Int32: Int32] = [:]
    /// The clock of the batch being applied; `SessionRecord.noClock` for input other than Kafka.
    private var batchClock = SessionRecord.noClock
    /// Records with no activity at or after this instant are stale (the longest window's start).
    var horizonMs = Int64.min
    var sizeAtLastCompaction = 0
    /// The sessions table's size when idle sessions were last closed.
    var sessionsAfterClosing = 0
    var horizonAtLastCompactionMs = Int64.min
    /// Below this many records and names the tables stay in the caches, where prefetching
    /// (`prefetchAhead`) is only overhead: half again the time of a batch (`Insights4096`). A test
    /// hook: 0 prefetches always.
    package var prefetchRecordsMin = 1 << 16
    /// How many times `compact` ran (a test hook: its cost is O(records)).
    package internal(set) var compactions = 0
    /// Counted by the runs this one resumes from.
    package var refusedBefore = 0
    /// Additions that saturated a record's sum (docs/event-format.md, "Sums").
    package var saturatedSums = 0

    static let shippedHash = statusHash("shipped")
    static let mergedHash = statusHash("merged")

    static func statusHash(_ name: StaticString) -> UInt64 {
        name.withUTF8Buffer { KeyHash.hash(UnsafeRawBufferPointer($0), dimension: EventRef.status) }
    }

    package init(windows: WindowSet, recordsMax: Int, shardIndex: Int = 0, shardCount: Int = 1) {
        precondition(shardIndex >= 0 && shardIndex < shardCount)
        self.windows = windows
        self.recordsMax = recordsMax
        self.shardIndex = shardIndex
        self.shardCount = shardCount
        users = InsightTable(entriesMax: recordsMax)
        activity = InsightTable(entriesMax: recordsMax)
        sessions = InsightTable(entriesMax: recordsMax)
        tasks = InsightTable(entriesMax: recordsMax)
        work = InsightTable(entriesMax: recordsMax)
        fronts = SessionFronts(entriesMax: recordsMax)
    }

    /// Inserts refused because a table was full, over all tables.
    package var refused: Int { refusedBefore + users.refused + activity.refused + sessions.refused + tasks.refused + work.refused + fronts.refused }

    /// Whether this shard keeps the records of the key with `hash` (a user or a task).
    @inline(__always)
    func owns(_ hash: UInt64) -> Bool {
        shardCount == 1 || ShardRouting.shard(of: hash, count: shardCount) == shardIndex
    }

    /// Applies `batch`'s events in order: the parts this shard owns. Only the holder of this shard's
    /// insights turn calls this.
    /// - Complexity: O(events) expected.
    package func apply(_ batch: EventBatch) {
        precondition(!handedOver, "no batch follows the final cut")
        let count = batch.events.count
        let arena = UnsafeRawPointer(batch.arena.base)
        batchClock = batch.origin.kafka.map { clockIndex(partition: $0.partition) } ?? SessionRecord.noClock
        let prefetching = prefetches
        for e in 0..<count {
            if prefetching, e % Self.prefetchGroup == 0 { prefetchAhead(batch, from: e) }
            let event = batch.events[e]
            advance(to: event.timestampMs)  // every shard follows the same watermark
            if batchClock >= 0, event.timestampMs > clocksMs[Int(batchClock)] { clocksMs[Int(batchClock)] = event.timestampMs }
            guard !event.isDropped else { continue }
            let refs = batch.keys.base + e * EventBatch.refsPerEvent
            let user = refs[KeyDimension.user.rawValue]
            let u = owns(user.hash) ? person(user, arena) : nil
            let task = refs[EventRef.task]
            if task.length > 0, owns(task.hash) {
                if event.isOutcome {
                    applyOutcome(ms: event.timestampMs, task: task, status: refs[EventRef.status], arena)
                } else {
                    countCall(event, task: task, person: u, arena)
                }
            }
            if let u { apply(event, person: u, refs, arena) }
        }
    }

    /// The sequencer's watermark rule, replayed per event so that staleness does not depend on
    /// where batches end.
    @inline(__always)
    private func advance(to ms: Int64) {
        guard ms > watermarkMs else { return }
        watermarkMs = ms
        let hour = Timestamp.floorDiv(ms, Timestamp.msPerHour)
        guard hour != watermarkHour else { return }
        watermarkHour = hour
        horizonMs = windows.lateBoundaryMs(watermarkMs: ms)
        closeIdleSessionsIfNeeded()
        compactIfNeeded()
    }

    /// The index of `partition`'s clock, which starts unset (`Int64.min`) the first time it is asked for.
    func clockIndex(partition: Int32) -> Int32 {
        if let index = clockIndexByPartition[partition] { return index }
        let index = Int32(clocksMs.count)
        clocksMs.append(Int64.min)
        clockIndexByPartition[partition] = index
        return index
    }

    private func intern(_ ref: KeyRef, _ arena: UnsafeRawPointer) {
        guard ref.length > 0 else { return }
        names.intern(ref.hash, UnsafeRawBufferPointer(start: arena + Int(ref.offset), count: Int(ref.length)))
    }

    /// The person's record (nil when refused at the bound), its cached indices reset when stale.
    private func person(_ user: KeyRef, _ arena: UnsafeRawPointer) -> Int? {
        // The tables' closures capture no `self` (each capture costs a retain and a release per
        // lookup): new records' names are interned after the insert.
        guard let (u, isNew) = users.findOrAdd(hash: user.hash, user.hash, { UserRecord(user: user.hash) }) else { return nil }
        if isNew { intern(user, arena) }
        if users[u].cacheRebuilds != epoch {
            users[u].cacheRebuilds = epoch
            users[u].activity = -1; users[u].session = -1; users[u].workHour = -1; users[u].workDay = -1
            users[u].task = -1
            users[u].namedTask = 0
        }
        return u
    }

    private func apply(_ event: EventRecord, person u: Int, _ refs: UnsafeMutablePointer<KeyRef>, _ arena: UnsafeRawPointer) {
        let ms = event.timestampMs
        let team = refs[KeyDimension.team.rawValue], org = refs[KeyDimension.org.rawValue]
        if ms >= users[u].latestMs {
            users[u].latestMs = ms
            if users[u].team != team.hash { intern(team, arena); users[u].team = team.hash }
            if users[u].org != org.hash { intern(org, arena); users[u].org = org.hash }
        }
        guard !event.isOutcome else { return }
        let hour = Timestamp.floorDiv(ms, Timestamp.msPerHour)
        touchActivity(u, hour: hour, refs, arena)
        touchSession(u, event, session: refs[EventRef.session], arena)
        let task = refs[EventRef.task]
        guard task.length > 0 else { return }
        if users[u].pending.calls > 0, users[u].pending.task != task.hash || users[u].pending.hour != hour {
            flushWork(u)
        }
        if users[u].pending.calls == 0 {
            // The work record names its task itself: the task's own record (which also stores the
            // name) may have been refused at --insight-records-max, or live in another shard. When
            // the person's last task record (`countCall`, just before) is this task's, the name is
            // stored already and kept while the record lives.
            if users[u].namedTask != task.hash {
                let t = Int(users[u].task)
                if t < 0 || t >= tasks.count || tasks[t].task != task.hash { intern(task, arena) }
                users[u].namedTask = task.hash
            }
            users[u].pending = PendingWork(task: task.hash, hour: hour, team: team.hash, org: org.hash)
        }
        add(event.totalTokens, to: &users[u].pending.tokens)
        users[u].pending.calls += 1
    }

    /// Adds a person's pending work to the hour and day work records.
    func flushWork(_ u: Int) {
        let p = users[u].pending
        guard p.calls > 0 else { return }
        users[u].pending = PendingWork()
        if windows.hourSlots > 0, p.hour > watermarkHour - Int64(windows.hourSlots) {
            addWork(u, unit: 0, bucket: p.hour, p)
        }
        if windows.daySlots > 0 { addWork(u, unit: 1, bucket: Timestamp.floorDiv(p.hour, 24), p) }
    }

    /// Adds every person's pending work (before a cut or a compaction). O(people).
    func flushAllWork() {
        for u in 0..<users.count where users[u].pending.calls > 0 { flushWork(u) }
    }

    /// A usage event's part in its task's record (in the task's shard), made by person `u` when this
    /// shard keeps their record.
    private func countCall(_ event: EventRecord, task: KeyRef, person u: Int?, _ arena: UnsafeRawPointer) {
        // A person's consecutive calls usually share a task: check their last one before the table.
        var t = u.map { Int(users[$0].task) } ?? -1
        if t < 0 || tasks[t].task != task.hash {
            guard let found = taskRecord(task, arena) else { return }
            t = found
            if let u { users[u].task = Int32(t) }
        } else {
            resetIfStale(t)
        }
        let ms = event.timestampMs, tokens = event.totalTokens
        tasks[t].lastHour = max(tasks[t].lastHour, Timestamp.floorDiv(ms, Timestamp.msPerHour))
        if ms > tasks[t].statusMs {
            tasks[t].callsSinceStatus += 1
            add(tokens, to: &tasks[t].tokensSinceStatus)
        }
    }

    private func applyOutcome(ms: Int64, task: KeyRef, status: KeyRef, _ arena: UnsafeRawPointer) {
        guard let t = taskRecord(task, arena) else { return }
        tasks[t].lastHour = max(tasks[t].lastHour, Timestamp.floorDiv(ms, Timestamp.msPerHour))
        if ms >= tasks[t].statusMs {
            intern(status, arena)
            tasks[t].status = status.hash
            tasks[t].statusMs = ms
            tasks[t].callsSinceStatus = 0
            tasks[t].tokensSinceStatus = 0
        }
        if ms < tasks[t].shippedMs, isShipped(status, arena) { tasks[t].shippedMs = ms }
    }

    private func isShipped(_ status: KeyRef, _ arena: UnsafeRawPointer) -> Bool {
        let text = UnsafeRawBufferPointer(start: arena + Int(status.offset), count: Int(status.length))
        return (status.hash == Self.shippedHash && text.elementsEqual("shipped".utf8))
            || (status.hash == Self.mergedHash && text.elementsEqual("merged".utf8))
    }

    /// The task's record, reset first when stale.
    private func taskRecord(_ task: KeyRef, _ arena: UnsafeRawPointer) -> Int? {
        guard let (t, isNew) = tasks.findOrAdd(hash: task.hash, task.hash, { TaskRecord(task: task.hash) }) else { return nil }
        if isNew { intern(task, arena) }
        resetIfStale(t)
        return t
    }

    private func resetIfStale(_ t: Int) {
        // The horizon starts on the hour (a window's start), so the hour decides as the instant would.
        if tasks[t].lastHour != Int64.min, tasks[t].lastHour < Timestamp.floorDiv(horizonMs, Timestamp.msPerHour) {
            tasks[t] = TaskRecord(task: tasks[t].task)
        }
    }

    private func touchActivity(_ u: Int, hour: Int64, _ refs: UnsafeMutablePointer<KeyRef>, _ arena: UnsafeRawPointer) {
        let id = ActivityRecord.ID(
            user: refs[0].hash, team: refs[1].hash, org: refs[2].hash, model: refs[3].hash, tool: refs[4].hash)
        // Touched in this hour already: nothing to change, and no need to load the record.
        let previous = users[u].activityID
        if users[u].activityHour == hour, previous == id { return }
        users[u].activityID = id
        users[u].activityHour = hour
        // The cached record is the previous combination's: loaded only when that is this one.
        let cached = Int(users[u].activity)
        if cached >= 0, previous == id, activity[cached].id == id {
            if activity[cached].lastHour != hour { activity[cached].touch(hour: hour) }
            return
        }
        guard let (a, isNew) = activity.findOrAdd(hash: id.hash, id, { ActivityRecord(id: id) }) else { return }
        if isNew { for d in 1..<KeyDimension.count { intern(refs[d], arena) } }
        activity[a].touch(hour: hour)
        users[u].activity = Int32(a)
    }

    private func touchSession(_ u: Int, _ event: EventRecord, session: KeyRef, _ arena: UnsafeRawPointer) {
        let id = SessionRecord.ID(user: users[u].user, session: session.hash)
        // Closing idle sessions moves records without a new epoch: the index is checked, not trusted.
        var s = Int(users[u].session)
        if s < 0 || s >= sessions.count || sessions[s].id != id {
            guard let (found, isNew) = sessions.findOrAdd(hash: id.hash, id, {
                SessionRecord(id: id, name: SessionName(UnsafeRawBufferPointer(start: arena + Int(session.offset), count: Int(session.length))))
            }) else { return }
            // Only a name too long to keep in the record goes to the names store.
            if isNew, sessions[found].name.isOverflow { intern(session, arena) }
            s = found
            users[u].session = Int32(s)
        }
        let ms = event.timestampMs
        if sessions[s].calls > 0, isOver(sessions[s], callMs: ms) {
            close(sessions[s], person: u, names: self)
            sessions[s] = SessionRecord(id: id, name: sessions[s].name)
        }
        sessions[s].clock = batchClock
        sessions[s].firstMs = min(sessions[s].firstMs, ms)
        sessions[s].lastMs = max(sessions[s].lastMs, ms)
        sessions[s].calls += 1
        add(event.totalTokens, to: &sessions[s].tokens)
        if let ended = sessions[s].streak.add(ms: ms, tokens: event.totalTokens, output: event.outputTokens, saturated: &saturatedSums) {
            keepLoop(ended, of: sessions[s])
        }
    }

    private func keepLoop(_ streak: LoopStreak, of session: SessionRecord) {
        loops.append(LoopRecord(
            user: session.id.user, session: session.id.session, name: session.name, startMs: streak.startMs,
            endMs: streak.lastMs, calls: streak.calls, tokens: streak.tokens))
    }

    /// Folds a closed session (of person `u`) into what outlives it: its running streak, finished
    /// by the idle gap, and its span in the person's front. A stale session leaves nothing, as before.
    /// `names` orders the few names the front keeps only in the store: a view of it
    /// (`InsightNames.withPrefetcher`) where sessions close in bulk, else the stage itself, since
    /// passing the store out of this class copies it (a retain and a release of each of its arrays).
    func close(_ session: SessionRecord, person u: Int, names: some NameOrder) {
        guard session.lastMs >= horizonMs else { return }
        if session.streak.calls >= LoopStreak.callsFloor { keepLoop(session.streak, of: session) }
        guard session.id.session != 0 else { return }
        let closed = SessionFronts.Entry(
            user: session.id.user, session: session.id.session, firstMs: session.firstMs, lastMs: session.lastMs,
            name: session.name)
        fronts.add(closed, head: &users[u].sessionFront, names: names)
    }

    /// Whether a call at `callMs` (from the batch's clock) finds `session` over: more than
    /// `SessionRecord.idleMsMax` after its last call, or its record closed, or due to close, against
    /// its own clock or the call's. Decided by the records and clocks alone, never by whether a cut
    /// has closed the record yet, so that where cuts fall changes nothing.
    private func isOver(_ session: SessionRecord, callMs: Int64) -> Bool {
        if callMs - session.lastMs > SessionRecord.idleMsMax { return true }
        let own = session.clock == SessionRecord.noClock ? Int64.min : clocksMs[Int(session.clock)]
        return session.lastMs < closedBeforeMs(clockMs: max(clockMs(batchClock), own))
    }

    /// The time clock `clock` shows: its partition's newest event, or the run's watermark.
    private func clockMs(_ clock: Int32) -> Int64 { clock == SessionRecord.noClock ? watermarkMs : clocksMs[Int(clock)] }

    /// Sessions whose last call is before this are closed at clock `clockMs`, or stale (the longest
    /// window may be shorter than the idle gap).
    private func closedBeforeMs(clockMs: Int64) -> Int64 { max(horizonMs, SessionRecord.closedBeforeMs(clockMs: clockMs)) }

    /// The clock a record without one (`noClock`) closes against: the slowest partition's, which no
    /// call of any partition can be behind; the run's watermark without a Kafka input.
    private var noClockMs: Int64 { clocksMs.lazy.filter { $0 != Int64.min }.min() ?? watermarkMs }

    /// Closes every session whose clock is more than `SessionRecord.idleMsMax` and
    /// `arrivalSlackMs` past its last call and removes its record. Closing early changes nothing a
    /// snapshot shows: a closed session stays closed (`isOver`) and the fronts do not depend on the
    /// order sessions fold in. O(sessions + c log c) for c closing.
    func closeIdleSessions() {
        let closedBefore = clocksMs.map { closedBeforeMs(clockMs: $0) }
        let closedBeforeNoClock = closedBeforeMs(clockMs: noClockMs)
        func isClosed(_ r: SessionRecord) -> Bool {
            r.lastMs < (r.clock == SessionRecord.noClock ? closedBeforeNoClock : closedBefore[Int(r.clock)])
        }
        var closing: [Closing] = []
        for s in 0..<sessions.count where isClosed(sessions[s]) {
            closing.append(Closing(user: sessions[s].id.user, lastMs: sessions[s].lastMs, index: Int32(s)))
        }
        defer { sessionsAfterClosing = sessions.count }
        guard !closing.isEmpty else { return }
        let order = Self.closingOrder(closing)
        let prefetching = prefetches
        names.withPrefetcher { names in
            // A person's sessions close one after another: their record is looked up once.
            var person: (user: UInt64, index: Int?)?
            for start in stride(from: 0, to: order.count, by: Self.prefetchGroup) {
                if prefetching { prefetchClosingAhead(order, from: start) }
                for k in start..<min(start + Self.prefetchGroup, order.count) {
                    let s = Int(order[k])
                    guard sessions[s].calls > 0 else { continue }
                    // A person's record outlives their sessions (it is stale only after all of them).
                    let user = sessions[s].id.user
                    if person?.user != user { person = (user, users.find(hash: user, user)) }
                    if let u = person?.index { close(sessions[s], person: u, names: names) }
                }
            }
        }
        sessions.removeAll(where: isClosed)
    }

    /// A session `closeIdleSessions` closes: its person, its last call and its index in the table.
    struct Closing: BitwiseCopyable {
        var user: UInt64
        var lastMs: Int64
        var index: Int32

        /// Person, then end, then table index: every two closings differ in the last.
        static func precedes(_ a: Closing, _ b: Closing) -> Bool {
            if a.user != b.user { return a.user < b.user }
            return a.lastMs != b.lastMs ? a.lastMs < b.lastMs : a.index < b.index
        }
    }

    /// The indices of the `closing` sessions grouped by person, each person's in the order they
    /// ended (so that each fold into their front is O(1) amortised, `SessionFronts.add`), ties in
    /// table order; people in the order of their hashes. Grouped, a person's record and front are
    /// loaded once for all of their sessions: a closing round closes about five a person on a
    /// realistic month. O(c) expected (`Array.bucketSorted` by the hashes' top bits), O(c log c) at worst.
    static func closingOrder(_ closing: [Closing]) -> [Int32] {
        let bits = [Closing].bucketBits(forCount: closing.count, bitsMax: 22)
        let sorted = closing.bucketSorted(
            buckets: 1 << bits, bucket: { bits == 0 ? 0 : Int($0.user >> (64 - bits)) }, by: { Closing.precedes($0, $1) })
        return sorted.map(\.index)
    }

    private func addWork(_ u: Int, unit: Int64, bucket: Int64, _ p: PendingWork) {
        let id = WorkRecord.ID(user: users[u].user, task: p.task, unit: unit, bucket: bucket)
        let cached = Int(unit == 0 ? users[u].workHour : users[u].workDay)
        var w = cached
        if w < 0 || work[w].id != id {
            guard let found = work.findOrInsert(hash: id.hash, id, { WorkRecord(id: id, team: p.team, org: p.org) }) else { return }
            w = found
            if unit == 0 { users[u].workHour = Int32(w) } else { users[u].workDay = Int32(w) }
        }
        add(p.tokens, to: &work[w].tokens)
    }

    /// `sum += value`, saturating at `Int64.max` and counted when it does.
    @inline(__always)
    private func add(_ value: Int64, to sum: inout Int64) {
        if sum.addSaturating(value) { saturatedSums += 1 }
    }
}

/// The stage orders stored names as its store does, without the store leaving the class.
extension InsightState: NameOrder {
    func precedes(_ a: UInt64, _ b: UInt64) -> Bool { names.precedes(a, b) }
}
