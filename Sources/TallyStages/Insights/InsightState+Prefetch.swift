import CPlatform
import TallyCore
import TallyEvents

// The insights stage's loads, started ahead of the work that needs them. Its tables hold millions
// of records in random order, and one event's lookups form chains of dependent loads (a person's
// slot, then their record, then the work records its pending work names); a miss costs about 200 ns
// on the reference VM, several times an event's work. Each step of a chain is started a group of
// events before the step that needs it, so the misses of many events overlap.
extension InsightState {
    /// Events (and closing sessions) are handled in groups of this many: each step runs for the
    /// group its `rawValue` groups ahead, and the tables' views are taken once per group and step.
    static let prefetchGroup = 8

    /// At the start of the group at `e`, starts every step for the group it serves.
    func prefetchAhead(_ batch: EventBatch, from e: Int) {
        let count = batch.events.count
        for step in PrefetchStep.allCases where e + step.rawValue * Self.prefetchGroup < count {
            let start = e + step.rawValue * Self.prefetchGroup
            prefetch(batch, events: start..<min(start + Self.prefetchGroup, count), step)
        }
    }

    private enum PrefetchStep: Int, CaseIterable {
        /// The first slot each of the event's lookups probes (person, activity, session, task, and
        /// the session's name).
        case slots = 4
        /// The records those slots name.
        case records = 3
        /// With the person's record loaded: the work records their pending work will be added to,
        /// by the indices it caches and by the slots a lookup probes.
        case workSlots = 2
        case workRecords = 1
    }

    /// Starts loading what the events in `range` will read at `step`. Hints only: a wrong guess
    /// wastes a load.
    private func prefetch(_ batch: EventBatch, events range: Range<Int>, _ step: PrefetchStep) {
        switch step {
        case .slots, .records:
            let records = step == .records
            users.withPrefetcher { users in activity.withPrefetcher { activity in sessions.withPrefetcher { sessions in
                tasks.withPrefetcher { tasks in names.withPrefetcher { names in
                    for e in range {
                        let event = batch.events[e]
                        guard !event.isDropped else { continue }
                        let refs = batch.keys.base + e * EventBatch.refsPerEvent
                        let user = refs[KeyDimension.user.rawValue].hash
                        if owns(user) {
                            if records { users.record(hash: user) } else { users.slot(hash: user) }
                            if !event.isOutcome {
                                let activityHash = ActivityRecord.ID(
                                    user: user, team: refs[1].hash, org: refs[2].hash, model: refs[3].hash, tool: refs[4].hash).hash
                                let session = refs[EventRef.session].hash
                                let sessionHash = SessionRecord.ID(user: user, session: session).hash
                                if records {
                                    activity.record(hash: activityHash); sessions.record(hash: sessionHash); names.record(hash: session)
                                } else {
                                    activity.slot(hash: activityHash); sessions.slot(hash: sessionHash); names.slot(hash: session)
                                }
                            }
                        }
                        let task = refs[EventRef.task]
                        if task.length > 0 {
                            if records { names.record(hash: task.hash) } else { names.slot(hash: task.hash) }
                            if owns(task.hash) {
                                if records { tasks.record(hash: task.hash) } else { tasks.slot(hash: task.hash) }
                            }
                        }
                    }
                } }
            } } }
        case .workSlots, .workRecords:
            users.withPrefetcher { users in work.withPrefetcher { work in names.withPrefetcher { names in
                for e in range {
                    let event = batch.events[e]
                    guard !event.isDropped, !event.isOutcome else { continue }
                    let refs = batch.keys.base + e * EventBatch.refsPerEvent
                    let user = refs[KeyDimension.user.rawValue].hash
                    guard owns(user), let u = users.find(hash: user, user) else { continue }
                    let task = refs[EventRef.task]
                    if step == .workSlots {
                        // The texts an intern compares: a new session's name, and the task's.
                        names.text(hash: refs[EventRef.session].hash)
                        if task.length > 0 { names.text(hash: task.hash) }
                    }
                    guard task.length > 0 else { continue }
                    let p = users.entries[u].pending
                    let hour = Timestamp.floorDiv(event.timestampMs, Timestamp.msPerHour)
                    guard p.calls > 0, p.task != task.hash || p.hour != hour else { continue }
                    let hourHash = WorkRecord.ID(user: user, task: p.task, unit: 0, bucket: p.hour).hash
                    let dayHash = WorkRecord.ID(user: user, task: p.task, unit: 1, bucket: Timestamp.floorDiv(p.hour, 24)).hash
                    if step == .workRecords {
                        work.record(hash: hourHash); work.record(hash: dayHash)
                    } else {
                        work.slot(hash: hourHash); work.slot(hash: dayHash)
                        work.record(index: Int(users.entries[u].workHour)); work.record(index: Int(users.entries[u].workDay))
                    }
                }
            } } }
        }
    }

    private enum ClosingPrefetchStep: Int, CaseIterable {
        /// The closing session's record.
        case session = 4
        /// The first slot the lookup of its person probes.
        case personSlot = 3
        /// The person's record.
        case person = 2
        /// The first entry of the person's front, which the closed session folds into.
        case front = 1
    }

    /// At the start of the group at `k` of the sessions `closeIdleSessions` closes (their indices,
    /// in closing order), starts every step for the group it serves.
    func prefetchClosingAhead(_ closing: some RandomAccessCollection<Int>, from k: Int) {
        for step in ClosingPrefetchStep.allCases where k + step.rawValue * Self.prefetchGroup < closing.count {
            let start = k + step.rawValue * Self.prefetchGroup
            let end = min(start + Self.prefetchGroup, closing.count)
            prefetchClosing(closing[closing.index(closing.startIndex, offsetBy: start)..<closing.index(closing.startIndex, offsetBy: end)], step)
        }
    }

    /// Starts loading what closing the sessions at `indices` reads at `step` (`closeIdleSessions`).
    private func prefetchClosing(_ indices: some Sequence<Int>, _ step: ClosingPrefetchStep) {
        if step == .session {
            sessions.withPrefetcher { sessions in for s in indices { sessions.record(index: s) } }
            return
        }
        sessions.withPrefetcher { sessions in users.withPrefetcher { users in fronts.withPrefetcher { fronts in
            for s in indices {
                let user = sessions.entries[s].id.user
                switch step {
                case .personSlot: users.slot(hash: user)
                case .person: users.record(hash: user)
                default: if let u = users.find(hash: user, user) { fronts.entry(users.entries[u].sessionFront) }
                }
            }
        } } }
    }
}
