import Testing
@testable import TallyCore
@testable import TallyReports
@testable import TallyStages

/// Sessions end after `SessionRecord.idleMsMax` without a call, and their records close once the
/// watermark is also `arrivalSlackMs` past: the closed part keeps its span (for the Session Immortal
/// badge) and its loop streak (for the idle-loop flag), and a later call with the same id opens a new
/// session. Times are `InsightScenario.at(day, hour, minute)`.
@Suite struct SessionClosureTests {
    static func at(_ hour: Int, _ minute: Int, _ second: Int = 0) -> Int64 { InsightScenario.at(0, hour, minute, second) }
    static func call(_ ms: Int64, _ user: String, session: String?, input: Int, output: Int = 0) -> String {
        InsightScenario.usage(ms, user, "red", "eng", model: "m1", session: session, input: input, output: output)
    }

    /// pat: s1 from 00:00 to 00:30, then 5 h 30 idle, then 06:00 and 06:10 (a new session); s2: 12
    /// identical calls a minute apart from 00:40 (a loop streak), then nothing. quinn's call at 05:55
    /// moves the watermark past both closings (5 hours after 00:30 and 00:51) before pat's last calls.
    static let before = [
        call(at(0, 0), "pat", session: "s1", input: 500),
        call(at(0, 30), "pat", session: "s1", input: 900),
    ] + (0..<12).map { call(at(0, 40 + $0), "pat", session: "s2", input: 1_000, output: 100) }
        + [call(at(5, 55), "quinn", session: nil, input: 5)]
    static let after = [call(at(6, 0), "pat", session: "s1", input: 700), call(at(6, 10), "pat", session: "s1", input: 300)]

    @Test func anIdleSessionClosesIntoTheFrontAndItsStreakIntoALoop() throws {
        let workspace = TestWorkspace()
        let snapshot = try workspace.ingest([workspace.write("all.ndjson", lines: Self.before + Self.after)]).1
        let rows = try snapshot.insightRows()
        #expect(rows.sessions.map { "\($0.user) \($0.session ?? "-") \($0.firstMs) \($0.lastMs)" }.sorted() == [
            "pat s1 \(Self.at(6, 0)) \(Self.at(6, 10))", "quinn - \(Self.at(5, 55)) \(Self.at(5, 55))",
        ])
        // Neither closed session covers the other: s2 ends later, s1 is longer.
        #expect(rows.closedSessions.map { "\($0.session) \($0.firstMs) \($0.lastMs)" } == [
            "s1 \(Self.at(0, 0)) \(Self.at(0, 30))", "s2 \(Self.at(0, 40)) \(Self.at(0, 51))",
        ])
        #expect(rows.loops.map { "\($0.session ?? "-") \($0.calls) \($0.startMs) \($0.endMs)" } == ["s2 12 \(Self.at(0, 40)) \(Self.at(0, 51))"])

        let figures = try InsightFigures(snapshot: snapshot, window: "24h")
        // Before sessions closed, s1 ran from 00:00 to 06:10.
        #expect(figures.people["pat"]?.longestSessionMs == Int64(30 * 60_000))
        #expect(figures.people["pat"]?.longestSession == "s1")
        var thresholds = RedFlagThresholds()
        thresholds.loopCallsMin = 12
        thresholds.loopMinutesMin = 11
        let loops = RedFlagFinder.find(figures, rows: rows, thresholds: thresholds).filter { $0.kind == .idleLoop }
        #expect(loops.map(\.subject) == ["pat"])
    }

    @Test func aResumeAcrossAClosingGoesOnAsOneRun() throws {
        let whole = TestWorkspace(), split = TestWorkspace()
        let reference = try whole.ingest([whole.write("all.ndjson", lines: Self.before + Self.after)]).1
        let first = split.write("1.ndjson", lines: Self.before)
        let cut = try split.ingest([first]).1
        #expect(try cut.insightRows().closedSessions.count == 2)  // both closed at 05:55
        let resumed = try split.ingest([first, split.write("2.ndjson", lines: Self.after)], resume: true).1
        #expect(try resumed.insightRows() == reference.insightRows())
    }

    /// A snapshot written before sessions closed holds every live session as a `session` row; they
    /// are restored open and the idle ones close at the next cut.
    @Test func anOldSnapshotsIdleSessionsCloseOnRestore() throws {
        var rows = InsightRows()
        rows.people = [.init(user: "pat", team: "red", org: "eng", latestMs: Self.at(6, 10))]
        let streak = [Self.at(0, 40), Self.at(0, 51), 12, 60_000, 1_000, 100, 12_000]
        rows.sessions = [
            .init(user: "pat", session: "s1", firstMs: Self.at(0, 0), lastMs: Self.at(6, 10), calls: 4, tokens: 2_400,
                  streak: [Self.at(6, 10), Self.at(6, 10), 1, 0, 300, 0, 300]),
            .init(user: "pat", session: "s2", firstMs: Self.at(0, 40), lastMs: Self.at(0, 51), calls: 12, tokens: 12_000,
                  streak: streak),
        ]
        let state = InsightState(windows: try WindowSet(parsing: WindowSet.defaultList), recordsMax: 1_000)
        state.restore(rows, watermarkMs: Self.at(6, 10))
        let image = state.image()
        #expect(image.sessions.map(\.firstMs) == [Self.at(0, 0)])  // s1 as the old run saw it: open
        #expect(image.sessionFronts.filter { !$0.isFree }.map { [$0.firstMs, $0.lastMs] } == [[Self.at(0, 40), Self.at(0, 51)]])
        #expect(image.loops.map(\.calls) == [12])
    }

    /// Closing sessions are folded a person at a time (people in hash order), each person's in the
    /// order they ended, ties in table order, whether the hashes spread over the sort's buckets or
    /// crowd one (one person closing thousands of sessions, or hashes that share their top bits).
    @Test(arguments: [500 as Int32, 20_000])
    func closingOrderIsByPersonThenEndThenTableIndex(sessions: Int32) {
        var generator = SystemRandomNumberGenerator()
        let spreadPeople = (0..<Int(sessions) / 5).map { _ in UInt64.random(in: 0...UInt64.max, using: &generator) }
        let crowdedPeople: [UInt64] = [7, 8, 9, UInt64.max]
        for people in [spreadPeople, crowdedPeople] {
            for spread in [Int64(5), 86_400_000] {
                var closing: [InsightState.Closing] = []
                for index in Int32(0)..<sessions where Bool.random(using: &generator) {
                    closing.append(.init(
                        user: people.randomElement(using: &generator)!,
                        lastMs: 1_790_000_000_000 + Int64.random(in: 0...spread, using: &generator), index: index))
                }
                closing.shuffle(using: &generator)
                let expected = closing.sorted { ($0.user, $0.lastMs, $0.index) < ($1.user, $1.lastMs, $1.index) }.map(\.index)
                #expect(InsightState.closingOrder(closing) == expected)
            }
        }
        #expect(InsightState.closingOrder([]).isEmpty)
        #expect(InsightState.closingOrder([.init(user: 1, lastMs: Int64.max, index: 0)]) == [0])
        #expect(InsightState.closingOrder([
            .init(user: 2, lastMs: Int64.min, index: 3), .init(user: 1, lastMs: Int64.max, index: 1),
            .init(user: 1, lastMs: 0, index: 2), .init(user: 1, lastMs: 0, index: 0),
        ]) == [0, 2, 1, 3])
    }
}
