import TallyCore

extension InsightRows {
    /// The records of snapshots of disjoint people as one (docs/snapshot-format.md, "Merging
    /// snapshots"): the records keyed by person unite; a task's records, which may come from
    /// several parts, combine (`Task.combined`).
    /// - Returns: the merged records, how many tasks' runs since their latest status are not exact,
    ///   and how many of those runs' sums saturated.
    /// - Throws: `MergeError.sharedPerson` when a person has records in two parts.
    /// - Complexity: O(records), expected.
    package static func merging(_ parts: [(rows: InsightRows, path: String)]) throws(MergeError)
        -> (rows: InsightRows, inexactTaskRuns: Int, saturatedSums: Int)
    {
        var merged = InsightRows()
        // Ids told apart by their bytes, as the engine keys them (`ExactName`).
        var people = Set<ExactName>()
        var taskIndex: [ExactName: Int] = [:]
        var inexact = Set<ExactName>()
        var saturated = 0
        for (rows, path) in parts {
            for person in rows.people where !people.insert(ExactName(person.user)).inserted {
                throw MergeError(.sharedPerson(user: person.user, path: path))
            }
            merged.people += rows.people
            merged.activity += rows.activity
            merged.sessions += rows.sessions
            merged.closedSessions += rows.closedSessions
            merged.work += rows.work
            merged.loops += rows.loops
            for task in rows.tasks {
                guard let i = taskIndex[ExactName(task.task)] else {
                    taskIndex[ExactName(task.task)] = merged.tasks.count
                    merged.tasks.append(task)
                    continue
                }
                let combined = merged.tasks[i].combined(with: task)
                merged.tasks[i] = combined.task
                if !combined.isExact { inexact.insert(ExactName(task.task)) }
                saturated += combined.saturatedSums
            }
        }
        return (merged, inexact.count, saturated)
    }
}

extension InsightRows.Task {
    /// This task's record combined with another part's record of the same task, as if one run had
    /// seen both parts' events: the last hour and the first shipment take the later or earlier, and
    /// the status is the latest one's.
    ///
    /// The run since that status (`callsSinceStatus`, `tokensSinceStatus`) counts calls after it.
    /// It is exact when the other side has no call after it, or neither side had a status; and not
    /// when both had a status at the same instant while a run followed it (which came later is
    /// unknown). The other side has no call after it when it has no run since its own status (its
    /// status is no later), or its last event is in an earlier hour. Otherwise the run is each
    /// side's run since its own latest status added, and `isExact` is false: also when the other
    /// side's calls after its own status fall in the hour of the latest status, whether before it
    /// or not (records keep the hour of their last event, not the instant). A part's calls before
    /// its longest window are missing from both records alike: its snapshot leaves a stale task out.
    /// - Complexity: O(1).
    package func combined(with other: Self) -> (task: Self, isExact: Bool, saturatedSums: Int) {
        var result = self
        result.lastHour = Self.later(lastHour, other.lastHour)
        result.shippedMs = Self.earlier(shippedMs, other.shippedMs)
        let mine = statusMs ?? Int64.min, theirs = other.statusMs ?? Int64.min
        let (latest, rest) = mine > theirs || (mine == theirs && ExactName(status ?? "") >= ExactName(other.status ?? ""))
            ? (self, other) : (other, self)
        result.status = latest.status
        result.statusMs = latest.statusMs
        let exact: Bool
        if let statusMs = latest.statusMs {
            if rest.statusMs == statusMs {
                exact = (latest.callsSinceStatus == 0 && rest.callsSinceStatus == 0)
                    && latest.status.map { ExactName($0) } == rest.status.map { ExactName($0) }
            } else {
                // `rest`'s status, if any, is earlier: its run holds every call of its after the latest status.
                exact = rest.callsSinceStatus == 0 || (rest.lastHour ?? Int64.min) < Timestamp.floorDiv(statusMs, Timestamp.msPerHour)
            }
        } else {
            exact = true
        }
        var saturated = 0
        if exact && latest.statusMs != nil && rest.statusMs != latest.statusMs {
            result.callsSinceStatus = latest.callsSinceStatus
            result.tokensSinceStatus = latest.tokensSinceStatus
        } else {
            result.callsSinceStatus = latest.callsSinceStatus
            result.tokensSinceStatus = latest.tokensSinceStatus
            for pinned in [result.callsSinceStatus.addSaturating(rest.callsSinceStatus),
                           result.tokensSinceStatus.addSaturating(rest.tokensSinceStatus)] where pinned {
                saturated += 1
            }
        }
        return (result, exact, saturated)
    }

    private static func earlier(_ a: Int64?, _ b: Int64?) -> Int64? {
        guard let a, let b else { return a ?? b }
        return min(a, b)
    }

    private static func later(_ a: Int64?, _ b: Int64?) -> Int64? {
        guard let a, let b else { return a ?? b }
        return max(a, b)
    }
}
