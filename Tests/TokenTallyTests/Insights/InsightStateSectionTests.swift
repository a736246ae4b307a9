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
    static func fedState(_ lines: [String] = InsightScenario.lines, recordsMax: Int = 10_000) -> (InsightState, watermarkMs: Int64) {
        let state = InsightState(windows: windows, recordsMax: recordsMax)
        let sequencer = Sequencer(windows: windows, inputNames: ["test"])
        var parser = LineParser()
        parser.nowMs = Timestamp.maxMs
        let batch = EventBatch()
        for line in lines {
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

    /// `recordsRead` comes once, when the section holds none of the image's records or names any
    /// more: the stage, which goes on from there, then changes its tables and names store in place
    /// instead of copying them.
    @Test func theImageIsLetGoOfBeforeTheSectionIsFinished() throws {
        let (state, watermarkMs) = Self.fedState()
        var header = SnapshotHeader()
        header.windows = Self.windows.windows
        header.watermarkMs = watermarkMs
        func changesInPlace<E>(_ table: inout InsightTable<E>) -> Bool {
            let before = table.entries.withUnsafeBufferPointer { $0.baseAddress }
            table[0] = table[0]
            return table.entries.withUnsafeBufferPointer { $0.baseAddress } == before
        }
        var calls = 0
        let encoded = try InsightState.encodeSection([state.image()], header: header, level: 1, recordsRead: {
            calls += 1
            #expect(changesInPlace(&state.users) && changesInPlace(&state.activity) && changesInPlace(&state.tasks))
            #expect(changesInPlace(&state.work))
            // A compaction that drops a name moves the others down in place, unless another array
            // holds the store's bytes (then it copies them first).
            let names = state.names.bytes.withUnsafeBufferPointer { $0.baseAddress }
            var keep = [Bool](repeating: true, count: state.names.count)
            keep[0] = false
            state.names.retain(keep)
            #expect(state.names.bytes.withUnsafeBufferPointer { $0.baseAddress } == names)
        })
        #expect(calls == 1 && encoded.section.rows > 10)
    }

    /// Session names longer than a record keeps (`SessionName.inlineMax`) are kept in the names
    /// store, the others only by their records: open and closed sessions and loop streaks name
    /// both whole in the section, after a compaction and after a restore, and two long names that
    /// share their kept bytes stay apart.
    @Test func sessionNamesComeBackWholeThroughCompactionAndRestore() throws {
        let kept = String(repeating: "L", count: SessionName.inlineMax)
        // 5 hours apart, so that each closes: (name, calls, seconds between them). 10 calls or more
        // at a steady cadence are a loop streak. "-longest" covers "-covered" in ann's front (it ends
        // later and lasts longer), so only its loop names that one; "-longest" itself, with 3 calls,
        // only the front. Each after it is shorter than the one before, so all stay in the front.
        let sessions = [(kept + "-covered", 12, 60), (kept + "-longest", 3, 1200), (kept + "-looped", 12, 90), ("short", 12, 80), (kept, 12, 70)]
        var lines: [String] = []
        for (k, (session, calls, seconds)) in sessions.enumerated() {
            for c in 0..<calls {
                let ms = InsightScenario.at(0, 5 * k) + Int64(c * seconds) * 1000
                lines.append(InsightScenario.usage(ms, "ann", "red", "eng", model: "m1", session: session, input: 500))
            }
        }
        let closed = sessions.dropFirst().map(\.0).sorted(), loops = sessions.filter { $0.1 >= 10 }.map(\.0).sorted()
        let open = kept + "-still-open"
        lines.append(InsightScenario.usage(InsightScenario.at(2, 0), "ann", "red", "eng", model: "m1", session: open, input: 7))
        let (state, watermarkMs) = Self.fedState(lines)
        state.compact()
        func sessionNames(_ encoded: SnapshotSectionJob.Encoded) throws -> (open: [String?], closed: [String], loops: [String?]) {
            let rows = try InsightColumns.decode(try uncompressedPayload(encoded), rows: encoded.section.rows, version: 4, path: "test")
            return (rows.sessions.map(\.session), rows.closedSessions.map(\.session).sorted(), rows.loops.map(\.session).sorted { ($0 ?? "") < ($1 ?? "") })
        }
        let encoded = try Self.section(of: state, watermarkMs: watermarkMs)
        let names = try sessionNames(encoded)
        #expect(names.open == [open])
        #expect(names.closed == closed)
        #expect(names.loops == loops)
        // Only the long names are in the store.
        for session in sessions.map(\.0) + [open] {
            var text = session
            let hash = text.withUTF8 { KeyHash.hash(UnsafeRawBufferPointer($0), dimension: EventRef.session) }
            #expect((state.names.index(hash) != nil) == (session.utf8.count > SessionName.inlineMax), "\(session)")
        }

        let rows = try InsightColumns.decode(try uncompressedPayload(encoded), rows: encoded.section.rows, version: 4, path: "test")
        let fresh = InsightState(windows: Self.windows, recordsMax: 10_000)
        fresh.restore(rows, watermarkMs: watermarkMs)
        fresh.compact()
        let again = try Self.section(of: fresh, watermarkMs: watermarkMs)
        #expect(again.payload == encoded.payload)
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

    /// "é" as one code point and as "e" with a combining accent are equal Swift strings but two
    /// people (keys are bytes): a restore that reuses its previous name's hash must compare bytes.
    @Test func canonicallyEquivalentNamesStayTwoPeopleOnResume() throws {
        let lines = ["\\u00e9", "e\\u0301"].flatMap { user in
            (0..<3).map { i in
                #"{"ts":1790000\#(i)00000,"user":"\#(user)","team":"\#(user)","model":"m","task":"\#(user)","session":"\#(user)","input_tokens":5}"#
            }
        }
        let (state, watermarkMs) = Self.fedState(lines)
        let encoded = try Self.section(of: state, watermarkMs: watermarkMs)
        let rows = try InsightColumns.decode(try uncompressedPayload(encoded), rows: encoded.section.rows, version: 4, path: "test")
        #expect(rows.people.count == 2 && Set(rows.people.map { Array($0.user.utf8) }).count == 2)

        let fresh = InsightState(windows: Self.windows, recordsMax: 10_000)
        fresh.restore(rows, watermarkMs: watermarkMs)
        #expect(try Self.section(of: fresh, watermarkMs: watermarkMs).payload == encoded.payload)
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
