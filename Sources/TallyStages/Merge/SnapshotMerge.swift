import TallyCore
import TallyEvents
import TallySnapshot

/// `tokentally merge`: the newest snapshots of several instances that read disjoint people, combined
/// into one ordinary snapshot as if one run had read all their input (docs/snapshot-format.md,
/// "Merging snapshots"). Each stage's state is put back from every part into one fresh stage, which
/// adds where parts overlap (a team's buckets, a task's records), and the merged state is cut and
/// written by the same writer as a run's, at the latest watermark of the parts.
public struct SnapshotMerge {
    /// The merged snapshot's header, without its sequence and creation time.
    public private(set) var header: SnapshotHeader
    private let staging: SnapshotStaging

    /// Merges `parts`, in the order given (it changes only the order of the header's parts).
    /// - Throws: `MergeError` when the parts cannot be merged exactly (the same snapshot twice, a
    ///   setting that differs, a person in two parts); `SnapshotError` when a part's sections are
    ///   damaged.
    /// - Complexity: O(the parts' buckets, ids and insights records), expected; memory about that of
    ///   the merged state, plus every part's insights records as text and one part's other sections.
    public init(_ parts: [SnapshotFile]) throws {
        guard parts.count >= 2 else { throw MergeError(.tooFewParts) }
        try Self.checkCompatible(parts)
        let first = parts[0].header
        let watermarkMs = parts.map(\.header.watermarkMs).max()!
        let windows = try WindowSet(first.windows)
        let staging = SnapshotStaging(shardCount: 1)
        staging.run = Self.run(parts, windows: first.windows)
        staging.position = Self.position(parts, watermarkMs: watermarkMs)
        let insights = try Self.mergeInsights(parts, windows: windows, watermarkMs: watermarkMs, recordsMax: staging.run.insightRecordsMax)
        staging.holdInsights([insights.image])
        staging.images = [try Self.mergeCounters(parts, windows: windows, watermarkMs: watermarkMs, saturatedBefore: insights.saturatedSums)]
        staging.duplicateIDs = try Self.mergeDuplicateIDs(parts, watermarkMs: watermarkMs)
        var header = staging.finishedHeader(sequence: 0, createdAtMs: 0)
        header.mergedParts = parts.flatMap { $0.header.isMerged ? $0.header.mergedParts : [MergedPart(path: $0.path, header: $0.header)] }
        header.completenessWatermarkMs = header.mergedParts.map(\.watermarkMs).min()!
        header.inexactTaskRuns = insights.inexactTaskRuns + parts.reduce(0) { $0 + Self.count($1.header.inexactTaskRuns) }
        self.staging = staging
        self.header = header
    }

    /// A part's header count as the merge adds it: at least 0 and at most 2^48 (beyond any real
    /// count), so that a damaged header cannot make a sum overflow.
    static func count(_ value: Int) -> Int { min(max(value, 0), 1 << 48) }

    /// Writes the merged snapshot into the snapshot directory `path` (created and locked like an
    /// ingest's, 0700 or 0750 when `groupReadable`) as its next snapshot, atomically, and keeps its
    /// newest `keep` snapshots, compressed at zstd level `compressionLevel`.
    /// - Returns: the file's path.
    /// - Throws: `SnapshotError` when the directory cannot be created, locked or written.
    /// - Complexity: O(the merged state), as a run's cut.
    public func write(toDirectory path: String, groupReadable: Bool = false, keep: Int = 10, compressionLevel: Int32 = 1) throws -> String {
        let directory = SnapshotDirectory(path: path, groupReadable: groupReadable)
        let lock = try directory.prepare()
        defer { lock.release() }
        let sequence = try directory.nextSequence()
        let written = try directory.write(sequence: sequence) { sink in
            try encode(sequence: sequence, compressionLevel: compressionLevel, into: sink)
        }
        directory.prune(keep: keep)
        return written
    }

    /// The merged snapshot as the file `write` would write, encoded into memory and opened by the
    /// same reader instead, for readers that merge on the fly: nothing touches disk. Its sequence is
    /// 0 (it belongs to no directory) and `name` stands for its path in what a reader prints.
    /// - Throws: `SnapshotError` when the content exceeds what a reader accepts (as the written
    ///   file would).
    /// - Complexity: O(the merged state), as `write`. Memory: the merged state and the compressed
    ///   file at once, then the file as any reader holds one (its bytes and decompressed summary).
    public func snapshotFile(named name: String, compressionLevel: Int32 = 1) throws -> SnapshotFile {
        let file = SnapshotBytes()
        try encode(sequence: 0, compressionLevel: compressionLevel, into: file)
        return try SnapshotFile(compressed: file.bytes, path: name)
    }

