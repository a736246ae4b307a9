import TallyCore
import TallyEvents
import TallySnapshot

extension DuplicateFilter {
    /// The dedup section: the ids within the horizon at the cut. Version 1 (columns back to back,
    /// high bits whole) was written until 2026-12-06 and is still read.
    package static let section = SnapshotSection.Kind(name: "dedup", code: 2, currentVersion: 2, readableVersions: 1...2)

    /// The dedup section (version 2): the duplicate filter's ids ordered by hour, then id. Id count
    /// (UInt64), then three columns as byte planes (`ColumnWriter.append(column:planes:)`): hour
    /// since 1970 (Int32), the id hash's high 64 bits (UInt64) and its low 32 bits (UInt32, always
    /// odd). The high bits of an id that is not the first of its hour are stored as their difference
    /// from the previous id's (`&-`): sorted, so the differences are small. Version 1 had the
    /// columns back to back and the high bits whole; `version` 1 writes it, for tests of the reader.
    /// - Complexity: O(n log n) in the ids (sorted in place: the staging area is the writer's).
    static func encodeSection(
        _ ids: inout [Entry], level: Int32, version: Int = section.currentVersion
    ) throws -> SnapshotSectionJob.Encoded {
        precondition(section.readableVersions.contains(version), "an unknown dedup section version")
        sort(&ids)
        let encoder = try SnapshotSectionEncoder(kind: section, level: level, version: version)
        let planes = version >= 2
        var columns = ColumnWriter(capacity: ids.count * 16 + 8)
        columns.append(UInt64(ids.count))
        columns.append(column: ids.map(\.hour), planes: planes)
        columns.append(column: planes ? highDifferences(ids) : ids.map(\.high), planes: planes)
        columns.append(column: ids.map(\.low), planes: planes)
        try encoder.add(&columns)
        return try encoder.finish(rows: ids.count)
    }

    /// Version 2's high-bits column: each id's high bits less the previous id's when both are of
    /// one hour (wrapping), the first id of an hour's as they are.
    private static func highDifferences(_ ids: [Entry]) -> [UInt64] {
        ids.indices.map { i in
            i > 0 && ids[i - 1].hour == ids[i].hour ? ids[i].high &- ids[i - 1].high : ids[i].high
        }
    }

    /// Turns a version 2 high-bits column (`highDifferences`) back into the high bits, in place.
    private static func addBackDifferences(_ highs: inout [UInt64], hours: [Int32]) {
        for i in highs.indices.dropFirst() where hours[i] == hours[i - 1] { highs[i] = highs[i - 1] &+ highs[i] }
    }

    /// The ids of a dedup section's `payload` (`encodeSection`) of layout `version`.
    /// - Throws: `SnapshotError` naming the section and the column when the columns run past the
    ///   payload or leave bytes over, or an id was never written (even low bits).
    /// - Complexity: O(payload); the count is checked against the bytes before allocation.
    package static func decodeSection(_ payload: [UInt8], version: Int, path: String) throws(SnapshotError) -> [Entry] {
        try payload.withBytes { (bytes) throws(SnapshotError) in
            var r = ColumnReader(bytes, section: section.name, path: path)
            let planes = version >= 2
            let count = try r.count("the id count", bytesPerRow: 16)
            let hours = try r.column(Int32.self, count: count, "hour", planes: planes)
            var highs = try r.column(UInt64.self, count: count, "id high bits", planes: planes)
            let lows = try r.column(UInt32.self, count: count, "id low bits", planes: planes)
            try r.finish()
            guard lows.allSatisfy({ $0 & 1 == 1 }) else { throw r.failure("an id whose low bits are even (never written)") }
            if planes { addBackDifferences(&highs, hours: hours) }
            return (0..<count).map { Entry(high: highs[$0], low: lows[$0], hour: hours[$0]) }
        }
    }

    /// Puts `snapshot`'s recent ids back (resuming), with the earlier runs' counts of shortened
    /// horizons and forgotten ids (a restore that itself forgets adds to them).
    /// - Throws: `SnapshotError` when the ids do not decode.
    /// - Complexity: O(ids).
    package func restore(from snapshot: SnapshotFile) throws(SnapshotError) {
        guard snapshot.header.hasWatermark else { return }
        let entries = try snapshot.duplicateIDs()
        restore(entries, watermarkHour: Timestamp.floorDiv(snapshot.header.watermarkMs, Timestamp.msPerHour))
        horizonShortenings += snapshot.header.dedupHorizonShortenings
        idsForgotten += snapshot.header.dedupIDsForgotten
    }
}
