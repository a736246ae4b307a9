import TallyCore
import TallySnapshot
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
/// - Complexity: O(records + totals + names); built once per reader command, on two threads (the
///   work records' outcomes are tallied beside the activity records, `tallyOutcomes`).
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
    /// By user name, told apart by its bytes as the engine does (`ExactName`; `person(_:)` looks one up).
    public var people: [ExactName: Person] = [:]
    /// Team, org, model and tool rows, by dimension then key (`group(_:_:)` looks one up).
    public var groups: [KeyDimension: [ExactName: Group]] = [:]
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
        let (rows, totals) = try Self.read(snapshot, window: name)
        self.init(header: snapshot.header, window: window, rows: rows, totals: totals)
    }

    /// The snapshot's insights rows and its totals of `window`, read side by side: decoding the
    /// insights section takes longest, so it has a thread of its own while this one reads the totals.
    private static func read(_ snapshot: SnapshotFile, window: String) throws(ReportError) -> (InsightRows, [SnapshotTotal]) {
        let decoding = ThreadedValue(name: "tt-read-insights") { Result { () throws(SnapshotError) in try snapshot.insightRows() } }
        let totals = Result { () throws(SnapshotError) in try snapshot.totals(window: window) }
        let rows = decoding.value()
        do throws(SnapshotError) {
            return (try rows.get(), try totals.get())
        } catch {
            throw ReportError.snapshot(error)
        }
    }

    package init(header: SnapshotHeader, window: WindowSpec, rows: InsightRows, totals: [SnapshotTotal]) {
        self.window = window
        self.rows = rows
        let watermark = header.watermarkMs
        windowStartMs = header.hasWatermark ? window.startMs(watermarkMs: watermark) : Int64.max
        let startBucket = Timestamp.floorDiv(windowStartMs, window.unit.milliseconds)
        let startHour = Timestamp.floorDiv(windowStartMs, Timestamp.msPerHour)

        // People with any event in the window (a totals row), placed in their latest team and org.
        var placement: [ExactName: InsightRows.Person] = [:]
        for p in rows.people { placement[ExactName(p.user)] = p }
        var saturatedTotals = 0
        for t in totals {
            if t.isSaturated { saturatedTotals += 1 }
            switch t.dimension {
            case .user:
                let key = ExactName(t.key)
                var person = Person(user: t.key, team: placement[key]?.team, org: placement[key]?.org)
                person.outcomes.tokens = t.totalTokens
                person.outcomes.costNanoUSD = t.costNanoUSD
                person.cacheReadTokens = t.cacheReadTokens
                people[key] = person
                overall.tokens.addSaturating(t.totalTokens)
                overall.costNanoUSD.addSaturating(t.costNanoUSD)
            default:
                var g = Group(dimension: t.dimension, key: t.key)
                g.outcomes.tokens = t.totalTokens
                g.outcomes.costNanoUSD = t.costNanoUSD
                groups[t.dimension, default: [:]][ExactName(t.key)] = g
            }
        }

        // The work records on the other core, while this one counts the activity records and sessions.
        let outcomes = ThreadedValue(name: "tt-read-outcome") { [window, windowStartMs] in
            Self.tallyOutcomes(rows.tasks, rows.work, window: window, windowStartMs: windowStartMs, startBucket: startBucket)
        }
        countActivity(rows.activity, header: header, startHour: startHour)

        // Sessions: the longest (first to last call) of each person among those ending in the window,
        // open or closed; ties go to the name first in byte order.
        func consider(_ user: String, _ session: String, firstMs: Int64, lastMs: Int64) {
            let span = lastMs &- firstMs
            guard lastMs >= windowStartMs, var p = people[ExactName(user)] else { return }
            let longer = span > p.longestSessionMs
                || (span == p.longestSessionMs && p.longestSession.map { session.utf8.lexicographicallyPrecedes($0.utf8) } ?? true)
            guard longer else { return }
            p.longestSessionMs = span
            p.longestSession = session
            people[ExactName(user)] = p
        }
        for s in rows.sessions { if let session = s.session { consider(s.user, session, firstMs: s.firstMs, lastMs: s.lastMs) } }
        for c in rows.closedSessions { consider(c.user, c.session, firstMs: c.firstMs, lastMs: c.lastMs) }

        apply(outcomes.value())
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

    mutating func update(_ d: KeyDimension, _ name: String, _ body: (inout Outcomes) -> Void) {
        let key = ExactName(name)
        if d == .user {
            guard people[key] != nil else { return }
            body(&people[key]!.outcomes)
        } else {
            body(&groups[d, default: [:]][key, default: Group(dimension: d, key: name)].outcomes)
        }
    }

    /// The person whose id is `user`, byte for byte. O(1) expected.
    public func person(_ user: String) -> Person? { people[ExactName(user)] }

    /// The group of dimension `d` whose key is `key`, byte for byte. O(1) expected.
    public func group(_ d: KeyDimension, _ key: String) -> Group? { groups[d]?[ExactName(key)] }
}
