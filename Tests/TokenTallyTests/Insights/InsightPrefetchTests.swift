import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages

/// Prefetching is hints only: a state that prefetches from its first record captures the same
/// section as one that never does, on the insights scenario (people, sessions, tasks with outcomes,
/// work, a loop) and on a day of session churn where idle sessions close in bulk. Under the
/// sanitizers this is also what runs the prefetch steps, which small tables otherwise skip.
@Suite struct InsightPrefetchTests {
    static let windows = InsightStateSectionTests.windows

    static func section(_ feed: (InsightState) -> Int64, prefetchRecordsMin: Int) throws -> SnapshotSectionJob.Encoded {
        let state = InsightState(windows: windows, recordsMax: 1_000_000)
        state.prefetchRecordsMin = prefetchRecordsMin
        return try InsightStateSectionTests.section(of: state, watermarkMs: feed(state))
    }

    @Test func theScenarioCapturesTheSameSection() throws {
        func feed(_ state: InsightState) -> Int64 {
            let sequencer = Sequencer(windows: Self.windows, inputNames: ["test"])
            var parser = LineParser()
            parser.nowMs = Timestamp.maxMs
            let batch = EventBatch()
            for line in InsightScenario.lines {
                #expect(Array(line.utf8).withUnsafeBytes { parser.parse($0, into: batch) } == .accepted)
                batch.linesRead += 1
            }
            sequencer.sequence(batch)
            state.apply(batch)
            return sequencer.watermarkMs
        }
        let always = try Self.section(feed, prefetchRecordsMin: 0)
        let never = try Self.section(feed, prefetchRecordsMin: Int.max)
        #expect(always.payload == never.payload && always.section == never.section)
    }

    @Test func sessionChurnCapturesTheSameSection() throws {
        func feed(_ state: InsightState) -> Int64 {
            var last = Int64.min
            InsightCompactionTests.fed(state, people: 600, hours: 30, sessionPerHour: true) { last = state.watermarkMs }
            return last
        }
        let always = try Self.section(feed, prefetchRecordsMin: 0)
        let never = try Self.section(feed, prefetchRecordsMin: Int.max)
        #expect(always.section.rows > 600)
        #expect(always.payload == never.payload && always.section == never.section)
    }
}
