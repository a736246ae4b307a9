import TallyCore

extension InsightState {
    /// Whether each kind of record is still live at the current watermark: the rules the writer
    /// also applies, so that a snapshot never depends on when compaction last ran.
    struct Liveness {
        let horizonMs: Int64
        let horizonHour: Int64
        let firstHourBucket: Int64
        let firstDayBucket: Int64

        init(windows: WindowSet, watermarkMs: Int64) {
            horizonMs = windows.lateBoundaryMs(watermarkMs: watermarkMs)
            horizonHour = horizonMs == Int64.min ? Int64.min : Timestamp.floorDiv(horizonMs, Timestamp.msPerHour)
            firstHourBucket = windows.liveBuckets(.hour, watermarkMs: watermarkMs).lowerBound
            firstDayBucket = windows.liveBuckets(.day, watermarkMs: watermarkMs).lowerBound
        }

        func user(_ r: UserRecord) -> Bool { r.latestMs >= horizonMs }
        func activity(_ r: ActivityRecord) -> Bool { r.lastHour >= horizonHour }
        /// Within the horizon. Which sessions are still open the stage decides against their clocks
        /// (`closeIdleSessions`, before every image): a closed one lives on in a loop and a front entry.
        func session(_ r: SessionRecord) -> Bool { r.lastMs >= horizonMs }
        func front(_ e: SessionFronts.Entry) -> Bool { !e.isFree && e.lastMs >= horizonMs }
        /// A status event also sets `lastHour`, which the horizon (a window's start) can compare.
        func task(_ r: TaskRecord) -> Bool { r.lastHour >= horizonHour }
        func work(_ r: WorkRecord) -> Bool { r.id.bucket >= (r.id.unit == 0 ? firstHourBucket : firstDayBucket) }
        func loop(_ r: LoopRecord) -> Bool { r.endMs >= horizonMs }

        /// `dayBits` without the days before the horizon, which a record that went stale and came
        /// back would otherwise still carry.
        func daysWithinHorizon(_ r: ActivityRecord) -> UInt64 {
            let days = r.lastDay - Timestamp.floorDiv(horizonMs, Timestamp.msPerDay) + 1
            return days >= 64 ? r.dayBits : days <= 0 ? 0 : r.dayBits & (1 << UInt64(days) - 1)
        }
    }

    /// Drops stale records once the tables have grown by half since the last compaction. Near their
    /// bound, where a table may be full of live records that no compaction removes, it runs once
    /// they have grown by an eighth or the horizon has moved a day (records go stale only as it
    /// moves): amortised O(1) per record inserted either way, and not once an event hour.
    func compactIfNeeded() {
        let size = recordCount
        if size >= max(65_536, sizeAtLastCompaction * 3 / 2) { return compact() }
        let largest = max(users.count, activity.count, sessions.count, tasks.count, work.count, fronts.count)
        guard largest >= recordsMax * 3 / 4 else { return }
        if size >= sizeAtLastCompaction + sizeAtLastCompaction / 8 || horizonMs >= horizonAtLastCompactionMs + Timestamp.msPerDay {
            compact()
        }
    }

    /// Closes idle sessions once the sessions table has doubled since they were last closed, rather
    /// than at the next compaction: a day's closed sessions would otherwise wait there, about a
    /// seventh of all records on a realistic month. Amortised O(1) per session.
    func closeIdleSessionsIfNeeded() {
        if sessions.count >= max(8_192, sessionsAfterClosing * 2) { closeIdleSessions() }
    }

    /// Removes every stale record and every name no live record uses. O(records + names).
    ///
    /// The work table is compacted, and its names marked, on a thread of its own
    /// (`WorkCompaction`) while this one does the rest: the stage takes no batch meanwhile, so the
    /// workers that feed it soon stop and a core would otherwise idle for the whole compaction.
    package func compact() {
        flushAllWork()  // a person's record may go, and their pending work with it
        let live = Liveness(windows: windows, watermarkMs: watermarkMs)
        let side = WorkCompaction(work: Self.take(&work), names: names)
        let thread = SystemThread(name: "tt-compact") { side.run(live) }
        closeIdleSessions()  // before people go: a closed session folds into its person's front
        users.removeAll { !live.user($0) }
        let heads = fronts.rebuild(heads: users.entries.map(\.sessionFront), isLive: live.front)
        for u in 0..<users.count { users[u].sessionFront = heads[u] }
        activity.removeAll { !live.activity($0) }
        tasks.removeAll { !live.task($0) }
        loops.removeAll { !live.loop($0) }
        var keep = namesInUse()
        thread.join()
        work = side.finish(orInto: &keep)
        epoch += 1
        names.retain(keep)
        sizeAtLastCompaction = recordCount
        horizonAtLastCompactionMs = horizonMs
        compactions += 1
    }

