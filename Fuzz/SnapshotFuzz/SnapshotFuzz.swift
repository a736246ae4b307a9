import FuzzSupport
import TokenTally

/// libFuzzer target for the snapshot reader (`scripts/fuzz`). The first byte picks what the rest is:
/// - even: a whole snapshot file (zstd bytes), as a damaged or hostile file on disk would be;
/// - odd: the decompressed content, to which the target adds a correct end record and checksum and
///   which it compresses, so that fuzzing reaches the header and row decoding behind the checksum.
/// Either the reader refuses the file with a `SnapshotError`, or every query on it works.
enum SnapshotFuzz {
    static func check(_ data: UnsafeRawBufferPointer) {
        guard let mode = data.first else { return }
        let rest = Array(data.dropFirst())
        let file: [UInt8]
        if mode & 1 == 0 {
            file = rest
        } else {
            guard let sealed = try? seal(rest) else { return }
            file = sealed
        }
        guard let snapshot = try? SnapshotFile(compressed: file, path: "fuzz-input") else { return }
        _ = try? snapshot.totals()
        for dimension in KeyDimension.allCases {
            for window in snapshot.header.windows { _ = try? snapshot.totals(dimension: dimension, window: window.description) }
        }
        // The insight readers: records, figures, flags, leaderboard and the dashboard page.
        guard (try? snapshot.insightRows()) != nil else { return }
        for window in snapshot.header.windows {
            guard let figures = try? InsightFigures(snapshot: snapshot, window: window.description) else { continue }
            _ = RedFlagFinder.find(figures, rows: figures.rows, thresholds: RedFlagThresholds())
            _ = Leaderboard(figures, top: 10, cacheWizardTokensMin: 0, canSee: { _ in true })
            if let model = try? DashboardModel(snapshot: snapshot, window: window.description, scope: .operator(), thresholds: RedFlagThresholds()) {
                _ = DashboardRenderer.html(model)
            }
        }
    }

    /// `content` as the writer would finish it: end record with row count and XXH64, zstd frame.
    private static func seal(_ content: [UInt8]) throws -> [UInt8] {
        var body = content
        if let last = body.last, last != 0x0A { body.append(0x0A) }
        let rows = body.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let checksum = body.withUnsafeBytes { SnapshotWriter.hex(XXH64.hash($0)) }
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
