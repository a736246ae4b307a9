import Foundation
import Testing
@testable import TallyEvents
@testable import TallyReports
@testable import TallyStages

/// Outcome, adoption, flag and badge figures of `InsightScenario`, against values worked out by hand.
@Suite struct InsightFiguresTests {
    let snapshot: SnapshotFile

    init() throws { snapshot = try InsightScenario.ingest() }

    @Test func outcomesPerPersonIn7Days() throws {
        let f = try InsightFigures(snapshot: snapshot, window: "7d")
        func o(_ user: String) -> InsightFigures.Outcomes? { f.person(user)?.outcomes }
        // tokens, touched, shipped with AI, tokens on shipped tasks
        func row(_ user: String) -> [Int64] {
            guard let x = o(user) else { return [] }
            return [x.tokens, Int64(x.tasksTouched), Int64(x.tasksShipped), x.tokensOnShipped]
        }
        #expect(row("alice") == [300, 1, 1, 300])
        #expect(row("bob") == [835, 2, 1, 50])
        #expect(row("carol") == [11_000, 0, 0, 0])
        #expect(row("dave") == [44_000, 1, 0, 0])
        #expect(row("erin") == [40, 1, 1, 40])
        #expect(o("bob")?.tokensPerShippedTask == 835)
        #expect(o("carol")?.tokensPerShippedTask == nil)
        #expect(f.people["alice"]?.team == "red" && f.people["dave"]?.org == "ops")
    }

    @Test func outcomesOverallAndPerGroupIn7Days() throws {
        let f = try InsightFigures(snapshot: snapshot, window: "7d")
        #expect(f.overall.tokens == 56_175)
        #expect(f.overall.tasksShipped == 2)       // T1 and T4 had AI calls
        #expect(f.tasksShippedTotal == 3)          // T5 shipped without any
        #expect(f.overall.tasksTouched == 4)       // T1..T4
        #expect(f.overall.tokensOnShipped == 390)  // 300 + 50 + 40
        let red = try #require(f.groups[.team]?["red"]), blue = try #require(f.groups[.team]?["blue"])
        #expect([red.outcomes.tokens, Int64(red.outcomes.tasksTouched), Int64(red.outcomes.tasksShipped)] == [12_135, 2, 1])
        #expect([blue.outcomes.tokens, Int64(blue.outcomes.tasksTouched), Int64(blue.outcomes.tasksShipped)] == [44_040, 2, 1])
        #expect(f.groups[.org]?["eng"]?.outcomes.tasksShipped == 1)
    }

    @Test func the24HourWindowCountsShipsAndCallsInsideIt() throws {
        // 24h = D-1 06:00 to D 05:59: T1 shipped inside it (D-1 09:00), T4 did not (D-3).
        let f = try InsightFigures(snapshot: snapshot, window: "24h")
        #expect(f.people["alice"]?.outcomes.tasksTouched == 0)  // her calls were on D-2
        #expect(f.people["alice"]?.outcomes.tasksShipped == 1)
        #expect(f.people["bob"]?.outcomes.tasksShipped == 1)
        #expect(f.people["erin"] == nil)                        // no event in the window
        #expect(f.overall.tasksShipped == 1 && f.tasksShippedTotal == 1)
    }

    @Test func adoptionBreadth() throws {
        let f = try InsightFigures(snapshot: snapshot, window: "7d")
        let red = try #require(f.groups[.team]?["red"]), ops = try #require(f.groups[.org]?["ops"])
        #expect([red.activeUsers, red.models, red.tools] as [Int] == [3, 3, 1])
        #expect([ops.activeUsers, ops.models, ops.tools] as [Int] == [2, 1, 1])
        #expect(red.usersThisWeek == 3 && red.usersPreviousWeek == 0)
        #expect(f.groups[.model]?["m1"]?.activeUsers == 4)  // alice, carol, dave, erin
        #expect([f.activeUsers, f.activeTeams, f.activeOrgs] as [Int] == [5, 2, 2])
        #expect(f.people["bob"]?.models == 2 && f.people["alice"]?.models == 1)
        // 1h = D 05:00-05:59: only dave.
        let hour = try InsightFigures(snapshot: snapshot, window: "1h")
        #expect(hour.activeUsers == 1 && hour.groups[.team]?["red"]?.activeUsers == nil)
    }

