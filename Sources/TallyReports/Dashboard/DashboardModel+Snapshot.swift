import TallyCore
import TallyEvents
import TallyStages

extension DashboardModel {
    /// Most model series drawn; the rest are folded into "other models".
    static let modelSeriesMax = 8
    /// Most flags listed per kind (the most severe); `tokentally flags` lists them all.
    static let flagsPerKindMax = 10

    /// The dashboard of one snapshot as `scope` may see it: usage charts over the longest day
    /// window, outcome, adoption and flag figures for `window`, and the leaderboard panel only when
    /// the snapshot allows it. Groups (models, orgs) with fewer than the scope's minimum distinct
    /// users are left out and counted in `suppressedGroups`.
    /// - Complexity: O(the snapshot's rows).
    public init(
        snapshot: SnapshotFile, window name: String, scope: VisibilityScope, thresholds: RedFlagThresholds,
        leaderboardTop: Int = 25
    ) throws(ReportError) {
        let header = snapshot.header
        let figures = try InsightFigures(snapshot: snapshot, window: name)
        let rows = figures.rows
        var suppressed = 0

        // The x axis: the longest day window (or the watermark's day alone).
        let lastDay = header.hasWatermark ? Timestamp.floorDiv(header.watermarkMs, Timestamp.msPerDay) : 0
        let dayCount = max(1, header.windows.filter { $0.unit == .day }.map(\.length).max() ?? 1)
        let days = header.hasWatermark ? Array(lastDay - Int64(dayCount) + 1...lastDay) : []
        func dayIndex(_ day: Int64) -> Int? {
            guard let first = days.first, day >= first, day <= lastDay else { return nil }
            return Int(day - first)
        }

        // Daily tokens by model and by kind, from the models' day buckets.
        var byModel: [ExactName: [Int64]] = [:]
        var byKind = [[Int64]](repeating: [Int64](repeating: 0, count: days.count), count: 4)
        do {
            try snapshot.forEachBucketRow { row in
                guard row.dimension == .model else { return }
                let model = ExactName(String(decoding: row.key, as: UTF8.self))
                var values = [Int64](repeating: 0, count: days.count)
                for slot in row.days {
                    guard let i = dayIndex(slot[0]) else { continue }
                    for k in 0..<4 {
                        values[i].addSaturating(slot[1 + k])
                        byKind[k][i].addSaturating(slot[1 + k])
                    }
                }
                byModel[model] = values
            }
        } catch {
            throw ReportError.snapshot(error)
        }
        let modelUsers = Self.distinctUsers(rows.activity, since: days.first.map { $0 * 24 } ?? 0) { $0.model }
        var shown = byModel.filter { scope.canShowGroup(distinctUsers: modelUsers[$0.key] ?? 0) }
        suppressed &+= byModel.count - shown.count
        var models = shown.map { Series(name: $0.key.text, values: $0.value) }.sorted {
            $0.total != $1.total ? $0.total > $1.total : ExactName($0.name) < ExactName($1.name)
        }
        if models.count > Self.modelSeriesMax {
            let rest = models[(Self.modelSeriesMax - 1)...]
            var other = [Int64](repeating: 0, count: days.count)
            for s in rest { for i in other.indices { other[i].addSaturating(s.values[i]) } }
            models = Array(models.prefix(Self.modelSeriesMax - 1)) + [Series(name: "other models (\(rest.count))", values: other)]
        }
        shown.removeAll()

        // Work completed with AI per day: tasks whose first ship falls on the day, with and without AI calls.
        let tasksWithAI = Set(rows.work.map { ExactName($0.task) })
        var shippedWithAI = [Int64](repeating: 0, count: days.count), shippedTotal = shippedWithAI
        for t in rows.tasks {
            guard let ms = t.shippedMs, let i = dayIndex(Timestamp.floorDiv(ms, Timestamp.msPerDay)) else { continue }
            shippedTotal[i] += 1
            if tasksWithAI.contains(ExactName(t.task)) { shippedWithAI[i] += 1 }
        }

        // Adoption breadth by org.
        let startHour = Timestamp.floorDiv(figures.windowStartMs, Timestamp.msPerHour)
        var teamsOfOrg: [ExactName: Set<ExactName>] = [:]
        for a in rows.activity where a.lastHour >= startHour {
            if let org = a.org, let team = a.team { teamsOfOrg[ExactName(org), default: []].insert(ExactName(team)) }
        }
        var adoption: [AdoptionRow] = []
        for g in (figures.groups[.org] ?? [:]).values where g.activeUsers > 0 {
            guard scope.canShowGroup(distinctUsers: g.activeUsers) else {
                suppressed += 1
                continue
            }
            adoption.append(AdoptionRow(
                org: g.key, activeUsers: Int64(g.activeUsers), activeTeams: Int64(teamsOfOrg[ExactName(g.key)]?.count ?? 0),
                tools: Int64(g.tools), models: Int64(g.models), usersThisWeek: g.usersThisWeek.map(Int64.init),
                usersPreviousWeek: g.usersPreviousWeek.map(Int64.init)))
        }
        adoption.sort { $0.activeUsers != $1.activeUsers ? $0.activeUsers > $1.activeUsers : ExactName($0.org) < ExactName($1.org) }

        var flags: [FlagRow] = []
        let found = RedFlagFinder.find(figures, rows: rows, thresholds: thresholds).compactMap { $0.scoped(scope) }
        for kind in RedFlag.Kind.allCases {
            let ofKind = found.filter { $0.kind == kind }  // most severe first
            for f in ofKind.prefix(Self.flagsPerKindMax) {
                flags.append(FlagRow(kind: kind.title, subject: f.subject, evidence: f.evidence, threshold: f.threshold))
            }
            if ofKind.count > Self.flagsPerKindMax {
                flags.append(FlagRow(
                    kind: kind.title, subject: "…",
                    evidence: "\(ofKind.count - Self.flagsPerKindMax) more; `tokentally flags --window \(name)` lists all \(ofKind.count)",
                    threshold: ofKind[0].threshold))
            }
        }
        var leaderboard: Leaderboard?
        if header.leaderboardAllowed {
            let board = TallyReports.Leaderboard(figures, top: leaderboardTop, cacheWizardTokensMin: 1_000_000, canSee: scope.canSee(user:))
            leaderboard = Leaderboard(
                rows: board.rows.map {
                    LeaderboardRow(rank: $0.rank, user: $0.user, tokens: $0.tokens, tasksShipped: Int64($0.tasksShipped),
                                   tokensPerShippedTask: $0.tokensPerShippedTask)
                },
                badges: board.badges.map { Badge(name: $0.name, user: $0.user, value: $0.value) },
                caveat: TallyReports.Leaderboard.caveat)
        }

        let o = figures.overall
        let watermark = header.hasWatermark ? Timestamp.format(ms: header.watermarkMs) : "no events yet"
        let file = snapshot.path.split(separator: "/").last.map(String.init) ?? snapshot.path
        self.init(
            title: "AI usage and outcomes",
            subtitle: "\(file) · data up to \(watermark) · written \(Timestamp.format(ms: header.createdAtMs))",
            scopeNote: scope.description,
            days: days, tokensByModel: models,
            tokensByKind: zip(["fresh input", "output", "cache read", "cache write"], byKind).map { Series(name: $0, values: $1) },
            shippedWithAIPerDay: shippedWithAI, shippedTotalPerDay: shippedTotal,
            headline: Headline(
                window: name, tasksShippedWithAI: Int64(o.tasksShipped), tasksShippedTotal: Int64(figures.tasksShippedTotal),
                tasksTouched: Int64(o.tasksTouched), tokens: o.tokens, tokensPerShippedTask: o.tokensPerShippedTask,
                costNanoUSDPerShippedTask: o.costNanoUSDPerShippedTask, tokensOnShippedShare: o.shippedTokenShare,
                activeUsers: Int64(figures.activeUsers)),
            adoptionByOrg: adoption, orgsActive: Int64(figures.activeOrgs), teamsActive: Int64(figures.activeTeams),
            flags: flags, leaderboard: leaderboard, suppressedGroups: suppressed)
        // Every panel reads some dimension's totals or the insights records; the flags panel shows runs.
        limitNotes = LimitNotes(header: header, dimensions: KeyDimension.allCases, insights: true)
            .adding(figures.saturationNote).adding(LimitNotes.inexactTaskRuns(header)).lines
    }

    /// Distinct people per group key active at or after `sinceHour`.
    static func distinctUsers(
        _ activity: [InsightRows.Activity], since sinceHour: Int64, _ key: (InsightRows.Activity) -> String?
    ) -> [ExactName: Int] {
        var users: [ExactName: Set<ExactName>] = [:]
        for a in activity where a.lastHour >= sinceHour {
            if let k = key(a) { users[ExactName(k), default: []].insert(ExactName(a.user)) }
        }
        return users.mapValues(\.count)
    }
}
