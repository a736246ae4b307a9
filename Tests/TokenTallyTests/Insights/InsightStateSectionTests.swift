import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages

/// The insights state's section alone: a state's capture encodes to a section, which restores into a
/// fresh state that captures to the same bytes; damage is refused with the section's error.
@Suite struct InsightStateSectionTests {
    static let windows = try! WindowSet(parsing: WindowSet.defaultList)

    /// A state fed `InsightScenario.lines` (people, sessions, tasks with outcomes, work, a loop), and
    /// its watermark.
    static func fedState() -> (InsightState, watermarkMs: Int64) {
        let state = InsightState(windows: windows, recordsMax: 10_000)
        let sequencer = Sequencer(windows: windows, inputNames: ["test"])
        var parser = LineParser()
        parser.nowMs = Timestamp.maxMs
        let batch = EventBatch()
        for line in InsightScenario.lines {
            let outcome = Array(line.utf8).withUnsafeBytes { parser.parse($0, into: batch) }
            precondition(outcome == .accepted, "\(line): \(outcome)")
            batch.linesRead += 1
        }
        sequencer.sequence(batch)
        state.apply(batch)
        return (state, sequencer.watermarkMs)
    }

    static func section(of state: InsightState, watermarkMs: Int64) throws -> SnapshotSectionJob.Encoded {
        var header = SnapshotHeader()
        header.windows = windows.windows
        header.watermarkMs = watermarkMs
        return try InsightState.encodeSection([state.image()], header: header, level: 1)
    }

    /// The final cut's image is the state's, and the stage keeps nothing after it (its tables'
    /// memory goes before the final snapshot is written).
    @Test func theFinalImageTakesTheStateAndLeavesTheStageEmpty() throws {
        let (state, watermarkMs) = Self.fedState()
        let before = try Self.section(of: state, watermarkMs: watermarkMs)
        var header = SnapshotHeader()
        header.windows = Self.windows.windows
        header.watermarkMs = watermarkMs
        let final = try InsightState.encodeSection([state.finalImage()], header: header, level: 1)
        #expect(final.payload == before.payload && final.section == before.section && final.section.rows > 10)
        #expect(state.recordCount == 0 && state.image().users.isEmpty)
    }

    @Test func aRestoredStateCapturesTheSameSection() throws {
        let (state, watermarkMs) = Self.fedState()
        let encoded = try Self.section(of: state, watermarkMs: watermarkMs)
        #expect(encoded.section.kind == InsightState.section)
        let rows = try InsightColumns.decode(try uncompressedPayload(encoded), rows: encoded.section.rows, version: 4, path: "test")
        #expect(!rows.people.isEmpty && !rows.activity.isEmpty && !rows.sessions.isEmpty)
        #expect(!rows.tasks.isEmpty && !rows.work.isEmpty)

        let fresh = InsightState(windows: Self.windows, recordsMax: 10_000)
        fresh.restore(rows, watermarkMs: watermarkMs)
        let again = try Self.section(of: fresh, watermarkMs: watermarkMs)
        #expect(again.payload == encoded.payload)
        #expect(again.section == encoded.section)
    }

    @Test func aDamagedSectionGivesTheInsightsError() throws {
        let (state, watermarkMs) = Self.fedState()
        let encoded = try Self.section(of: state, watermarkMs: watermarkMs)
        let payload = try uncompressedPayload(encoded)
        func refusal(_ payload: [UInt8], rows: Int) -> String? {
            do {
                _ = try InsightColumns.decode(payload, rows: rows, version: 4, path: "test")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(refusal(payload, rows: encoded.section.rows) == nil)
        // Cut inside a block, or at a block's end with records missing.
        for end in 0..<payload.count {
            #expect(refusal(Array(payload[..<end]), rows: encoded.section.rows)?.contains("the insights section") == true, "\(end) bytes")
        }
        var hostile = payload
        hostile[0] = 0xEE  // the first block's kind
        #expect(refusal(hostile, rows: encoded.section.rows)?.contains("unknown kind 238") == true)
        hostile = payload
        hostile.replaceSubrange(1..<5, with: [0xFF, 0xFF, 0xFF, 0x7F])  // its record count
        #expect(refusal(hostile, rows: encoded.section.rows) != nil)
    }
}
