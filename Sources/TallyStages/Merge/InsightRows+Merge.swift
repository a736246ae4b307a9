import TallyCore

extension InsightRows {
    /// The records of snapshots of disjoint people as one (docs/snapshot-format.md, "Merging
    /// snapshots"): the records keyed by person unite; a task's records, which may come from
    /// several parts, combine (`Task.combined`).
    /// - Returns: the merged records, how many tasks' runs since their latest status are not exact,
    ///   and how many of their sums saturated.
    /// - Throws: `MergeError.sharedPerson` when a person has records in two parts.
    /// - Complexity: O(records), expected.
    package static func merging(_ parts: [(rows: InsightRows, path: String)]) throws(MergeError)
        -> (rows: InsightRows, inexactTaskRuns: Int, saturatedSums: Int)
    {
        var merged = InsightRows()
        var people = Set<String>()
        var taskIndex: [String: Int] = [:]
        var inexact = Set<String>()
        var saturated = 0
        for (rows, path) in parts {
            for person in rows.people where !people.insert(person.user).inserted {
                throw MergeError(.sharedPerson(user: person.user, path: path))
            }
            merged.people += rows.people
            merged.activity += rows.activity
            merged.sessions += rows.sessions
            merged.closedSessions += rows.closedSessions
            merged.work += rows.work
            merged.loops += rows.loops
            for task in rows.tasks {
                guard let i = taskIndex[task.task] else {
                    taskIndex[task.task] = merged.tasks.count
                    merged.tasks.append(task)
                    continue
                }
                let combined = merged.tasks[i].combined(with: task)
                merged.tasks[i] = combined.task
                if !combined.isExact { inexact.insert(task.task) }
                saturated += combined.saturatedSums
            }
        }
        return (merged, inexact.count, saturated)
    }
}

extension InsightRows.Task {
    /// This task's record combined with another part's record of the same task, as if one run had
    /// seen both parts' events: calls, tokens and cost add, the first and last instants and the
    /// first shipment take the earlier or later, and the status is the latest one's.
    ///
    /// The run since that status (`callsSinceStatus`, `tokensSinceStatus`) counts calls after it.
    /// It is exact when the other side has no call after it (no calls, or its last event no later),
    /// or neither side had a status; and not when both had a status at the same instant while a
    /// run followed it (which came later is unknown). Otherwise it is each side's run since its
    /// own latest status added, and `isExact` is false. (A part's calls before its longest window are
    /// missing from both records alike: its snapshot leaves a stale task out.)
    /// - Complexity: O(1).
    package func combined(with other: Self) -> (task: Self, isExact: Bool, saturatedSums: Int) {
        var result = self
        var saturated = 0
        for pinned in [result.calls.addSaturating(other.calls), result.tokens.addSaturating(other.tokens),
                       result.costNanoUSD.addSaturating(other.costNanoUSD)] where pinned {
            saturated += 1
        }
        result.firstMs = Self.earlier(firstMs, other.firstMs)
        result.lastMs = Self.later(lastMs, other.lastMs)
        result.shippedMs = Self.earlier(shippedMs, other.shippedMs)
        let mine = statusMs ?? Int64.min, theirs = other.statusMs ?? Int64.min
        let (latest, rest) = mine > theirs || (mine == theirs && (status ?? "") >= (other.status ?? "")) ? (self, other) : (other, self)
        result.status = latest.status
        result.statusMs = latest.statusMs
        let exact: Bool
        if latest.statusMs == nil {
            exact = true
        } else if rest.statusMs == latest.statusMs {
            exact = (latest.callsSinceStatus == 0 && rest.callsSinceStatus == 0) && latest.status == rest.status
        } else {
            exact = rest.calls == 0 || (rest.lastMs ?? Int64.min) <= latest.statusMs!
        }
        if exact && latest.statusMs != nil && rest.statusMs != latest.statusMs {
            result.callsSinceStatus = latest.callsSinceStatus
            result.tokensSinceStatus = latest.tokensSinceStatus
        } else {
            result.callsSinceStatus = latest.callsSinceStatus.addingSaturating(rest.callsSinceStatus)
            result.tokensSinceStatus = latest.tokensSinceStatus.addingSaturating(rest.tokensSinceStatus)
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
