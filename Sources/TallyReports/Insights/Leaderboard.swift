import TallyCore

/// The ranking of people by tokens for one window, with the four badges, and the caveat that goes
/// with it. Only computed for snapshots whose ingest allowed it (`--allow-leaderboard`).
public struct Leaderboard: Sendable {
    public struct Row: Sendable, Equatable {
        public var rank: Int
        public var user: String
        public var tokens: Int64
        public var tasksShipped: Int
        public var tokensPerShippedTask: Int64?
        public var shippedTokenShare: Double?
    }

    public struct Badge: Sendable, Equatable {
        public var name: String
        public var user: String
        public var value: String
        public var rule: String
    }

    public static let caveat = "A ranking by tokens measures consumption, not contribution: it does not show what "
        + "shipped, its quality, or whether the calls were needed, and it rewards leaving agents running. "
        + "Read it beside tasks shipped and tokens per shipped task; badges are curiosities, not performance signals."

    public var window: String
    public var rows: [Row]
    public var badges: [Badge]

    /// Ranks the people `canSee` allows (ranks among them), ties by user name (byte order).
    /// - Complexity: O(people log people).
    public init(_ figures: InsightFigures, top: Int, cacheWizardTokensMin: Int64, canSee: (String) -> Bool) {
        let people = figures.people.values.filter { $0.outcomes.tokens > 0 && canSee($0.user) }
        let ranked = people.sorted {
            $0.outcomes.tokens != $1.outcomes.tokens ? $0.outcomes.tokens > $1.outcomes.tokens : ExactName($0.user) < ExactName($1.user)
        }
        window = figures.window.name
        rows = ranked.prefix(top).enumerated().map { i, p in
            Row(rank: i + 1, user: p.user, tokens: p.outcomes.tokens, tasksShipped: p.outcomes.tasksShipped,
                tokensPerShippedTask: p.outcomes.tokensPerShippedTask, shippedTokenShare: p.outcomes.shippedTokenShare)
        }
        func best<V: Comparable>(_ value: (InsightFigures.Person) -> V, among list: [InsightFigures.Person]) -> InsightFigures.Person? {
            list.max { a, b in value(a) != value(b) ? value(a) < value(b) : ExactName(b.user) < ExactName(a.user) }
        }
        var badges: [Badge] = []
        if let p = ranked.first {
            badges.append(Badge(name: "Token Legend", user: p.user, value: Format.tokens(p.outcomes.tokens) + " tokens",
                                rule: "most tokens in \(window)"))
        }
        if let p = best({ $0.longestSessionMs }, among: people), p.longestSessionMs > 0 {
            badges.append(Badge(name: "Session Immortal", user: p.user,
                                value: Format.seconds(Double(p.longestSessionMs) / 1000) + " (\(p.longestSession ?? "?"))",
                                rule: "longest session, first to last call, ending in \(window)"))
        }
        if let p = best({ $0.models }, among: people), p.models > 0 {
            badges.append(Badge(name: "Model Connoisseur", user: p.user, value: "\(p.models) models",
                                rule: "most distinct models in \(window)"))
        }
        let eligible = people.filter { $0.outcomes.tokens >= cacheWizardTokensMin }
        if let p = best({ $0.cacheReadShare }, among: eligible) {
            badges.append(Badge(name: "Cache Wizard", user: p.user, value: Format.percent(p.cacheReadShare) + " cache reads",
                                rule: "highest cache-read share with at least \(Format.tokens(cacheWizardTokensMin)) tokens"))
        }
        self.badges = badges
    }
}