    @Test func theFourRedFlagsWithDefaultThresholds() throws {
        let f = try InsightFigures(snapshot: snapshot, window: "7d")
        let flags = RedFlagFinder.find(f, rows: try snapshot.insightRows(), thresholds: RedFlagThresholds())
        #expect(flags.map { "\($0.kind.rawValue) \($0.subject)" } == [
            "high_spend_no_deliverable dave",  // top 10% of 5 people = 1 person, no shipped task
            "run_inflation T3",                // 40 calls, no status yet
            "run_inflation T2",                // 12 calls since 'opened'
            "concentration carol",             // 11,000 of red's 12,135 tokens, 3 active users
            "idle_loop dave",                  // 40 calls every 60 s for 39 min
        ])
        #expect(flags[2].evidence.hasPrefix("12 AI calls (780 tokens) since status 'opened'"))
        #expect(flags[2].people == ["bob"])
        #expect(flags[3].evidence.hasPrefix("91% of red's 12.1k tokens"))
        #expect(flags[4].evidence.hasPrefix("40 calls every 60 s for 39 min"))
    }

    @Test func thresholdsAreHonoured() throws {
        let f = try InsightFigures(snapshot: snapshot, window: "7d")
        var t = RedFlagThresholds()
        t.runCallsMin = 13
        t.loopCallsMin = 41
        t.concentrationShare = 0.95
        t.spendTopShare = 0.4  // 2 people: dave and carol, neither shipped
        let flags = RedFlagFinder.find(f, rows: try snapshot.insightRows(), thresholds: t)
        #expect(flags.map { "\($0.kind.rawValue) \($0.subject)" } == [
            "high_spend_no_deliverable dave", "high_spend_no_deliverable carol", "run_inflation T3",
        ])
    }

    @Test func leaderboardAndBadges() throws {
        let f = try InsightFigures(snapshot: snapshot, window: "7d")
        let board = Leaderboard(f, top: 3, cacheWizardTokensMin: 1_000, canSee: { _ in true })
        #expect(board.rows.map(\.user) == ["dave", "carol", "bob"])
        #expect(board.rows.map(\.tasksShipped) == [0, 0, 1])
        #expect(board.badges.map { "\($0.name) \($0.user)" } == [
            "Token Legend dave", "Session Immortal dave", "Model Connoisseur bob", "Cache Wizard carol",
        ])
        let scoped = Leaderboard(f, top: 10, cacheWizardTokensMin: 1_000_000, canSee: { ["alice", "bob"].contains($0) })
        #expect(scoped.rows.map { "\($0.rank) \($0.user)" } == ["1 bob", "2 alice"])
        #expect(!scoped.badges.contains { $0.name == "Cache Wizard" })  // nobody has 1M tokens
    }

    @Test func aViewerSeesFlagsAboutThemselvesAndTheirReportsOnly() throws {
        let chart = try OrgChart(csv: "user,manager\nalice,\nbob,alice\ncarol,zed\ndave,zed\nerin,zed\nzed,\n", pseudonymKey: nil)
        let scope = try VisibilityScope(viewer: "alice", orgChart: chart, pseudonymKey: nil)
        let f = try InsightFigures(snapshot: snapshot, window: "7d")
        let flags = RedFlagFinder.find(f, rows: try snapshot.insightRows(), thresholds: RedFlagThresholds()).compactMap { $0.scoped(scope) }
        #expect(flags.map(\.subject) == ["T2"])
        let report = try UsageReport(snapshot: snapshot, dimension: .user, window: "7d", top: nil, scope: scope)
        #expect(report.rows.map(\.key) == ["bob", "alice"])
        #expect(report.hiddenRows == 3)
    }

    @Test func smallGroupsAreSuppressed() throws {
        let report = try UsageReport(snapshot: snapshot, dimension: .team, window: "7d", top: nil, scope: .operator(minGroupUsers: 3))
        #expect(report.rows.map(\.key) == ["red"])  // blue has 2 active users
        #expect(report.hiddenRows == 1)
        let csv = report.render(.csv).split(separator: "\n")
        #expect(csv[0].hasSuffix("tasks_touched,tasks_shipped,tokens_per_shipped_task,cost_usd_per_shipped_task,shipped_token_share,"
            + "active_users,tools,models,users_this_week,users_previous_week"))
        // 350 of 12,135 tokens on T1; 3 people, 1 tool, 3 models, all 3 active this week, none the week before
        #expect(csv[1].hasPrefix("red,") && csv[1].hasSuffix(",2,1,12135,0,0.0288,3,1,3,3,0"))
    }
}

extension InsightFiguresTests {
    /// The insights section is decoded on a thread of its own while the totals are read: its damage
    /// still reaches the reader as the snapshot's error.
    @Test func aDamagedInsightsSectionIsTheReadersError() throws {
        let workspace = TestWorkspace()
        let written = try InsightScenario.ingest(workspace)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: written.path)))
        // The skippable frame of the insights section (magic 0x184D2A5?, its size, then a head whose
        // first word is the section's kind, 3), found by its bytes; then a byte of its zstd frame.
        func word(_ at: Int) -> UInt32 { bytes[at..<at + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        var damaged = false
        for offset in 0..<bytes.count - 12 where bytes[offset + 1] == 0x2A && word(offset) & 0xFFFF_FFF0 == 0x184D_2A50 {
            let size = Int(word(offset + 4))
            guard word(offset + 8) == 3, size > 48, offset + 8 + size <= bytes.count else { continue }
            bytes[offset + 8 + 40 + (size - 40) / 2] ^= 0x5A
            damaged = true
            break
        }
        #expect(damaged)
        let file = try SnapshotFile(compressed: bytes, path: "damaged")
        #expect {
            _ = try InsightFigures(snapshot: file, window: "7d")
        } throws: { error in
            guard case ReportError.snapshot(let cause)? = error as? ReportError else { return false }
            return "\(cause)".hasPrefix("damaged: its insights section: damaged snapshot, zstd says: ")
        }
    }
}
