import TallyStages
import TallyCore

/// Finds the four red flags of one window (see `RedFlag.Kind` and docs/insights.md).
/// - Complexity: O(people log people + tasks + work records + sessions + loops).
public enum RedFlagFinder {
    public static func find(
        _ figures: InsightFigures, rows: InsightRows, thresholds t: RedFlagThresholds
    ) -> [RedFlag] {
        var flags: [RedFlag] = []
        let window = figures.window.name

        // 1. High spend, no deliverable.
        let ranked = figures.people.values.filter { $0.outcomes.tokens > 0 }.sorted {
            $0.outcomes.tokens != $1.outcomes.tokens ? $0.outcomes.tokens > $1.outcomes.tokens : $0.user < $1.user
        }
        let topCount = Int((Double(ranked.count) * t.spendTopShare).rounded(.up))
        for (i, p) in ranked.prefix(topCount).enumerated() where p.outcomes.tasksShipped == 0 {
            flags.append(RedFlag(
                kind: .highSpendNoDeliverable, subject: p.user, people: [p.user],
                detail: "\(Format.tokens(p.outcomes.tokens)) tokens in \(window) (rank \(i + 1) of \(ranked.count)), "
                    + "cost $\(Format.dollars(p.outcomes.costNanoUSD)), \(p.outcomes.tasksTouched) tasks touched, 0 shipped",
                threshold: "top \(Format.percent(t.spendTopShare)) of spend with no shipped task",
                severity: Double(p.outcomes.tokens)))
        }

        // 2. Run inflation: tasks active in the window with a long run of calls since their status changed.
        var contributors: [String: Set<String>] = [:]
        for w in rows.work { contributors[w.task, default: []].insert(w.user) }
        // Windows start on the hour: the hour of a task's last event says whether it is in one.
        let startHour = Timestamp.floorDiv(figures.windowStartMs, Timestamp.msPerHour)
        for task in rows.tasks where task.callsSinceStatus >= t.runCallsMin && (task.lastHour ?? Int64.min) >= startHour {
            let people = (contributors[task.task] ?? []).sorted()
            let since = task.statusMs.map { "since status '\(task.status ?? "?")' at \(Timestamp.format(ms: $0))" }
                ?? "and no status event yet"
            flags.append(RedFlag(
                kind: .runInflation, subject: task.task, people: people,
                detail: "\(task.callsSinceStatus) AI calls (\(Format.tokens(task.tokensSinceStatus)) tokens) \(since)",
                threshold: "at least \(t.runCallsMin) calls since the last status change",
                severity: Double(task.callsSinceStatus)))
        }

        // 3. Concentration: one person holding most of their team's tokens while shipping little.
        for p in figures.people.values {
            guard let team = p.team, let g = figures.groups[.team]?[team], g.activeUsers >= t.concentrationTeamUsersMin,
                  g.outcomes.tokens > 0
            else { continue }
            let share = Double(p.outcomes.tokens) / Double(g.outcomes.tokens)
            guard share > t.concentrationShare, p.outcomes.tasksShipped <= t.concentrationShippedMax else { continue }
            flags.append(RedFlag(
                kind: .concentration, subject: p.user, people: [p.user],
                detail: "\(Format.percent(share)) of \(team)'s \(Format.tokens(g.outcomes.tokens)) tokens in \(window) "
                    + "(\(g.activeUsers) active users), \(p.outcomes.tasksShipped) tasks shipped",
                threshold: "more than \(Format.percent(t.concentrationShare)) of a team of at least "
                    + "\(t.concentrationTeamUsersMin), at most \(t.concentrationShippedMax) shipped",
                severity: share))
        }

        // 4. Idle looping: finished streaks, and streaks still running.
        var streaks = rows.loops
        for s in rows.sessions where s.streak[2] >= LoopStreak.callsFloor {
            streaks.append(.init(user: s.user, session: s.session, startMs: s.streak[0], endMs: s.streak[1], calls: s.streak[2], tokens: s.streak[6]))
        }
        for l in streaks where l.endMs >= figures.windowStartMs && l.calls >= t.loopCallsMin
            && l.endMs &- l.startMs >= t.loopMinutesMin &* 60_000 {
            let minutes = (l.endMs &- l.startMs) / 60_000
            let intervalS = Double(l.endMs &- l.startMs) / Double(max(l.calls &- 1, 1)) / 1000
            flags.append(RedFlag(
                kind: .idleLoop, subject: l.user, people: [l.user],
                detail: "\(l.calls) calls every \(Format.seconds(intervalS)) for \(minutes) min, about "
                    + "\(Format.tokens(l.tokens / max(l.calls, 1))) tokens each, session \(l.session ?? "(none)"), "
                    + "\(Timestamp.format(ms: l.startMs)) to \(Timestamp.format(ms: l.endMs))",
                threshold: "at least \(t.loopCallsMin) calls over at least \(t.loopMinutesMin) min at a steady cadence "
                    + "with near-identical sizes",
                severity: Double(l.calls)))
        }

        let order = Dictionary(uniqueKeysWithValues: RedFlag.Kind.allCases.enumerated().map { ($1, $0) })
        return flags.sorted {
            if $0.kind != $1.kind { return order[$0.kind]! < order[$1.kind]! }
            if $0.severity != $1.severity { return $0.severity > $1.severity }
            return ($0.subject, $0.evidence) < ($1.subject, $1.evidence)
        }
    }
}
