import Foundation
import Testing
@testable import TallyCore
@testable import TallySnapshot
@testable import TallyStages

/// The insights section's binary columns (version 4): every record kind reads back as the rows the
/// NDJSON version 1 held, the content does not depend on how the input was split or resumed, and a
/// damaged or hostile payload is refused with the section and field named, before allocation.
@Suite struct InsightColumnsTests {
    /// The scenario, plus frank's idle loop on D-1, ended by a call 21 minutes later (a loop record),
    /// in a session that has closed since.
    private static var lines: [String] {
        (0..<41).map { i in
            InsightScenario.usage(InsightScenario.at(-1, 5, i == 40 ? 60 : i), "frank", "blue", "ops", model: "m1", task: "T6",
                                  session: "loop-0", input: 1000, output: 100)
        } + InsightScenario.lines
    }

    private func refusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// `snapshot` with its insights payload, row count and version replaced.
    private func replacingInsights(of snapshot: SnapshotFile, _ payload: [UInt8], rows: Int, version: Int? = nil) throws -> SnapshotFile {
        var (summary, parts) = try SnapshotAssembly.parts(of: snapshot)
        let i = try #require(parts.firstIndex { $0.kind == InsightState.section })
        parts[i] = SnapshotAssembly.Part(kind: InsightState.section, payload: payload, rows: rows, version: version)
        return try SnapshotFile(compressed: try SnapshotAssembly.assemble(summary: summary, parts: parts), path: "f")
    }

