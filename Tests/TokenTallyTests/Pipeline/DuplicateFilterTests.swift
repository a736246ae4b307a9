import Foundation
import Testing
@testable import TallyEvents
@testable import TallyIngest
@testable import TallyStages
@testable import TallyWorkload

/// The duplicate-id filter against a dictionary model, and in the pipeline: repeated ids are counted
/// once within the horizon, across a resume too, and nothing else is dropped.
@Suite struct DuplicateFilterTests {
    static func id(_ text: String) -> EventID {
        Array(text.utf8).withUnsafeBytes { EventID($0) }
    }

    @Test func matchesADictionaryModelAsTheWatermarkMoves() {
        let horizon: Int64 = 48
        let filter = DuplicateFilter(horizonHours: horizon, idsMax: 1 << 30)
        var model: [String: Int64] = [:]  // id -> hour it was last counted at
        var random = SplitMix64(seed: 99)
        var watermarkHour: Int64 = 1000
        for step in 0..<100_000 {
            if random.next(below: 50) == 0 { watermarkHour += Int64(random.next(below: 3)) }
            let hour = watermarkHour - Int64(random.next(below: 60))
            let key = "id-\(random.next(below: 20_000))"
            let expected: Bool
            if let last = model[key], last >= watermarkHour - horizon {
                expected = true
            } else {
                expected = false
                model[key] = hour
            }
            let got = filter.isDuplicate(Self.id(key), hour: hour, watermarkHour: watermarkHour)
            if got != expected {
                Issue.record("step \(step): \(key) at hour \(hour), watermark \(watermarkHour): \(got) != \(expected)")
                return
            }
        }
        var live: [DuplicateFilter.Entry] = []
        filter.copyLive(into: &live, watermarkHour: watermarkHour)
        #expect(live.count == model.values.filter { $0 >= watermarkHour - horizon }.count)
    }

    @Test func tooManyIdsShortenTheHorizonInsteadOfGrowingWithoutBound() {
        let filter = DuplicateFilter(horizonHours: 1000, idsMax: 10_000)
        for i in 0..<100_000 {
            _ = filter.isDuplicate(Self.id("x\(i)"), hour: Int64(i / 1000), watermarkHour: Int64(i / 1000))
        }
        var live: [DuplicateFilter.Entry] = []
        filter.copyLive(into: &live, watermarkHour: 100)
        #expect(filter.horizonShortenings > 0)
        #expect(live.count <= 10_000 && live.count > 5_000)
        // The newest ids are the ones kept.
        #expect(filter.isDuplicate(Self.id("x99999"), hour: 99, watermarkHour: 99))
        #expect(!filter.isDuplicate(Self.id("x0"), hour: 99, watermarkHour: 99))
    }

    static func line(_ minute: Int, id: String, user: String = "u", tokens: Int = 1) -> String {
        "{\"ts\":\(utcMs(2026, 11, 1) + Int64(minute) * 60_000),\"id\":\"\(id)\",\"user\":\"\(user)\",\"model\":\"m\",\"input_tokens\":\(tokens)}"
    }

    @Test func repeatedIdsAreCountedOnceWithinTheHorizon() throws {
        var lines: [String] = []
        for i in 0..<300 { lines.append(Self.line(i, id: "e\(i)", tokens: i + 1)) }
        // Resent: the same ids again, once with an escape (the same id after unescaping).
        for i in 0..<100 { lines.append(Self.line(i, id: "e\(i)", tokens: i + 1)) }
        lines.append(Self.line(5, id: "\\u0065" + "5", tokens: 6))
        // Three days later an id may be reused: it counts again.
        lines.append(Self.line(3 * 24 * 60 + 300, id: "e7", tokens: 1000))
        // No id: never a duplicate.
        lines.append("{\"ts\":\(utcMs(2026, 11, 1)),\"user\":\"u\",\"model\":\"m\",\"input_tokens\":5}")
        lines.append("{\"ts\":\(utcMs(2026, 11, 1)),\"user\":\"u\",\"model\":\"m\",\"input_tokens\":5}")

        let (summary, snapshot) = try TestWorkspace().ingest(lines: lines)
        #expect(summary.counters.duplicateEvents == 101)
        #expect(summary.counters.eventsAccepted == 300 + 1 + 2)
        #expect(summary.counters.linesRead == summary.counters.eventsAccepted + summary.counters.duplicateEvents
            + summary.counters.lateEvents + summary.counters.blankLines + summary.counters.rejectedTotal)
        let expected: Int64 = (1...300).reduce(0, +) + 1000 + 10  // inside #expect: 11 s to type-check
        #expect(try snapshot.tokens(.user, "30d")["u"] == expected)
        #expect(snapshot.header.dedupHorizonHours == 48)
        #expect(snapshot.header.dedupIDs > 0)

        var off = IngestConfiguration()
        let workspace = TestWorkspace()
        off.inputs = [.file(workspace.write("in.ndjson", lines: lines))]
        off.snapshotDirectory = workspace.snapshotDirectory
        off.dedupHorizonMs = 0
        let all = try IngestPipeline(configuration: off).run()
        #expect(all.counters.duplicateEvents == 0)
        #expect(all.counters.eventsAccepted == lines.count)
    }

    @Test func theFilterIsCarriedAcrossAResume() throws {
        let workspace = TestWorkspace()
        let first = workspace.write("first.ndjson", lines: (0..<200).map { Self.line($0, id: "e\($0)") })
        let second = workspace.write("second.ndjson", lines: (150..<400).map { Self.line($0, id: "e\($0)") })
        _ = try workspace.ingest([first])
        let (summary, resumed) = try workspace.ingest([first, second], resume: true)
        #expect(summary.error == nil)
        #expect(resumed.header.counters.duplicateEvents == 50)
        #expect(resumed.header.counters.eventsAccepted == 400)
        #expect(try resumed.tokens(.user, "30d")["u"] == 400)
    }
}
