import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages

private func at(_ hour: Int, _ minute: Int) -> Int64 { InsightScenario.at(0, hour, minute) }

/// Sessions close against the clock of the Kafka partition their calls come from, so that an
/// instance that reads one partition ahead of another ends no session early: its sessions come out
/// as one time-ordered run over the same events makes them, and a resume keeps each clock.
@Suite struct SessionClockTests {
    static let windows = try! WindowSet(parsing: WindowSet.defaultList)

    static func call(_ ms: Int64, _ user: String, _ session: String) -> String {
        InsightScenario.usage(ms, user, "red", "eng", model: "m1", session: session, input: 100)
    }

    /// pat (partition 0) calls in session s at 00:00, 00:30 and 03:30: one session. quinn
    /// (partition 1) calls every 30 minutes from 00:00 to 12:00.
    static let pat = [at(0, 0), at(0, 30), at(3, 30)].map { call($0, "pat", "s") }
    static let quinn = (0...24).map { call(at(0, 0) + Int64($0) * 1_800_000, "quinn", "q") }
    /// Both in time order, as one file holds them.
    static let timeOrdered = (pat.map { (ms: timeMs($0), line: $0) } + quinn.map { (ms: timeMs($0), line: $0) })
        .sorted { $0.ms < $1.ms }.map(\.line)

    static func timeMs(_ line: String) -> Int64 {
        var parser = LineParser()
        parser.nowMs = Timestamp.maxMs
        let batch = EventBatch()
        _ = Array(line.utf8).withUnsafeBytes { parser.parse($0, into: batch) }
        return batch.events[0].timestampMs
    }

    /// A state and the sequencer before it, fed batch by batch; a batch with a partition is that
    /// partition's messages.
    final class Run {
        let state = InsightState(windows: SessionClockTests.windows, recordsMax: 10_000)
        let sequencer = Sequencer(windows: SessionClockTests.windows, inputNames: ["usage"])
        private var offsets: [Int32: Int64] = [:]

        init() { sequencer.kafkaInput = (index: 0, topic: "usage") }

        func feed(_ lines: [String], partition: Int32?) {
            var parser = LineParser()
            parser.nowMs = Timestamp.maxMs
            let batch = EventBatch()
            for line in lines {
                let outcome = Array(line.utf8).withUnsafeBytes { parser.parse($0, into: batch) }
                precondition(outcome == .accepted, "\(line): \(outcome)")
                batch.linesRead += 1
            }
            if let partition {
                let first = offsets[partition, default: 0]
                offsets[partition] = first + Int64(lines.count)
                batch.origin.kafka = KafkaSpan(partition: partition, firstOffset: first, nextOffset: first + Int64(lines.count))
            }
            sequencer.sequence(batch)
            state.apply(batch)
        }
    }

    /// Every session as "person session first last": the open ones and the closed ones in the fronts.
    static func sessions(_ image: InsightImage) -> [String] {
        func name(_ hash: UInt64) -> String { String(decoding: image.names.text(hash), as: UTF8.self) }
        // Session names are kept by the records (`SessionName`), these short enough to be whole there.
        func session(_ name: SessionName) -> String { name.withBytes { String(decoding: $0, as: UTF8.self) } }
        let open = image.sessions.map { "\(name($0.id.user)) \(session($0.name)) \($0.firstMs) \($0.lastMs)" }
        let closed = image.sessionFronts.filter { !$0.isFree }.map { "\(name($0.user)) \(session($0.name)) \($0.firstMs) \($0.lastMs)" }
        return (open + closed).sorted()
    }

    static var patsSession: String { "pat s \(at(0, 0)) \(at(3, 30))" }

    @Test func aPartitionReadAheadEndsNoSessionOfAnother() {
        let file = Run()
        file.feed(Self.timeOrdered, partition: nil)
        // The instance reads quinn's partition to 12:00 before pat's: pat's call at 03:30 then lies
        // 8 hours behind the instance's watermark, but only 3 after pat's previous call.
        let instance = Run()
        instance.feed(Self.quinn, partition: 1)
        instance.feed(Self.pat, partition: 0)
        #expect(instance.sequencer.watermarkMs == file.sequencer.watermarkMs)
        #expect(Self.sessions(instance.state.image()).filter { $0.hasPrefix("pat") } == [Self.patsSession])
        #expect(Self.sessions(file.state.image()).filter { $0.hasPrefix("pat") } == [Self.patsSession])
        #expect(Self.sessions(instance.state.image()) == Self.sessions(file.state.image()))
    }

    @Test func eachPartitionsClockIsRecordedAndAResumeGoesOnFromIt() throws {
        let whole = Run()
        whole.feed(Self.quinn, partition: 1)
        whole.feed(Self.pat, partition: 0)

        let first = Run()
        first.feed(Self.quinn, partition: 1)
        first.feed(Array(Self.pat.prefix(2)), partition: 0)
        let positions = first.sequencer.kafkaPositions
        #expect(positions.map(\.watermarkMs) == [at(0, 30), at(12, 0)])
        var header = SnapshotHeader()
        header.windows = Self.windows.windows
        header.watermarkMs = first.sequencer.watermarkMs
        let encoded = try InsightState.encodeSection([first.state.image()], header: header, level: 1)
        let rows = try InsightColumns.decode(try uncompressedPayload(encoded), rows: encoded.section.rows, version: 4, path: "test")

        let resumed = Run()
        resumed.state.restore(rows, watermarkMs: header.watermarkMs)
        resumed.state.restoreClocks(positions)
        // A cut before pat's next call: pat's session, restored without a clock, closes against the
        // slowest partition's (00:30), not the run's watermark (12:00).
        _ = resumed.state.image()
        resumed.feed(Array(Self.pat.suffix(1)), partition: 0)
        #expect(Self.sessions(resumed.state.image()) == Self.sessions(whole.state.image()))
        #expect(Self.sessions(resumed.state.image()).contains(Self.patsSession))
    }

    /// Within a partition, a call may arrive up to `SessionRecord.arrivalSlackMs` behind the
    /// partition's newest event and still continue its session; further behind, it starts a new one.
    @Test func aCallTooFarBehindItsClockStartsANewSession() {
        let run = Run()
        run.feed([Self.call(at(0, 0), "pat", "s"), Self.call(at(4, 30), "quinn", "q")], partition: 0)
        run.feed([Self.call(at(3, 50), "pat", "s")], partition: 0)  // 40 minutes behind: continues
        run.feed([Self.call(at(9, 0), "quinn", "q")], partition: 0)
        run.feed([Self.call(at(7, 45), "pat", "s")], partition: 0)  // 75 minutes behind: a new session
        #expect(Self.sessions(run.state.image()).filter { $0.hasPrefix("pat") } == [
            "pat s \(at(0, 0)) \(at(3, 50))", "pat s \(at(7, 45)) \(at(7, 45))",
        ])
    }
}
