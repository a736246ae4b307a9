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
            $0.outcomes.tokens != $1.outcomes.tokens ? $0.outcomes.tokens > $1.outcomes.tokens : ExactName($0.user) < ExactName($1.user)
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
        // Windows start on the hour: the hour of a task's last event says whether it is in one.
        let startHour = Timestamp.floorDiv(figures.windowStartMs, Timestamp.msPerHour)
        let inflated = rows.tasks.filter { $0.callsSinceStatus >= t.runCallsMin && ($0.lastHour ?? Int64.min) >= startHour }
        let contributors = Self.contributors(of: inflated, in: rows.work)
        for (task, people) in zip(inflated, contributors) {
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
            guard let team = p.team, let g = figures.group(.team, team), g.activeUsers >= t.concentrationTeamUsersMin,
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

        return ordered(flags)
    }

    /// The people who made AI calls on each of `tasks` (by name, in byte order, each once), from the
    /// work records: only the tasks flagged are collected, one lookup per record.
    /// - Complexity: O(work + c log c) for c contributions to those tasks.
    static func contributors(of tasks: [InsightRows.Task], in work: [InsightRows.Work]) -> [[String]] {
        var index: [ExactName: Int] = [:]
        for (i, task) in tasks.enumerated() { index[ExactName(task.task)] = i }
        var people = [[String]](repeating: [], count: tasks.count)
        for w in work {
            if let i = index[ExactName(w.task)], !(people[i].last?.isBytewiseEqual(to: w.user) ?? false) { people[i].append(w.user) }
        }
        return people.map { Set($0.map { ExactName($0) }).sorted().map(\.text) }
    }

    /// Flags by kind (in `RedFlag.Kind`'s order), most severe first, then by subject and evidence;
    /// flags equal in all of these keep their order. Each flag's key is computed once: a run
    /// inflation flag's evidence is built from its people, and most flags of a kind tie on severity.
    /// - Complexity: O(f log f).
    static func ordered(_ flags: [RedFlag]) -> [RedFlag] {
        let kinds = RedFlag.Kind.allCases
        let keys = flags.map { (kind: kinds.firstIndex(of: $0.kind)!, severity: $0.severity, subject: $0.subject, evidence: $0.evidence) }
        let order = flags.indices.sorted { a, b in
            let (x, y) = (keys[a], keys[b])
            if x.kind != y.kind { return x.kind < y.kind }
            if x.severity != y.severity { return x.severity > y.severity }
            if !x.subject.isBytewiseEqual(to: y.subject) { return ExactName(x.subject) < ExactName(y.subject) }
            if !x.evidence.isBytewiseEqual(to: y.evidence) { return ExactName(x.evidence) < ExactName(y.evidence) }
            return a < b
        }
        return order.map { flags[$0] }
    }
}
