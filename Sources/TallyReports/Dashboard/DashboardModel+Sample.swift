import TallyCore

extension DashboardModel {
    /// A realistic, deterministic model for tests, screenshots and `scripts/browser-selftest`:
    /// 30 days (weekday peaks, weekend lulls, slow growth), 5 models, the 4 token kinds (summing to
    /// the same daily totals), 4 orgs, 3 red flags and a leaderboard. One org name has an ampersand,
    /// so the real page exercises escaping too.
    package static func sample() -> DashboardModel {
        let dayCount = 30
        let first = Timestamp.daysFromCivil(year: 2026, month: 1, day: 31)
        let days = (0..<Int64(dayCount)).map { first + $0 }

        // A fixed hash in place of a random generator: the same noise on every run.
        func noise(_ day: Int, _ salt: Int) -> Double {
            var x = UInt64(truncatingIfNeeded: day &* 0x9E37_79B9 &+ salt &* 0x85EB_CA6B) &+ 0x2545_F491_4F6C_DD1D
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            x ^= x >> 31
            return Double(x % 10_000) / 10_000  // 0..<1
        }
        func activity(_ day: Int) -> Double {
            let weekday = (days[day] + 3) % 7  // 1970-01-01 was a Thursday; 0 is Monday
            let trend = 0.85 + 0.3 * Double(day) / Double(dayCount - 1)
            return (weekday >= 5 ? 0.28 : 1.0) * trend
        }

        let models: [(String, Double)] = [
            ("claude-sonnet-4-5", 620e6), ("gpt-5", 380e6), ("claude-haiku-4-5", 210e6),
            ("gemini-2.5-pro", 140e6), ("gpt-5-mini", 60e6),
        ]
        let tokensByModel = models.enumerated().map { m, model in
            Series(name: model.0, values: (0..<dayCount).map { d in
                Int64(model.1 * activity(d) * (0.82 + 0.36 * noise(d, m + 1)))
            })
        }
        let dailyTokens = (0..<dayCount).map { d in tokensByModel.reduce(Int64(0)) { $0 + $1.values[d] } }

        // Shares of each day's tokens; the last kind takes the remainder so kinds and models agree.
        let kindShares: [(String, Double)] = [("fresh input", 0.24), ("output", 0.07), ("cache read", 0.58)]
        var byKind = kindShares.map { Series(name: $0.0, values: []) } + [Series(name: "cache write", values: [])]
        for d in 0..<dayCount {
            var rest = dailyTokens[d]
            for (k, kind) in kindShares.enumerated() {
                let v = Int64(Double(dailyTokens[d]) * kind.1 * (0.9 + 0.2 * noise(d, 10 + k)))
                byKind[k].values.append(v)
                rest -= v
            }
            byKind[3].values.append(rest)
        }

        let shippedTotal = (0..<dayCount).map { d -> Int64 in
            let jitter: Double = 0.8 + 0.4 * noise(d, 20)
            return Int64((70 * activity(d) * jitter).rounded())
        }
        // The share shipped with AI creeps up from about 62% to 78% over the month.
        let shippedWithAI = (0..<dayCount).map { d -> Int64 in
            let share: Double = 0.58 + 0.16 * Double(d) / Double(dayCount - 1) + 0.08 * noise(d, 21)
            return Int64((Double(shippedTotal[d]) * share).rounded())
        }
        let tokens = dailyTokens.reduce(0, +)
        let withAI = shippedWithAI.reduce(0, +)
        let tokensPerShipped = tokens / withAI
        // About $1.70 per million tokens once cache reads are priced in: 1,700 nano-dollars a token.
        let costPerShipped = tokensPerShipped * 1_700

        return DashboardModel(
            title: "AI usage: Engineering",
            subtitle: "snapshot 00000000000a41 · watermark 2026-03-01T23:59:57Z · created 2026-03-02T00:00:04Z",
            scopeNote: "Org-wide view for engineering leadership: totals by org, model and token kind. Individuals "
                + "appear only in red flags and in the opt-in leaderboard.",
            days: days, tokensByModel: tokensByModel, tokensByKind: byKind,
            shippedWithAIPerDay: shippedWithAI, shippedTotalPerDay: shippedTotal,
            headline: Headline(
                window: "30d", tasksShippedWithAI: withAI, tasksShippedTotal: shippedTotal.reduce(0, +),
                tasksTouched: withAI * 13 / 10, tokens: tokens, tokensPerShippedTask: tokensPerShipped,
                costNanoUSDPerShippedTask: costPerShipped, tokensOnShippedShare: 0.71, activeUsers: 214),
            adoptionByOrg: [
                AdoptionRow(org: "Platform", activeUsers: 78, activeTeams: 6, tools: 4, models: 5,
                            usersThisWeek: 71, usersPreviousWeek: 66),
                AdoptionRow(org: "Payments", activeUsers: 54, activeTeams: 4, tools: 3, models: 4,
                            usersThisWeek: 49, usersPreviousWeek: 51),
                AdoptionRow(org: "Data & ML", activeUsers: 47, activeTeams: 4, tools: 5, models: 5,
                            usersThisWeek: 44, usersPreviousWeek: 44),
                AdoptionRow(org: "Mobile", activeUsers: 35, activeTeams: 3, tools: 2, models: 3,
                            usersThisWeek: 33, usersPreviousWeek: nil),
            ],
            orgsActive: 4, teamsActive: 17,
            flags: [
                FlagRow(kind: "high spend, no deliverable", subject: "user r.alvarez",
                        evidence: "2.4B tokens over 11 tasks in 30d, none shipped",
                        threshold: "over 1B tokens with 0 tasks shipped in the window"),
                FlagRow(kind: "retry loop", subject: "task PAY-1193",
                        evidence: "1,840 calls in 2 hours, 96% with the same prompt prefix",
                        threshold: "over 500 calls per task in one hour"),
                FlagRow(kind: "cost spike", subject: "user m.okafor",
                        evidence: "$1,920 on 2026-02-24 against a daily median of $85",
                        threshold: "over 10× the user's 30-day daily median"),
            ],
            leaderboard: Leaderboard(
                rows: [
                    LeaderboardRow(rank: 1, user: "r.alvarez", tokens: 2_412_000_000, tasksShipped: 0, tokensPerShippedTask: nil),
                    LeaderboardRow(rank: 2, user: "j.chen", tokens: 1_870_500_000, tasksShipped: 41, tokensPerShippedTask: 45_621_951),
                    LeaderboardRow(rank: 3, user: "a.novak", tokens: 1_455_000_000, tasksShipped: 58, tokensPerShippedTask: 25_086_206),
                    LeaderboardRow(rank: 4, user: "m.okafor", tokens: 1_202_300_000, tasksShipped: 12, tokensPerShippedTask: 100_191_666),
                    LeaderboardRow(rank: 5, user: "s.iyer", tokens: 988_000_000, tasksShipped: 63, tokensPerShippedTask: 15_682_539),
                    LeaderboardRow(rank: 6, user: "t.berg", tokens: 731_400_000, tasksShipped: 29, tokensPerShippedTask: 25_220_689),
                    LeaderboardRow(rank: 7, user: "l.moreau", tokens: 502_900_000, tasksShipped: 37, tokensPerShippedTask: 13_591_891),
                    LeaderboardRow(rank: 8, user: "k.sato", tokens: 344_000_000, tasksShipped: 22, tokensPerShippedTask: 15_636_363),
                ],
                badges: [
                    Badge(name: "Token Legend", user: "r.alvarez", value: "2.4B tokens"),
                    Badge(name: "Most shipped", user: "s.iyer", value: "63 tasks"),
                    Badge(name: "Leanest shipper", user: "l.moreau", value: "13.6M tokens per shipped task"),
                ],
                caveat: "Tokens measure spend, not productivity. The top of this ranking shipped nothing: read "
                    + "tokens only beside tasks shipped and tokens per shipped task, and never use this table to rate people."),
            suppressedGroups: 3)
    }
}
