import TallyCore
import TallyStages

/// Outcome, adoption and badge figures for one window, computed from a snapshot's insights
/// records and totals. Every window ends at the snapshot's watermark, so "in the window" means at
/// or after the window's start.
///
/// Definitions (docs/insights.md):
/// - a task is *touched* by a person in the window when they made an AI call on it in the window;
/// - a task is *shipped with AI* by a person (team, org) in the window when its first `shipped` or
///   `merged` status falls in the window and that person (team, org) made AI calls on it within the
///   snapshot's history (the longest window);
/// - *tokens on shipped tasks* are the window's tokens on tasks that have shipped by the watermark.
///
/// - Complexity: O(records + totals) with hashing; built once per reader command.
public struct InsightFigures: Sendable {
    public struct Outcomes: Sendable, Equatable {
        public var tokens: Int64 = 0
        public var costNanoUSD: Int64 = 0
        public var tasksTouched = 0
        public var tasksShipped = 0
        public var tokensOnShipped: Int64 = 0

        public var tokensPerShippedTask: Int64? { tasksShipped > 0 ? tokens / Int64(tasksShipped) : nil }
        public var costNanoUSDPerShippedTask: Int64? { tasksShipped > 0 ? costNanoUSD / Int64(tasksShipped) : nil }
        public var shippedTokenShare: Double? { tokens > 0 ? Double(tokensOnShipped) / Double(tokens) : nil }
    }

    public struct Person: Sendable, Equatable {
        public var user: String
        public var team: String?
        public var org: String?
        public var outcomes = Outcomes()
        public var cacheReadTokens: Int64 = 0
        public var models = 0
        public var longestSessionMs: Int64 = 0
        public var longestSession: String?

        public var cacheReadShare: Double { outcomes.tokens > 0 ? Double(cacheReadTokens) / Double(outcomes.tokens) : 0 }
    }

    public struct Group: Sendable, Equatable {
        public var dimension: KeyDimension
        public var key: String
        public var outcomes = Outcomes()
        public var activeUsers = 0
        public var tools = 0
        public var models = 0
        /// Active users in the 7 days ending at the watermark's day, and in the 7 days before;
        /// nil when the snapshot keeps fewer than 14 days.
        public var usersThisWeek: Int?
        public var usersPreviousWeek: Int?
    }

    public let window: WindowSpec
    public let windowStartMs: Int64
    /// The records the figures were computed from, for readers that need them too (flags, the
    /// dashboard): a snapshot's rows are parsed once.
    public let rows: InsightRows
    /// By user name.
    public var people: [String: Person] = [:]
    /// Team, org, model and tool rows, by dimension then key.
    public var groups: [KeyDimension: [String: Group]] = [:]
    /// The whole organisation.
    public var overall = Outcomes()
    public var tasksShippedTotal = 0
    public var activeUsers = 0
    public var activeTeams = 0
    public var activeOrgs = 0
    /// For readers to print beside their figures when some are lower bounds: sums that saturated
    /// while counting (the header's count) or totals of this window that stopped at `Int64.max`.
    public var saturationNote: String?

    public init(snapshot: SnapshotFile, window name: String) throws(ReportError) {
        guard let window = snapshot.header.windows.first(where: { $0.name == name }) else {
            throw ReportError.unknownWindow(name, available: snapshot.header.windows.map(\.name))
        }
        let rows: InsightRows, totals: [SnapshotTotal]
        do {
            rows = try snapshot.insightRows()
            totals = try snapshot.totals(window: name)
        } catch {
            throw ReportError.snapshot(error)
        }
        self.init(header: snapshot.header, window: window, rows: rows, totals: totals)
    }