    @Test func everyKindReadsBackAsTheNDJSONRowsOfVersion1() throws {
        let workspace = TestWorkspace()
        let snapshot = try workspace.ingest(lines: Self.lines).1
        let section = try #require(snapshot.sections.first { $0.kind == InsightState.section })
        #expect(section.version == 4)
        let rows = try snapshot.insightRows()
        #expect(!rows.people.isEmpty && !rows.activity.isEmpty && !rows.sessions.isEmpty && !rows.closedSessions.isEmpty)
        #expect(!rows.tasks.isEmpty && !rows.work.isEmpty && !rows.loops.isEmpty)
        #expect(section.rows == rows.people.count + rows.activity.count + rows.sessions.count + rows.closedSessions.count
            + rows.tasks.count + rows.work.count + rows.loops.count)
        // Known values, worked out from the input: T5 shipped without calls, T3 has no status, so
        // its run is all of its 40 calls.
        let t5 = try #require(rows.tasks.first { $0.task == "T5" })
        #expect(t5.lastHour == InsightScenario.at(-4, 9) / 3_600_000 && t5.callsSinceStatus == 0 && t5.status == "shipped")
        #expect(t5.shippedMs == InsightScenario.at(-4, 9) && t5.statusMs == t5.shippedMs)
        let t3 = try #require(rows.tasks.first { $0.task == "T3" })
        #expect(t3.callsSinceStatus == 40 && t3.status == nil && t3.statusMs == nil && t3.shippedMs == nil)
        #expect(rows.people.first { $0.user == "carol" } == .init(user: "carol", team: "red", org: "eng", latestMs: InsightScenario.at(0, 3)))
        #expect(rows.loops.map(\.user) == ["frank"] && rows.loops.first?.calls == 40)
        #expect(rows.closedSessions.contains { $0.user == "frank" && $0.session == "loop-0" })
        // The same rows as NDJSON (section version 1, as written this morning) read back equal.
        let old = try replacingInsights(of: snapshot, insightNDJSON(rows), rows: section.rows, version: 1)
        #expect(old.sections.first { $0.kind == InsightState.section }?.version == 1)
        #expect(try old.insightRows() == rows)
    }

    /// A person's records of one kind lie together whatever order the stage added them in
    /// (interleaved with another person's), and none is lost: hour 3, the day and hour 5 on T9.
    @Test func aPersonsRecordsLieTogether() throws {
        let lines = [(3, "gina", "T9"), (4, "hugo", "T9"), (5, "gina", "T9"), (5, "hugo", "T7"), (6, "gina", "T8")].map {
            InsightScenario.usage(InsightScenario.at(0, $0.0), $0.1, "blue", "ops", model: "m1", task: $0.2, input: 10)
        }
        let snapshot = try TestWorkspace().ingest(lines: lines).1
        let work = try snapshot.insightRows().work
        let people = work.map(\.user)
        #expect(people.count == 9 && Set(people) == ["gina", "hugo"])
        let contiguous = { (user: String) in
            people.enumerated().filter { $0.element == user }.map(\.offset) == Array(people.firstIndex(of: user)!...people.lastIndex(of: user)!)
        }
        #expect(contiguous("gina") && contiguous("hugo"))
        let hour = { (h: Int) in InsightScenario.at(0, h) / Timestamp.msPerHour }
        #expect(Set(work.filter { $0.user == "gina" && $0.task == "T9" }.map { "\($0.unit) \($0.bucket)" })
            == ["hour \(hour(3))", "hour \(hour(5))", "day \(InsightScenario.at(0, 0) / Timestamp.msPerDay)"])
    }

    /// The encoder's record order (buckets by the first key word's top bits, each bucket sorted) is
    /// the order of one stable sort by the whole key, with keys crowded into few buckets, first words
    /// shared by many records, ties to the last word, dead records left out, and two shards.
    @Test func recordOrderIsOneStableSortByTheWholeKey() {
        var random = SystemRandomNumberGenerator()
        // A record is its three key words; the last is its identity, so equal keys stay distinguishable.
        func record(shard: Int, _ i: Int) -> [UInt64] {
            let top = UInt64.random(in: 0..<5, using: &random) << 62
            let first = top | UInt64.random(in: 0..<40, using: &random)
            return [first, UInt64.random(in: 0..<3, using: &random), UInt64(shard * 10_000 + i % 700)]
        }
        let tables: [[[UInt64]]] = (0..<2).map { shard in (0..<3_000).map { record(shard: shard, $0) } }
        var entries: [InsightColumns.Encoder.SortEntry] = []
        InsightColumns.Encoder.order(tables, { $0[2] % 7 != 0 }, { ($0[0], $0[1]) }, { k, r in k.append(contentsOf: r) }, into: &entries)
        let order = entries.map(\.position)
        var live: [(position: UInt64, key: [UInt64])] = []
        for (shard, records) in tables.enumerated() {
            for (i, r) in records.enumerated() where r[2] % 7 != 0 { live.append((UInt64(shard) << 32 | UInt64(i), r)) }
        }
        let ranked = live.indices.sorted { a, b in
            live[a].key != live[b].key ? live[a].key.lexicographicallyPrecedes(live[b].key) : a < b
        }
        let expected = ranked.map { live[$0].position }
        #expect(order == expected)
    }

    /// A person's work records lie together by task, each task's in unit, then bucket order,
    /// whatever order the table holds them in; two tasks whose hashes share their high half (so
    /// tie on the order entries' second word) are told apart by the whole task hash.
    @Test func workRecordsOrderByTaskThenUnitThenBucket() {
        let tasks: [UInt64] = [0x0999_0000_FFFF_FFFF, 0x1111_2222_0000_0003, 0x1111_2222_0000_0005, 0xF000_0000_0000_0001]
        var records: [WorkRecord] = []
        for user: UInt64 in [0xABCD_0000_0000_0001, 0x0000_0000_0000_0002] {
            for task in tasks {
                for unit: Int64 in [0, 1] {
                    for bucket: Int64 in [20_000, 494_999, 495_000] {
                        records.append(WorkRecord(id: .init(user: user, task: task, unit: unit, bucket: bucket), team: 7, org: 9))
                    }
                }
            }
        }
        func ordered(_ table: [WorkRecord]) -> [WorkRecord.ID] {
            var entries: [InsightColumns.Encoder.SortEntry] = []
            InsightColumns.Encoder.order(
                [table], { _ in true }, InsightColumns.Encoder.workKeyHead, InsightColumns.Encoder.workKey, into: &entries)
            return entries.map { table[Int($0.position)].id }
        }
        let once = ordered(records.shuffled()), again = ordered(records.shuffled())
        #expect(once == again)
        // The two tasks sharing a high half interleave by unit and bucket; every other task's
        // records are contiguous, in (unit, bucket) order.
        for user in [UInt64(0x0000_0000_0000_0002), 0xABCD_0000_0000_0001] {
            let mine = once.filter { $0.user == user }
            #expect(mine.count == 24 && Set(once.prefix(24).map(\.user)) == [0x0000_0000_0000_0002])
            for task in [tasks[0], tasks[3]] {
                let at = mine.indices.filter { mine[$0].task == task }
                #expect(at == Array(at[0]..<at[0] + 6))
                #expect(at.map { "\(mine[$0].unit) \(mine[$0].bucket)" } == ["0 20000", "0 494999", "0 495000", "1 20000", "1 494999", "1 495000"])
            }
            let shared = mine.filter { $0.task >> 32 == 0x1111_2222 }.map { "\($0.unit) \($0.bucket) \($0.task & 0xF)" }
            #expect(shared == ["0 20000 3", "0 20000 5", "0 494999 3", "0 494999 5", "0 495000 3", "0 495000 5",
                               "1 20000 3", "1 20000 5", "1 494999 3", "1 494999 5", "1 495000 3", "1 495000 5"])
            #expect(mine.map(\.task).filter { $0 != tasks[1] && $0 != tasks[2] } == [tasks[0], tasks[0], tasks[0], tasks[0], tasks[0], tasks[0], tasks[3], tasks[3], tasks[3], tasks[3], tasks[3], tasks[3]])
        }
    }

    /// Split into files, into small chunks, on one worker, or resumed half way: the same bytes.
    @Test func theSectionIsTheSameBytesHoweverTheInputWasSplitOrResumed() throws {
        // Over one block of people (8,192 records), so a block boundary falls inside a kind.
        let lines = Self.lines + (0..<9000).map { i in
            InsightScenario.usage(InsightScenario.at(0, 4, i % 60), "p\(i)", "team\(i % 7)", "org\(i % 3)", model: "m\(i % 4)",
                                  task: "K\(i % 500)", session: "s\(i % 11)", input: i)
        }
        func payload(_ snapshot: SnapshotFile) throws -> [UInt8] { try #require(try snapshot.sectionPayload(InsightState.section)) }
        let one = TestWorkspace()
        let reference = try payload(try one.ingest([one.write("all.ndjson", lines: lines)]).1)

        let split = TestWorkspace()
        let thirds = stride(from: 0, to: lines.count, by: lines.count / 3 + 1).map { start in
            split.write("part\(start).ndjson", lines: Array(lines[start..<min(lines.count, start + lines.count / 3 + 1)]))
        }
        #expect(try payload(try split.ingest(thirds, workers: 1, chunkBytes: 4096).1) == reference)

        let resumed = TestWorkspace()
        _ = try resumed.ingest(Array(thirds.prefix(2)))
        #expect(try payload(try resumed.ingest(thirds, resume: true).1) == reference)
    }

    /// A record that went stale is left out of a snapshot, so a resumed run adds it again after the
    /// others when it comes back, where one run keeps it in place: xia is first in one run's table
    /// and last in the resumed one's, and the section must not show it.
    @Test func aRecordRevivedAfterAResumeChangesNoByte() throws {
        func call(_ day: Int, _ hour: Int, _ user: String) -> String {
            InsightScenario.usage(InsightScenario.at(day, hour), user, "red", "eng", model: "m1", task: "T-\(user)", input: 10)
        }
        let first = [call(-6, 0, "xia"), call(-1, 12, "yan"), call(-1, 23, "yan")]
        let second = [call(0, 0, "xia")]
        let one = TestWorkspace()
        let reference = try one.ingest([one.write("all.ndjson", lines: first + second)], windows: "1h,24h").1
        #expect(try reference.insightRows().people.map(\.user).sorted() == ["xia", "yan"])

        let resumed = TestWorkspace()
        let files = [resumed.write("first.ndjson", lines: first), resumed.write("second.ndjson", lines: second)]
        #expect(try resumed.ingest([files[0]], windows: "1h,24h").1.insightRows().people.map(\.user) == ["yan"])
        let final = try resumed.ingest(files, windows: "1h,24h", resume: true).1
        #expect(try final.sectionPayload(InsightState.section) == reference.sectionPayload(InsightState.section))
    }

    // A hand-made payload (version 3: byte planes): blocks of `kind` with `names` new names and the given columns.
    private func block(_ kind: UInt8, count: UInt32, names: [String] = [], nameColumns: [[UInt32]] = [], numbers: [[Int64]] = []) -> [UInt8] {
        var w = ColumnWriter()
        w.append(kind)
        w.append(count)
        w.append(UInt32(names.count))
        w.append(column: names.map { UInt32($0.utf8.count) }, planes: true)
        for name in names { Array(name.utf8).withUnsafeBytes { w.append(raw: $0) } }
        for c in nameColumns { w.append(column: c, planes: true) }
        for c in numbers { w.append(column: c, planes: true) }
        return w.bytes
    }

    @Test func damagedOrHostileBlocksAreRefusedNamingTheField() throws {
        let snapshot = try TestWorkspace().ingest(lines: Self.lines).1
        let person = block(1, count: 1, names: ["ann", "red"], nameColumns: [[0], [1], [InsightColumns.absent]], numbers: [[7]])
        let file = try replacingInsights(of: snapshot, person, rows: 1)
        #expect(try file.insightRows().people == [.init(user: "ann", team: "red", org: nil, latestMs: 7)])

        let cases: [([UInt8], Int, String)] = [
            (block(1, count: 1_000_000), 1_000_000, "a person block claims 1000000 records, more than its 0 bytes can hold"),
            ([1, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], 0, "ends inside the person block's name length column"),
            (block(1, count: 1, names: ["ann"], nameColumns: [[5], [0], [0]], numbers: [[7]]), 1, "person record 0 of a block refers to name 5, beyond the 1 so far"),
            (block(1, count: 1, nameColumns: [[InsightColumns.absent], [InsightColumns.absent], [InsightColumns.absent]], numbers: [[7]]), 1,
             "person record 0 of a block has no name in column 0"),
            (block(9, count: 0), 0, "a block of unknown kind 9"),
            (block(6, count: 1, names: ["ann", "T1"], nameColumns: [[0], [1], [0], [0]], numbers: [[2], [0], [0], [0], [0]]), 1,
             "work record 0 of a block has unit 2"),
            (block(6, count: 1, names: ["ann", "T1"], nameColumns: [[0], [1], [0], [0]], numbers: [[0], [1 << 62], [0], [0], [0]]), 1,
             "work record 0 of a block has bucket 4611686018427387904, beyond any hour or day"),
            (person, 2, "holds 1 records, its row says 2"),
            (Array(person.dropLast()), 1, "a person block claims 1 records, more than its 19 bytes can hold"),
        ]
        for (payload, rows, message) in cases {
            let damaged = try replacingInsights(of: snapshot, payload, rows: rows)
            let error = refusal { _ = try damaged.insightRows() }
            #expect(error?.contains("the insights section: ") == true && error?.contains(message) == true, "\(error ?? "read"), want \(message)")
        }
        // A layout this tokentally does not know.
        let newer = try replacingInsights(of: snapshot, person, rows: 1, version: 5)
        #expect(refusal { _ = try newer.insightRows() }?.contains("its insights section has version 5; this tokentally reads 1 to 4") == true)
    }
}
