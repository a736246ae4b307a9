import FuzzSupport
import TallyCore
import TallyReports
import TallySnapshot
import TallyStages

/// libFuzzer target for the snapshot reader (`scripts/fuzz`). The first byte picks what the rest is:
/// - 0 modulo 4: a whole snapshot file (zstd bytes), as a damaged or hostile file on disk would be;
/// - odd: the decompressed content of a version 1 file, to which the target adds a correct end
///   record and checksum and which it compresses, so that fuzzing reaches the header and row
///   decoding behind the checksum;
/// - 2 modulo 4: the parts of a version 2 file, separated by `FF FE`: the summary's rows, then the
///   counters, dedup and insights payloads, which the target seals with correct section rows,
///   frames, checksums and end record, so that fuzzing reaches the sections' column decoding. Bits
///   2 and 3 of the first byte pick the insights section's version: 0 binary columns back to back
///   (2), 1 NDJSON rows (1), 2 byte planes (3), 3 byte planes with fewer fields (4); bits 4 and 5
///   the counters section's: 0 columns back to back (1), 1 byte planes (2), 2 and 3 byte planes
///   with the cost less its estimated part (3); bit 6 the dedup section's: clear columns back to back (1), set byte planes
///   with high bits as differences (2).
/// Either the reader refuses the file with a `SnapshotError`, or every query on it works.
enum SnapshotFuzz {
    static func check(_ data: UnsafeRawBufferPointer) {
        guard let mode = data.first else { return }
        let rest = Array(data.dropFirst())
        let file: [UInt8]
        if mode & 1 == 1 {
            guard let sealed = try? seal(rest) else { return }
            file = sealed
        } else if mode & 3 == 2 {
            let insightsVersion = [2, 1, 3, 4][Int(mode >> 2) & 3], countersVersion = [1, 2, 3, 3][Int(mode >> 4) & 3]
            let dedupVersion = mode & 64 == 0 ? 1 : 2
            guard let assembled = try? assemble(
                rest, insightsVersion: insightsVersion, countersVersion: countersVersion, dedupVersion: dedupVersion)
            else { return }
            file = assembled
        } else {
            file = rest
        }
        guard let snapshot = try? SnapshotFile(compressed: file, path: "fuzz-input") else { return }
        // What a resume reads.
        _ = try? snapshot.forEachBucketRow { _ in }
        _ = try? snapshot.duplicateIDs()
        _ = try? snapshot.totals()
        for dimension in KeyDimension.allCases {
            for window in snapshot.header.windows { _ = try? snapshot.totals(dimension: dimension, window: window.description) }
        }
        // The insight readers: records, figures, flags, leaderboard and the dashboard page.
        guard (try? snapshot.insightRows()) != nil else { return }
        // A resume's insights stage: the records it restores (names of any length and bytes among
        // them) encode again as a section.
        if let windows = try? WindowSet(snapshot.header.windows) {
            let state = InsightState(windows: windows, recordsMax: 1 << 12)
            if (try? InsightState.restore(snapshot, into: [state], key: nil)) != nil {
                _ = try? InsightState.encodeSection([state.image()], header: snapshot.header, level: 1)
            }
        }
        for window in snapshot.header.windows {
            guard let figures = try? InsightFigures(snapshot: snapshot, window: window.description) else { continue }
            _ = RedFlagFinder.find(figures, rows: figures.rows, thresholds: RedFlagThresholds())
            _ = Leaderboard(figures, top: 10, cacheWizardTokensMin: 0, canSee: { _ in true })
            if let model = try? DashboardModel(snapshot: snapshot, window: window.description, scope: .operator(), thresholds: RedFlagThresholds()) {
                _ = DashboardRenderer.html(model)
            }
        }
    }

    /// The parts of a version 2 file (summary, counters, dedup, insights, separated by `FF FE`)
    /// as one file whose checksums and sizes all hold.
    private static func assemble(_ bytes: [UInt8], insightsVersion: Int, countersVersion: Int, dedupVersion: Int) throws -> [UInt8] {
        var pieces: [[UInt8]] = [[]]
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0xFF, i + 1 < bytes.count, bytes[i + 1] == 0xFE {
                pieces.append([])
                i += 2
            } else {
                pieces[pieces.count - 1].append(bytes[i])
                i += 1
            }
        }
        let kinds: [SnapshotSection.Kind] = [CounterShard.section, DuplicateFilter.section, InsightState.section]
        let parts = zip(kinds, pieces.dropFirst()).map { kind, payload in
            // Rows are compared with what was decoded only after every row was: any count will do,
            // but the insights' binary columns must hold theirs for the figures to be reached.
            let isInsights = kind == InsightState.section
            let rows = isInsights && insightsVersion >= 2 ? insightRecords(payload, version: insightsVersion) : 0
            let version = isInsights ? insightsVersion : kind == CounterShard.section ? countersVersion : dedupVersion
            return SnapshotAssembly.Part(kind: kind, payload: payload, rows: rows, version: version)
        }
        return try SnapshotAssembly.assemble(summary: pieces[0], parts: parts)
    }

    /// The records a binary insights payload holds, or 0 when it does not decode.
    private static func insightRecords(_ payload: [UInt8], version: Int) -> Int {
        guard let r = try? InsightColumns.decode(payload, rows: nil, version: version, path: "fuzz") else { return 0 }
        let kinds: [Int] = [r.people.count, r.activity.count, r.sessions.count, r.closedSessions.count, r.tasks.count, r.work.count, r.loops.count]
        return kinds.reduce(0, +)
    }

    /// `content` as the writer would finish it: end record with row count and XXH64, zstd frame.
    private static func seal(_ content: [UInt8]) throws -> [UInt8] {
        var body = content
        if let last = body.last, last != 0x0A { body.append(0x0A) }
        let rows = body.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let checksum = body.withUnsafeBytes { SnapshotRows.hex(XXH64.hash($0)) }
        body += Array("{\"type\":\"end\",\"rows\":\(rows),\"xxh64\":\"\(checksum)\"}\n".utf8)
        return try ZstdEncoder.compress(body, level: 1)
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    SnapshotFuzz.check(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@_cdecl("SnapshotFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.runDriver(argc, argv, fuzzTest)
}
#else
@main struct Replay {
    static func main() throws { try FuzzSupport.replay(SnapshotFuzz.check) }
}
#endif