    package init(header: SnapshotHeader, window: WindowSpec, rows: InsightRows, totals: [SnapshotTotal]) {
        self.window = window
        self.rows = rows
        let watermark = header.watermarkMs
        windowStartMs = header.hasWatermark ? window.startMs(watermarkMs: watermark) : Int64.max
        let startBucket = Timestamp.floorDiv(windowStartMs, window.unit.milliseconds)
        let startHour = Timestamp.floorDiv(windowStartMs, Timestamp.msPerHour)

        // People with any event in the window (a totals row), placed in their latest team and org.
        var placement: [String: InsightRows.Person] = [:]
        for p in rows.people { placement[p.user] = p }
        var saturatedTotals = 0
        for t in totals {
            if t.isSaturated { saturatedTotals += 1 }
            switch t.dimension {
            case .user:
                var person = Person(user: t.key, team: placement[t.key]?.team, org: placement[t.key]?.org)
                person.outcomes.tokens = t.totalTokens
                person.outcomes.costNanoUSD = t.costNanoUSD
                person.cacheReadTokens = t.cacheReadTokens
                people[t.key] = person
                overall.tokens.addSaturating(t.totalTokens)
                overall.costNanoUSD.addSaturating(t.costNanoUSD)
            default:
                var g = Group(dimension: t.dimension, key: t.key)
                g.outcomes.tokens = t.totalTokens
                g.outcomes.costNanoUSD = t.costNanoUSD
                groups[t.dimension, default: [:]][t.key] = g
            }
        }

        // Distinct counts from the activity sets.
        var usersOf: [KeyDimension: [String: Set<String>]] = [:]
        var modelsOf: [KeyDimension: [String: Set<String>]] = [:]
        var toolsOf: [KeyDimension: [String: Set<String>]] = [:]
        var modelsOfUser: [String: Set<String>] = [:]
        var thisWeek: [KeyDimension: [String: Set<String>]] = [:], lastWeek: [KeyDimension: [String: Set<String>]] = [:]
        var activeUsers = Set<String>(), teams = Set<String>(), orgs = Set<String>()
        let watermarkDay = Timestamp.floorDiv(watermark, Timestamp.msPerDay)
        let hasTwoWeeks = header.windows.contains { $0.unit == .day && $0.length >= 14 }
        for a in rows.activity {
            let inWindow = a.lastHour >= startHour
            let keyed: [(KeyDimension, String?)] = [(.team, a.team), (.org, a.org), (.model, a.model), (.tool, a.tool)]
            if inWindow {
                activeUsers.insert(a.user)
                if let team = a.team { teams.insert(team) }
                if let org = a.org { orgs.insert(org) }
                if let model = a.model { modelsOfUser[a.user, default: []].insert(model) }
                for (d, key) in keyed {
                    guard let key else { continue }
                    usersOf[d, default: [:]][key, default: []].insert(a.user)
                    if d == .team || d == .org {
                        if let model = a.model { modelsOf[d, default: [:]][key, default: []].insert(model) }
                        if let tool = a.tool { toolsOf[d, default: [:]][key, default: []].insert(tool) }
                    }
                }
            }
            if hasTwoWeeks {
                for d in [KeyDimension.team, .org] {
                    guard let key = d == .team ? a.team : a.org else { continue }
                    if (0..<7).contains(where: { a.wasActive(onDay: watermarkDay - $0) }) {
                        thisWeek[d, default: [:]][key, default: []].insert(a.user)
                    }
                    if (7..<14).contains(where: { a.wasActive(onDay: watermarkDay - $0) }) {
                        lastWeek[d, default: [:]][key, default: []].insert(a.user)
                    }
                }
            }
        }
        self.activeUsers = activeUsers.count
        activeTeams = teams.count
        activeOrgs = orgs.count
        for (user, models) in modelsOfUser { people[user]?.models = models.count }
        for d in [KeyDimension.team, .org, .model, .tool] {
            for (key, users) in usersOf[d] ?? [:] {
                var g = groups[d]?[key] ?? Group(dimension: d, key: key)
                g.activeUsers = users.count
                g.models = modelsOf[d]?[key]?.count ?? 0
                g.tools = toolsOf[d]?[key]?.count ?? 0
                if hasTwoWeeks {
                    g.usersThisWeek = thisWeek[d]?[key]?.count ?? 0
                    g.usersPreviousWeek = lastWeek[d]?[key]?.count ?? 0
                }
                groups[d, default: [:]][key] = g
            }
        }

        // Sessions: the longest (first to last call) of each person among those ending in the window,
        // open or closed; ties go to the name first in byte order.
        func consider(_ user: String, _ session: String, firstMs: Int64, lastMs: Int64) {
            let span = lastMs &- firstMs
            guard lastMs >= windowStartMs, var p = people[user] else { return }
            let longer = span > p.longestSessionMs
                || (span == p.longestSessionMs && p.longestSession.map { session.utf8.lexicographicallyPrecedes($0.utf8) } ?? true)
            guard longer else { return }
            p.longestSessionMs = span
            p.longestSession = session
            people[user] = p
        }
        for s in rows.sessions { if let session = s.session { consider(s.user, session, firstMs: s.firstMs, lastMs: s.lastMs) } }
        for c in rows.closedSessions { consider(c.user, c.session, firstMs: c.firstMs, lastMs: c.lastMs) }

        // Outcomes: join the work records to their tasks' first ship.
        var shippedMs: [String: Int64] = [:]
        for t in rows.tasks {
            guard let shipped = t.shippedMs else { continue }
            shippedMs[t.task] = shipped
            if shipped >= windowStartMs { tasksShippedTotal += 1 }
        }
        var touched: [KeyDimension: [String: Set<String>]] = [:]
        var shippedBy: [KeyDimension: [String: Set<String>]] = [:]
        var touchedAll = Set<String>(), shippedAll = Set<String>()
        for w in rows.work {
            let owners: [(KeyDimension, String?)] = [(.user, w.user), (.team, w.team), (.org, w.org)]
            let shipped = shippedMs[w.task]
            if let shipped, shipped >= windowStartMs {
                shippedAll.insert(w.task)
                for case let (d, key?) in owners { shippedBy[d, default: [:]][key, default: []].insert(w.task) }
            }
            guard w.unit == window.unit, w.bucket >= startBucket else { continue }
            touchedAll.insert(w.task)
            for case let (d, key?) in owners {
                touched[d, default: [:]][key, default: []].insert(w.task)
                guard shipped != nil else { continue }
                update(d, key) { $0.tokensOnShipped.addSaturating(w.tokens) }
            }
            if shipped != nil { overall.tokensOnShipped.addSaturating(w.tokens) }
        }
        for d in [KeyDimension.user, .team, .org] {
            for (key, tasks) in touched[d] ?? [:] { update(d, key) { $0.tasksTouched = tasks.count } }
            for (key, tasks) in shippedBy[d] ?? [:] { update(d, key) { $0.tasksShipped = tasks.count } }
        }
        overall.tasksTouched = touchedAll.count
        overall.tasksShipped = shippedAll.count
        // The organisation's sums (this reader's own) count as totals too.
        if overall.tokens == .max || overall.costNanoUSD == .max { saturatedTotals += 1 }
        saturationNote = Self.saturationNote(counted: header.saturatedSums, totals: saturatedTotals, window: window.name)
    }

    static func saturationNote(counted: Int, totals: Int, window: String) -> String? {
        let parts = [totals > 0 ? "\(totals) \(totals == 1 ? "total" : "totals") in \(window) stopped at 9,223,372,036,854,775,807" : nil,
                     counted > 0 ? "\(counted) additions saturated while counting" : nil].compactMap { $0 }
        guard !parts.isEmpty else { return nil }
        return "saturated sums: " + parts.joined(separator: " and ") + "; such figures are lower bounds (docs/event-format.md, \"Sums\")"
    }

    private mutating func update(_ d: KeyDimension, _ key: String, _ body: (inout Outcomes) -> Void) {
        if d == .user {
            guard people[key] != nil else { return }
            body(&people[key]!.outcomes)
        } else {
            body(&groups[d, default: [:]][key, default: Group(dimension: d, key: key)].outcomes)
        }
    }
}
