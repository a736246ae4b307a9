/// Everything `tokentally dashboard` shows, already aggregated: plain values that
/// `DashboardRenderer` turns into one self-contained HTML page. Text fields come from user data
/// (names of models, orgs, users, tasks) and are escaped by the renderer, never here.
public struct DashboardModel: Sendable, Equatable {
    /// One stacked layer of a daily chart: `values[i]` belongs to `days[i]` of the model.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Int64]

        public init(name: String, values: [Int64]) {
            self.name = name
            self.values = values
        }

        /// The sum of the values (saturating, so absurd inputs cannot trap).
        public var total: Int64 { values.reduce(0) { $0.addingSaturating(max(0, $1)) } }
    }

    /// The top panel: work completed with AI over the window, and what it cost.
    public struct Headline: Sendable, Equatable {
        /// The window's name, e.g. "30d".
        public var window: String
        /// "Work completed with AI": tasks shipped in the window that had AI calls. The headline number.
        public var tasksShippedWithAI: Int64
        /// All tasks shipped in the window, with or without AI.
        public var tasksShippedTotal: Int64
        /// Tasks that had AI calls in the window, shipped or not.
        public var tasksTouched: Int64
        /// All tokens in the window.
        public var tokens: Int64
        /// Nil when nothing shipped.
        public var tokensPerShippedTask: Int64?
        /// Nil when nothing shipped.
        public var costNanoUSDPerShippedTask: Int64?
        /// 0...1: the share of tokens spent on tasks that shipped; nil when there were no tokens.
        public var tokensOnShippedShare: Double?
        public var activeUsers: Int64

        public init(
            window: String, tasksShippedWithAI: Int64, tasksShippedTotal: Int64, tasksTouched: Int64, tokens: Int64,
            tokensPerShippedTask: Int64?, costNanoUSDPerShippedTask: Int64?, tokensOnShippedShare: Double?,
            activeUsers: Int64
        ) {
            self.window = window
            self.tasksShippedWithAI = tasksShippedWithAI
            self.tasksShippedTotal = tasksShippedTotal
            self.tasksTouched = tasksTouched
            self.tokens = tokens
            self.tokensPerShippedTask = tokensPerShippedTask
            self.costNanoUSDPerShippedTask = costNanoUSDPerShippedTask
            self.tokensOnShippedShare = tokensOnShippedShare
            self.activeUsers = activeUsers
        }

        /// 0...1: the share of shipped tasks that used AI; nil when nothing shipped.
        public var shippedWithAIShare: Double? {
            tasksShippedTotal > 0 ? min(1, max(0, Double(tasksShippedWithAI) / Double(tasksShippedTotal))) : nil
        }
    }

    /// Adoption breadth of one org. The week counts are nil when the window does not cover that week.
    public struct AdoptionRow: Sendable, Equatable {
        public var org: String
        public var activeUsers: Int64
        public var activeTeams: Int64
        public var tools: Int64
        public var models: Int64
        public var usersThisWeek: Int64?
        public var usersPreviousWeek: Int64?

        public init(
            org: String, activeUsers: Int64, activeTeams: Int64, tools: Int64, models: Int64,
            usersThisWeek: Int64?, usersPreviousWeek: Int64?
        ) {
            self.org = org
            self.activeUsers = activeUsers
            self.activeTeams = activeTeams
            self.tools = tools
            self.models = models
            self.usersThisWeek = usersThisWeek
            self.usersPreviousWeek = usersPreviousWeek
        }

        /// This week's active users minus the previous week's; nil unless both are known.
        public var weekOverWeekChange: Int64? {
            guard let now = usersThisWeek, let before = usersPreviousWeek else { return nil }
            return now.subtractingReportingOverflow(before).overflow ? nil : now - before
        }
    }

    /// One red flag: what was seen, on whom, and the rule it broke.
    public struct FlagRow: Sendable, Equatable {
        /// e.g. "high spend, no deliverable"
        public var kind: String
        /// A user or a task.
        public var subject: String
        public var evidence: String
        public var threshold: String

        public init(kind: String, subject: String, evidence: String, threshold: String) {
            self.kind = kind
            self.subject = subject
            self.evidence = evidence
            self.threshold = threshold
        }
    }

    public struct LeaderboardRow: Sendable, Equatable {
        public var rank: Int
        public var user: String
        public var tokens: Int64
        public var tasksShipped: Int64
        /// Nil when the user shipped nothing.
        public var tokensPerShippedTask: Int64?

        public init(rank: Int, user: String, tokens: Int64, tasksShipped: Int64, tokensPerShippedTask: Int64?) {
            self.rank = rank
            self.user = user
            self.tokens = tokens
            self.tasksShipped = tasksShipped
            self.tokensPerShippedTask = tokensPerShippedTask
        }
    }

    public struct Badge: Sendable, Equatable {
        /// e.g. "Token Legend"
        public var name: String
        public var user: String
        public var value: String

        public init(name: String, user: String, value: String) {
            self.name = name
            self.user = user
            self.value = value
        }
    }

    /// Only present when the snapshot allows per-user ranking; `caveat` is shown next to it.
    public struct Leaderboard: Sendable, Equatable {
        public var rows: [LeaderboardRow]
        public var badges: [Badge]
        public var caveat: String

        public init(rows: [LeaderboardRow], badges: [Badge], caveat: String) {
            self.rows = rows
            self.badges = badges
            self.caveat = caveat
        }
    }

    public var title: String
    /// Snapshot name, watermark, created time.
    public var subtitle: String
    /// Who this view is for and what is suppressed.
    public var scopeNote: String
    /// The x axis: UTC day numbers (days since 1970-01-01), ascending.
    public var days: [Int64]
    /// One value per entry of `days`.
    public var tokensByModel: [Series]
    /// "fresh input", "output", "cache read", "cache write"; one value per entry of `days`.
    public var tokensByKind: [Series]
    public var shippedWithAIPerDay: [Int64]
    public var shippedTotalPerDay: [Int64]
    public var headline: Headline
    public var adoptionByOrg: [AdoptionRow]
    public var orgsActive: Int64
    public var teamsActive: Int64
    public var flags: [FlagRow]
    /// Nil unless the snapshot allows it: then the panel is absent entirely.
    public var leaderboard: Leaderboard?
    /// Group rows hidden by the minimum-group rule.
    public var suppressedGroups: Int
    /// What the snapshot's limits left out of these figures (`LimitNotes`), shown above the panels.
    public var limitNotes: [String] = []

    public init(
        title: String, subtitle: String, scopeNote: String, days: [Int64], tokensByModel: [Series],
        tokensByKind: [Series], shippedWithAIPerDay: [Int64], shippedTotalPerDay: [Int64], headline: Headline,
        adoptionByOrg: [AdoptionRow], orgsActive: Int64, teamsActive: Int64, flags: [FlagRow],
        leaderboard: Leaderboard?, suppressedGroups: Int
    ) {
        self.title = title
        self.subtitle = subtitle
        self.scopeNote = scopeNote
        self.days = days
        self.tokensByModel = tokensByModel
        self.tokensByKind = tokensByKind
        self.shippedWithAIPerDay = shippedWithAIPerDay
        self.shippedTotalPerDay = shippedTotalPerDay
        self.headline = headline
        self.adoptionByOrg = adoptionByOrg
        self.orgsActive = orgsActive
        self.teamsActive = teamsActive
        self.flags = flags
        self.leaderboard = leaderboard
        self.suppressedGroups = suppressedGroups
    }
}
