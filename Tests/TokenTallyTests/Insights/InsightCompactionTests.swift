import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallyStages

/// Compaction removes only stale records, so when live records hold a table near its bound it
/// cannot make room: it must then not run again at every new event hour (a company of a million
/// people spent most of its ingest compacting), yet still run as records go stale.
@Suite struct InsightCompactionTests {
    static let windows = try! WindowSet(parsing: WindowSet.defaultList)

    /// `people` people each making one call an hour for `hours` hours from day -3, applied in
    /// batches of an hour (in a new session each hour when `sessionPerHour`), `afterHour` called
    /// after each.
    static func fed(
        _ state: InsightState, people: Int, hours: Int, sessionPerHour: Bool = false, afterHour: () -> Void = {}
    ) {
        let sequencer = Sequencer(windows: windows, inputNames: ["test"])
        var parser = LineParser()
        parser.nowMs = Timestamp.maxMs
        for hour in 0..<hours {
            let batch = EventBatch()
            for p in 0..<people {
                let line = InsightScenario.usage(
                    InsightScenario.at(-3, 0) + Int64(hour) * Timestamp.msPerHour + Int64(p), "p\(p)", "t", "o", model: "m1",
                    session: sessionPerHour ? "s\(p)-\(hour)" : "s\(p)", input: 10)
                let outcome = Array(line.utf8).withUnsafeBytes { parser.parse($0, into: batch) }
                precondition(outcome == .accepted, "\(line): \(outcome)")
                batch.linesRead += 1
            }
            sequencer.sequence(batch)
            state.apply(batch)
            afterHour()
        }
    }

    /// Idle sessions close as the sessions table doubles, not at the next compaction: 1,000 people
    /// starting a session an hour keep about 6,000 open (5 hours' worth, and the current one).
    @Test func idleSessionsCloseWithoutWaitingForACompaction() {
        let state = InsightState(windows: Self.windows, recordsMax: 1_000_000)
        var largest = 0
        Self.fed(state, people: 1_000, hours: 72, sessionPerHour: true) { largest = max(largest, state.sessions.count) }
        #expect(largest <= 2 * 6_000 + 1_000, "the sessions table held \(largest) records")
        #expect(state.refused == 0)
    }

    @Test func liveRecordsNearTheBoundAreNotCompactedEveryHour() {
        // 320 people (and their activity and open sessions) fill more than three quarters of 400
        // records, all live, for 48 hours.
        let state = InsightState(windows: Self.windows, recordsMax: 400)
        Self.fed(state, people: 320, hours: 48)
        #expect(state.refused == 0)
        // Once at the first hour, then once a day as the horizon moves.
        #expect(state.compactions <= 4, "\(state.compactions) compactions in 48 event hours")
        #expect(state.compactions >= 1)
    }

    @Test func farFromTheBoundCompactionWaitsForGrowth() {
        let state = InsightState(windows: Self.windows, recordsMax: 100_000)
        Self.fed(state, people: 320, hours: 48)
        #expect(state.compactions == 0)
    }
}