    /// The file's bytes, into `sink`, under the merged header with `sequence` and the time now.
    private func encode(sequence: Int, compressionLevel: Int32, into sink: some SnapshotSink) throws {
        var header = header
        header.sequence = sequence
        header.createdAtMs = SystemClock.wallMs()
        try SnapshotWriter(compressionLevel: compressionLevel).encode(staging, header: header, into: sink)
    }

    /// Refuses the same snapshot twice and parts whose numbers mean different things.
    private static func checkCompatible(_ parts: [SnapshotFile]) throws(MergeError) {
        let first = parts[0]
        func describe<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "none" }
        for (i, part) in parts.enumerated() {
            if let earlier = parts[..<i].first(where: { $0.checksum == part.checksum }) {
                throw MergeError(.sameSnapshot(earlier.path, part.path))
            }
            let a = first.header, b = part.header
            let settings: [(String, String, String)] = [
                ("windows", a.windows.map(\.name).joined(separator: ","), b.windows.map(\.name).joined(separator: ",")),
                ("pseudonym key fingerprint", describe(a.pseudonymKeyFingerprint), describe(b.pseudonymKeyFingerprint)),
                ("sessions_pseudonymized", "\(a.sessionsPseudonymized)", "\(b.sessionsPseudonymized)"),
                ("tasks_pseudonymized", "\(a.tasksPseudonymized)", "\(b.tasksPseudonymized)"),
                ("dedup horizon_hours", "\(a.dedupHorizonHours)", "\(b.dedupHorizonHours)"),
                ("price table", describe(a.priceTable), describe(b.priceTable)),
            ]
            for (setting, mine, theirs) in settings where mine != theirs {
                throw MergeError(.settingDiffers(setting: setting, first: first.path, firstValue: mine, second: part.path, secondValue: theirs))
            }
        }
    }

    /// The merged run's settings: the parts' (equal, checked), their limits the largest, and the
    /// leaderboard allowed only when every part allowed it.
    private static func run(_ parts: [SnapshotFile], windows: [WindowSpec]) -> SnapshotRun {
        let headers = parts.map(\.header)
        var run = SnapshotRun()
        run.windows = windows
        run.keysMax = headers.map(\.keysMax).max()!
        run.lineBytesMax = headers.map(\.lineBytesMax).max()!
        run.maxFutureMs = headers.map(\.maxFutureMs).max()!
        run.insightRecordsMax = headers.map(\.insightRecordsMax).max()!
        run.leaderboardAllowed = headers.allSatisfy(\.leaderboardAllowed)
        run.pseudonymKeyFingerprint = headers[0].pseudonymKeyFingerprint
        run.sessionsPseudonymized = headers[0].sessionsPseudonymized
        run.tasksPseudonymized = headers[0].tasksPseudonymized
        run.priceTable = headers[0].priceTable
        // Drops older snapshots could not attribute to a dimension (the shard carries the rest).
        run.droppedUpdatesUnattributed = headers.reduce(0) {
            $0 + count(count($1.droppedUpdates) - $1.droppedUpdatesByDimension.reduce(0) { $0 + count($1) })
        }
        return run
    }

    /// The counts of every part added, at the latest watermark; no input positions (they are the
    /// parts', listed with them).
    private static func position(_ parts: [SnapshotFile], watermarkMs: Int64) -> Sequencer.Position {
        var position = Sequencer.Position()
        position.watermarkMs = watermarkMs
        position.counters = parts.reduce(into: IngestCounters()) { $0.add($1.header.counters) }
        position.dedupHorizonHours = parts[0].header.dedupHorizonHours
        position.dedupHorizonShortenings = parts.reduce(0) { $0 + count($1.header.dedupHorizonShortenings) }
        position.dedupIDsForgotten = parts.reduce(0) { $0 + count($1.header.dedupIDsForgotten) }
        position.dedupIDsMax = parts.map(\.header.dedupIDsMax).max()!
        return position
    }
}
