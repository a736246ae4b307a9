import Foundation
import Testing
@testable import TallyCore
@testable import TallySnapshot
@testable import TallyStages

/// Version 2's container: the summary frame, the sections' skippable frames, the size frame; each
/// section's header checked against the summary when the file opens and its checksum when read, and
/// hostile sizes refused before anything is decompressed or allocated for them.
@Suite struct SnapshotSectionTests {
    private func makeSnapshot(_ workspace: TestWorkspace) throws -> SnapshotFile {
        try workspace.ingest(lines: [
            usageLine(utcMs(2026, 11, 1, 10), user: "alice", team: "red", tokens: 10),
            #"{"ts":"2026-11-01T11:00:00Z","user":"bob","team":"red","model":"m","input_tokens":20,"id":"e1"}"#,
            #"{"ts":"2026-11-01T11:30:00Z","user":"bob","team":"red","model":"m","input_tokens":20,"id":"e2"}"#,
        ]).1
    }

    private func refusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func aSummaryFrameThenOneSkippableFramePerSectionThenTheSizeFrame() throws {
        let workspace = TestWorkspace()
        let snapshot = try makeSnapshot(workspace)
        let file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: snapshot.path)))
        // What `zstd -dc` gives: the summary, every line JSON, no section payload.
        let summary = try decompressFile(snapshot.path)
        let types = try String(decoding: summary, as: UTF8.self).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["type"] as? String
        }
        #expect(types.first == "header" && types.last == "end")
        #expect(Set(types) == ["header", "total", "section", "end"])
        #expect(snapshot.sections.map(\.kind) == [CounterShard.section, DuplicateFilter.section, InsightState.section])
        #expect(snapshot.sections.map(\.rows) == [4, 2, 6])  // 4 keys (2 users, a team, a model); 2 ids; 6 insights rows
        // The frames lie back to back after the summary frame, the size frame last.
        var offset = try #require(snapshot.sectionOffsets.first)
        for (section, start) in zip(snapshot.sections, snapshot.sectionOffsets) {
            #expect(start == offset)
            #expect(Array(file[start..<start + 4]) == [0x50, 0x2A, 0x4D, 0x18])
            offset += section.frameBytes
        }
        #expect(offset == file.count - SnapshotSizeFrame.byteCount)
        #expect(file.withUnsafeBytes { SnapshotSizeFrame.declaredSize($0) } == summary.count)
        // Between the summary frame and the sections, a padding frame: magic 0x184D2A5D and the
        // length of the zeros that fill the rest of the room kept for the summary's last rows.
        let first = snapshot.sectionOffsets[0]
        let paddings = (0...first - SnapshotPadding.headerBytes).filter { p in
            Array(file[p..<p + 4]) == [0x5D, 0x2A, 0x4D, 0x18]
                && file[p + 4..<p + 8].reversed().reduce(0) { $0 << 8 | Int($1) } == first - p - SnapshotPadding.headerBytes
        }
        let padding = try #require(paddings.last)
        #expect(file[padding + SnapshotPadding.headerBytes..<first].allSatisfy { $0 == 0 })
        // The summary is one frame that ends where the padding starts.
        let alone = try file[0..<padding].withUnsafeBytes {
            try SnapshotFile.decompress($0, limit: summary.count, declaresLimit: true, path: snapshot.path)
        }
        #expect(alone == summary)
    }

    /// The sections' current versions, and files whose counters and dedup sections are of older
    /// versions (as files on disk are) read as the same buckets and ids: the reader decodes each
    /// section by the version its row names.
    @Test func olderCountersAndDedupVersionsInAFileReadAsTheCurrentOnes() throws {
        let workspace = TestWorkspace()
        let snapshot = try makeSnapshot(workspace)
        #expect(snapshot.sections.map(\.version) == [3, 2, InsightState.section.currentVersion])
        func answers(_ file: SnapshotFile) throws -> [String] {
            var rows: [String] = []
            try file.forEachBucketRow { rows.append("\($0.dimension) \(String(decoding: $0.key, as: UTF8.self)) \($0.hours) \($0.days)") }
            return rows + (try file.duplicateIDs()).map { "\($0.hour) \($0.high) \($0.low)" }
        }
        let current = try answers(snapshot)
        #expect(current.count == 4 + 2 && current.contains { $0.hasPrefix("user bob [[") })
        // The snapshot's buckets and ids, to encode again in each version.
        let windows = try WindowSet(snapshot.header.windows)
        let shard = try #require(CounterShard(windows: windows, keysMax: 100))
        #expect(try CounterShard.restore(snapshot, into: [shard], windows: windows))
        var image = ShardImage()
        shard.lend(into: &image, until: nil)
        let (summary, parts) = try SnapshotAssembly.parts(of: snapshot)
        for (countersVersion, dedupVersion) in [(1, 1), (2, 1), (3, 1), (1, 2), (3, 2)] {
            let counters = try CounterShard.encodeSection(
                [image], keys: SnapshotWriter.sortedKeys([image]), header: snapshot.header, level: 1, version: countersVersion)
            var ids = try snapshot.duplicateIDs()
            let dedup = try DuplicateFilter.encodeSection(&ids, level: 1, version: dedupVersion)
            var older = parts
            older[0] = .init(kind: CounterShard.section, payload: try uncompressedPayload(counters), rows: 4, version: countersVersion)
            older[1] = .init(kind: DuplicateFilter.section, payload: try uncompressedPayload(dedup), rows: 2, version: dedupVersion)
            let file = try SnapshotFile(compressed: try SnapshotAssembly.assemble(summary: summary, parts: older), path: "older")
            #expect(file.sections.map(\.version) == [countersVersion, dedupVersion, InsightState.section.currentVersion])
            #expect(try answers(file) == current, "counters \(countersVersion), dedup \(dedupVersion)")
        }
    }

    @Test func aPaddingFrameIsPassedOverByDecoders() throws {
        for count in [0, 1, 300] {
            let padding = SnapshotPadding.bytes(filling: count)
            #expect(padding.count == SnapshotPadding.headerBytes + count)
            let summary = try ZstdEncoder.compress(Array("{}\n".utf8), level: 1)
            let decoded = try (summary + padding).withUnsafeBytes {
                try SnapshotFile.decompress($0, limit: 100, declaresLimit: true, path: "padding")
            }
            #expect(decoded == Array("{}\n".utf8))
        }
    }

    /// A payload handed out chunk by chunk as it compresses (`spill`) is the one kept whole.
    @Test func aSpilledPayloadIsTheWholePayloadInChunks() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        // Incompressible: about 3 chunks of compressed payload.
        let bytes = (0..<(3 * SectionPayload.chunkBytes + 12_345)).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        func encode(spilling: Bool) throws -> (SnapshotSection, SectionPayload, [(Int, [UInt8])]) {
            let encoder = try SnapshotSectionEncoder(kind: InsightState.section, level: 1)
            var spilled: [(Int, [UInt8])] = []
            if spilling { encoder.spill = { spilled.append(($0, $1)) } }
            for start in stride(from: 0, to: bytes.count, by: 1 << 20) {
                try bytes[start..<min(bytes.count, start + (1 << 20))].withUnsafeBytes { try encoder.add($0) }
            }
            let (section, payload) = try encoder.finish(rows: 1)
            return (section, payload, spilled)
        }
        let (whole, payload, none) = try encode(spilling: false)
        let (section, rest, spilled) = try encode(spilling: true)
        #expect(none.isEmpty && payload.spilledChunks == 0)
        #expect(section == whole)
        #expect(spilled.map(\.0) == Array(0..<spilled.count) && spilled.count == rest.spilledChunks && spilled.count >= 2)
        var joined = spilled.flatMap(\.1)
        rest.forEachChunk { joined.append(contentsOf: $0) }
        #expect(joined == payload.bytes)
        #expect(joined.count == section.compressedBytes)
    }

    /// Columns compressed on the encoder's own thread give the bytes compressing them in `add`
    /// gives (the same zstd calls, a block ended at each segment), spilled in order from that
    /// thread; and an encoder given up before `finish` stops its thread.
    @Test func columnsCompressedOnTheEncodersThreadAreTheSameBytes() throws {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func blockColumns(_ block: Int) -> ColumnWriter {
            var w = ColumnWriter()
            w.append(UInt32(block))
            w.append(column: (0..<20_000).map { _ -> Int64 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int64(state >> 16)  // six random low bytes, constant high ones
            }, planes: true)
            return w
        }
        func encode(onThread: Bool) throws -> (SnapshotSection, [UInt8], [Int]) {
            state = 0x2545_F491_4F6C_DD1D
            let encoder = try SnapshotSectionEncoder(kind: InsightState.section, level: 1, compressOnThread: onThread)
            let spilled = SpilledChunks()
            encoder.spill = { spilled.add($0, $1) }
            for block in 0..<60 {
                var w = blockColumns(block)
                try encoder.add(&w)
                #expect(w.count == 0 && w.segmentEnds.isEmpty, "the caller gets its buffer back empty")
            }
            let (section, payload) = try encoder.finish(rows: 60)
            var bytes = spilled.bytes
            payload.forEachChunk { bytes.append(contentsOf: $0) }
            return (section, bytes, spilled.numbers)
        }
        let inline = try encode(onThread: false), threaded = try encode(onThread: true)
        #expect(threaded.0 == inline.0 && threaded.1 == inline.1 && threaded.2 == inline.2)
        #expect(!threaded.2.isEmpty && threaded.2 == Array(0..<threaded.2.count))
        #expect(threaded.1.count == threaded.0.compressedBytes)
        // Given up half way (its producer failed): the thread stops when the encoder goes.
        var abandoned: SnapshotSectionEncoder? = try SnapshotSectionEncoder(kind: InsightState.section, level: 1, compressOnThread: true)
        var w = blockColumns(0)
        try abandoned?.add(&w)
        abandoned = nil
        #expect(abandoned == nil)
    }

    @Test func aSectionWhoseChecksumDiffersIsRefusedWhenRead() throws {
        let workspace = TestWorkspace()
        let snapshot = try makeSnapshot(workspace)
        let (summary, original) = try SnapshotAssembly.parts(of: snapshot)
        var parts = original
        let insights = try #require(parts.firstIndex { $0.kind == InsightState.section })
        parts[insights].xxh64 = XXH64.hash(parts[insights].payload) ^ 1
        let file = try SnapshotFile(compressed: try SnapshotAssembly.assemble(summary: summary, parts: parts), path: "damaged")
        // The summary is intact and reads; the damaged section does not, and nothing of it is used.
        #expect(try file.totals() == snapshot.totals())
        #expect(try file.duplicateIDs().count == 2)
        #expect(refusal { _ = try file.insightRows() }?.contains("damaged: malformed snapshot: the insights section's checksum does not match") == true)
    }

    @Test func aFrameThatDisagreesWithItsSummaryRowIsRefusedAtOpen() throws {
        let workspace = TestWorkspace()
        let snapshot = try makeSnapshot(workspace)
        let file = [UInt8](try Data(contentsOf: URL(fileURLWithPath: snapshot.path)))
        // The counters frame's row count (bytes 32..<40 of its header).
        var changed = file
        changed[snapshot.sectionOffsets[0] + 32] ^= 1
        #expect(refusal { _ = try SnapshotFile(compressed: changed, path: "f") }?
            .contains("the counters section's frame does not match the summary's section row") == true)
        // A frame cut short: the sections no longer end where the size frame starts.
        let cut = Array(file[..<snapshot.sectionOffsets[2]]) + Array(file[(file.count - SnapshotSizeFrame.byteCount)...])
        #expect(refusal { _ = try SnapshotFile(compressed: cut, path: "f") } != nil)
    }

    /// A file whose summary (checksum intact) and frame both claim a section of 1 TiB is refused
    /// by the cap when opened, before any decompression.
    @Test func aSectionLargerThanTheCapIsRefusedAtOpen() throws {
        let header = SnapshotStaging(shardCount: 1).finishedHeader(sequence: 1, createdAtMs: 0)
        var out = JSONOutput()
        out.raw("{\"type\":\"header\",")
        header.writeFields(into: &out)
        out.raw("}\n")
        let headerLine = Array(out.bytes)
        let payload = try ZstdEncoder.compress([1, 2, 3])
        let section = SnapshotSection(kind: DuplicateFilter.section, version: 1, bytes: 1 << 40, compressedBytes: payload.count, rows: 1, xxh64: 0)
        SnapshotRows.writeSectionRow(section, into: &out)
        var content = Array(out.bytes)
        var end = JSONOutput()
        SnapshotRows.writeEnd(rows: 2, checksum: XXH64.hash(content), into: &end)
        content += Array(end.bytes)
        let file = try ZstdEncoder.compress(content) + section.frameHeader() + payload + SnapshotSizeFrame.bytes(declaring: content.count)
        #expect {
            try SnapshotFile(compressed: file, path: "huge")
        } throws: { error in
            guard let error = error as? SnapshotError, case .tooLarge(let limit, false) = error.kind else { return false }
            return limit == SnapshotLimits.ratioFloorBytes
        }
        // A row claiming more compressed bytes than a frame can hold is unreadable, not an overflow.
        var rows = JSONOutput()
        let overlong = SnapshotSection(kind: DuplicateFilter.section, version: 1, bytes: 3, compressedBytes: Int.max, rows: 1, xxh64: 0)
        SnapshotRows.writeSectionRow(overlong, into: &rows)
        var summary = headerLine + Array(rows.bytes)
        rows.removeAll()
        SnapshotRows.writeEnd(rows: 2, checksum: XXH64.hash(summary), into: &rows)
        summary += Array(rows.bytes)
        let overflowing = try ZstdEncoder.compress(summary) + SnapshotSizeFrame.bytes(declaring: summary.count)
        #expect {
            try SnapshotFile(compressed: overflowing, path: "overflowing")
        } throws: { error in
            "\(error)".contains("unreadable section row")
        }
    }

    @Test func hostileCountsInsideSectionsAreRefusedNamingTheSection() throws {
        let workspace = TestWorkspace()
        let snapshot = try makeSnapshot(workspace)
        let (summary, parts) = try SnapshotAssembly.parts(of: snapshot)
        func with(_ kind: SnapshotSection.Kind, _ payload: [UInt8]) throws -> SnapshotFile {
            var changed = parts
            changed[try #require(changed.firstIndex { $0.kind == kind })].payload = payload
            return try SnapshotFile(compressed: try SnapshotAssembly.assemble(summary: summary, parts: changed), path: "hostile")
        }
        var manyKeys = ColumnWriter()
        manyKeys.append(UInt32(1_000_000))
        manyKeys.append(column: [UInt8](repeating: 0, count: 64))
        #expect(refusal { try with(CounterShard.section, manyKeys.bytes).forEachBucketRow { _ in } }?
            .contains("the counters section: a block claims 1000000 keys, more than its bytes can hold") == true)
        var manyIds = ColumnWriter()
        manyIds.append(UInt64.max)
        #expect(refusal { _ = try with(DuplicateFilter.section, manyIds.bytes).duplicateIDs() }?
            .contains("the dedup section: the id count claims 18446744073709551615 rows") == true)
        // A block whose key count fits but whose bucket counts add up to more than its bytes.
        var manyBuckets = ColumnWriter()
        manyBuckets.append(UInt32(1))
        manyBuckets.append(UInt8(0))
        manyBuckets.append(UInt32(1))
        manyBuckets.append(UInt32.max)
        manyBuckets.append(UInt32.max)
        manyBuckets.append(column: Array("k".utf8))
        #expect(refusal { try with(CounterShard.section, manyBuckets.bytes).forEachBucketRow { _ in } }?
            .contains("a block claims 8589934590 buckets") == true)
        // A section the file needs but lacks.
        let without = try SnapshotFile(
            compressed: try SnapshotAssembly.assemble(summary: summary, parts: parts.filter { $0.kind != DuplicateFilter.section }), path: "partial")
        #expect(refusal { _ = try without.duplicateIDs() }?.contains("it has no dedup section") == true)
    }
}

/// Chunks a section encoder spills, from whichever thread it spills on.
private final class SpilledChunks: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var numbers: [Int] = []
    private(set) var bytes: [UInt8] = []

    func add(_ number: Int, _ chunk: [UInt8]) {
        lock.withLock {
            numbers.append(number)
            bytes.append(contentsOf: chunk)
        }
    }
}
