import CPlatform
import TallyCore
import TallyEvents

// The insights stage's loads, started ahead of the work that needs them. Its tables hold millions
// of records in random order, and one event's lookups form chains of dependent loads (a person's
// slot, then their record, then the work records its pending work names); a miss costs about 200 ns
// on the reference VM, several times an event's work. Each step of a chain is started a group of
// events before the step that needs it, so the misses of many events overlap. All of it is hints:
// a wrong guess wastes a load and changes nothing else.
extension InsightState {
    /// Events (and closing sessions) are handled in groups of this many: each step runs for the
    /// group its `rawValue` groups ahead. The tables' views are taken once per group (each costs
    /// a retain and a release of the table's arrays).
    static let prefetchGroup = 8

    /// Whether the tables have outgrown the caches (`prefetchRecordsMin`).
    var prefetches: Bool { recordCount >= prefetchRecordsMin }

    private enum Step: Int, CaseIterable {
        /// The first slot each of the event's lookups probes (person, activity, session, task, and
        /// the task's name).
        case slots = 4
        /// The records those slots name.
        case records = 3
        /// With the person's record loaded: the records its cached indices name (compared first),
        /// the task name's text (compared on intern), and the work records the person's pending work
        /// will be added to, by cached index and by the slots a lookup probes.
        case cached = 2
        /// The work records those slots name.
        case work = 1
    }

    /// The tables' views for one group.
    private struct Views {
        let users: InsightTable<UserRecord>.Prefetcher
        let activity: InsightTable<ActivityRecord>.Prefetcher
        let sessions: InsightTable<SessionRecord>.Prefetcher
        let tasks: InsightTable<TaskRecord>.Prefetcher
        let work: InsightTable<WorkRecord>.Prefetcher
        let names: InsightNames.Prefetcher
    }

    private func withViews(_ body: (Views) -> Void) {
        users.withPrefetcher { users in activity.withPrefetcher { activity in sessions.withPrefetcher { sessions in
            tasks.withPrefetcher { tasks in work.withPrefetcher { work in names.withPrefetcher { names in
                body(Views(users: users, activity: activity, sessions: sessions, tasks: tasks, work: work, names: names))
            } } }
        } } }
    }

    /// At the start of the group at `e`, starts every step for the group it serves.
    func prefetchAhead(_ batch: EventBatch, from e: Int) {
        let count = batch.events.count, group = Self.prefetchGroup
        withViews { views in
            for step in Step.allCases where e + step.rawValue * group < count {
                let start = e + step.rawValue * group
                for event in start..<min(start + group, count) { prefetch(batch, event: event, step, views) }
            }
        }
    }

    @inline(__always)
    private func prefetch(_ batch: EventBatch, event e: Int, _ step: Step, _ v: Views) {
        let event = batch.events[e]
        guard !event.isDropped else { return }
        let refs = batch.keys.base + e * EventBatch.refsPerEvent
        let user = refs[KeyDimension.user.rawValue].hash, session = refs[EventRef.session].hash
        let task = refs[EventRef.task]
        let isCall = !event.isOutcome, hasTask = task.length > 0
        switch step {
        case .slots, .records:
            if owns(user) {
                v.users.prefetch(hash: user, step == .records)
                if isCall {
                    let activity = ActivityRecord.ID(
                        user: user, team: refs[1].hash, org: refs[2].hash, model: refs[3].hash, tool: refs[4].hash)
                    v.activity.prefetch(hash: activity.hash, step == .records)
                    v.sessions.prefetch(hash: SessionRecord.ID(user: user, session: session).hash, step == .records)
                }
            }
            if hasTask {
                v.names.prefetch(hash: task.hash, step == .records)
                if owns(task.hash) { v.tasks.prefetch(hash: task.hash, step == .records) }
            }
        case .cached, .work:
            guard isCall, owns(user), let u = v.users.find(hash: user, user) else { return }
            let person = v.users.entries[u]
            if step == .cached {
                v.sessions.record(index: Int(person.session))
                if hasTask {
                    v.names.text(hash: task.hash)
                    v.tasks.record(index: Int(person.task))
                }
            }
            let p = person.pending
            let hour = Timestamp.floorDiv(event.timestampMs, Timestamp.msPerHour)
            guard hasTask, p.calls > 0, p.task != task.hash || p.hour != hour else { return }
            let hourID = WorkRecord.ID(user: user, task: p.task, unit: 0, bucket: p.hour)
            let dayID = WorkRecord.ID(user: user, task: p.task, unit: 1, bucket: Timestamp.floorDiv(p.hour, 24))
            v.work.prefetch(hash: hourID.hash, step == .work)
            v.work.prefetch(hash: dayID.hash, step == .work)
            if step == .cached {
                v.work.record(index: Int(person.workHour))
                v.work.record(index: Int(person.workDay))
            }
        }
    }

    private enum ClosingStep: Int, CaseIterable {
        /// The closing session's record.
        case session = 4
        /// The first slot the lookup of its person probes.
        case personSlot = 3
        /// The person's record.
        case person = 2
        /// The first entry of the person's front, which the closed session folds into.
        case front = 1
    }

    /// At the start of the group at `k` of the sessions `closeIdleSessions` closes (`closing`: their
    /// indices, in closing order, a person's together), starts every step for the group it serves.
    func prefetchClosingAhead(_ closing: [Int32], from k: Int) {
        let group = Self.prefetchGroup
        sessions.withPrefetcher { sessions in users.withPrefetcher { users in fronts.withPrefetcher { fronts in
            for step in ClosingStep.allCases where k + step.rawValue * group < closing.count {
                let start = k + step.rawValue * group
                var previous: UInt64?  // a person's sessions come together: their loads are started once
                for index in closing[start..<min(start + group, closing.count)] {
                    let s = Int(index)
                    if step == .session {
                        sessions.record(index: s)
                        continue
                    }
                    let user = sessions.entries[s].id.user
                    guard user != previous else { continue }
                    previous = user
                    switch step {
                    case .session: break  // started above, for each closing
                    case .personSlot: users.slot(hash: user)
                    case .person: users.record(hash: user)
                    case .front: if let u = users.find(hash: user, user) { fronts.entry(users.entries[u].sessionFront) }
                    }
                }
            }
        } } }
    }
}