    /// `table`'s records, leaving an empty table of the same bound in its place: moved, not copied.
    private static func take<R>(_ table: inout InsightTable<R>) -> InsightTable<R> {
        var taken = InsightTable<R>(entriesMax: table.entriesMax)
        swap(&taken, &table)
        return taken
    }

    /// For each name index, whether a record other than a work record uses the name (those are
    /// marked by `WorkCompaction`). O(records), plus a lookup per name used.
    private func namesInUse() -> [Bool] {
        var marker = NameMarker(names: names)
        for r in users.entries { marker.mark(r.user); marker.mark(r.team); marker.mark(r.org) }
        for r in activity.entries { marker.mark(r.id.team); marker.mark(r.id.org); marker.mark(r.id.model); marker.mark(r.id.tool) }
        // Sessions keep their names themselves (`SessionName`), but for the longest.
        for r in sessions.entries where r.name.isOverflow { marker.mark(r.id.session) }
        for e in fronts.entries where e.name.isOverflow { marker.mark(e.session) }
        for r in loops where r.name.isOverflow { marker.mark(r.session) }
        for r in tasks.entries { marker.mark(r.task); marker.mark(r.status) }
        return marker.finish()
    }

    /// Records over all tables, and names: what compaction can shrink (closed sessions leave names
    /// behind until then).
    var recordCount: Int {
        users.count + activity.count + sessions.count + tasks.count + work.count + loops.count + fronts.count + names.count
    }
}

/// The work table's part of a compaction, on a thread of its own: its stale records go and the names
/// the rest use are marked, reading the names store, which nothing changes meanwhile. The thread
/// owns the table between `init` and `finish`, which the stage calls after joining it.
private final class WorkCompaction: @unchecked Sendable {
    private var work: InsightTable<WorkRecord>
    /// Let go of in `finish`, so that the stage's store is the only reference when it is compacted.
    private var names: InsightNames?
    private var namesUsed: [Bool] = []

    init(work: InsightTable<WorkRecord>, names: InsightNames) {
        self.work = work
        self.names = names
    }

    func run(_ live: InsightState.Liveness) {
        work.removeAll { !live.work($0) }
        var marker = NameMarker(names: names!)
        for r in work.entries { marker.mark(r.id.task); marker.mark(r.team); marker.mark(r.org) }
        namesUsed = marker.finish()
    }

    /// The compacted table; the names it uses are added to `keep`. Called once, after `run`.
    func finish(orInto keep: inout [Bool]) -> InsightTable<WorkRecord> {
        precondition(namesUsed.count == keep.count, "the work names are marked before the table is handed back")
        for i in keep.indices where namesUsed[i] { keep[i] = true }
        names = nil
        namesUsed = []
        return work
    }
}

/// Which names live records use, for compaction: `keep[i]` for each name index `i` used.
///
/// Records repeat a few names (teams, orgs, models, tools, their person): each is looked up once
/// while it stays in a direct-mapped filter. The others are looked up a buffer at a time, each
/// probe's slot and entry loaded some names ahead, since the store holds millions of names.
private struct NameMarker {
    private let names: InsightNames
    private var keep: [Bool]
    private var filter = [UInt64](repeating: 0, count: 4096)
    private var pending: [UInt64] = []
    private static let pendingMax = 4096
    private static let prefetchDistance = 16

    init(names: InsightNames) {
        self.names = names
        keep = [Bool](repeating: false, count: names.count)
        pending.reserveCapacity(Self.pendingMax)
    }

    mutating func mark(_ hash: UInt64) {
        let m = Int(truncatingIfNeeded: hash) & (filter.count - 1)
        guard hash != 0, filter[m] != hash else { return }
        filter[m] = hash
        pending.append(hash)
        if pending.count == Self.pendingMax { resolve() }
    }

    mutating func finish() -> [Bool] {
        resolve()
        return keep
    }

    private mutating func resolve() {
        let ahead = Self.prefetchDistance
        names.withPrefetcher { p in
            for (j, hash) in pending.enumerated() {
                if j + ahead < pending.count { p.prefetch(hash: pending[j + ahead], false) }
                if j + ahead / 2 < pending.count { p.prefetch(hash: pending[j + ahead / 2], true) }
                if let i = p.table.find(hash: hash, hash) { keep[i] = true }
            }
        }
        pending.removeAll(keepingCapacity: true)
    }
}
