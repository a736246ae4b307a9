import TallyCore
import TallyEvents
import TallySnapshot

extension DuplicateFilter {
    /// The dedup section: the ids within the horizon at the cut.
    package static let section = SnapshotSection.Kind(name: "dedup", code: 2, currentVersion: 1)

    /// The dedup section (version 1): the duplicate filter's ids ordered by hour, then id. Id count
    /// (UInt64), then three columns: hour since 1970 (Int32), the id hash's high 64 bits (UInt64)
    /// and its low 32 bits (UInt32, always odd).
    /// - Complexity: O(n log n) in the ids (sorted in place: the staging area is the writer's).
    static func encodeSection(_ ids: inout [Entry], level: Int32) throws -> SnapshotSectionJob.Encoded {
        sort(&ids)
        let encoder = try SnapshotSectionEncoder(kind: section, level: level)
        var columns = ColumnWriter(capacity: ids.count * 16 + 8)
        columns.append(UInt64(ids.count))
        columns.append(column: ids.map(\.hour))
        columns.append(column: ids.map(\.high))
        columns.append(column: ids.map(\.low))
        try encoder.add(&columns)
        return try encoder.finish(rows: ids.count)
    }

    /// The ids of a dedup section's `payload` (`encodeSection`).
    /// - Throws: `SnapshotError` naming the section and the column when the columns run past the
    ///   payload or leave bytes over, or an id was never written (even low bits).
    /// - Complexity: O(payload); the count is checked against the bytes before allocation.
    package static func decodeSection(_ payload: [UInt8], path: String) throws(SnapshotError) -> [Entry] {
        try payload.withBytes { (bytes) throws(SnapshotError) in
            var r = ColumnReader(bytes, section: section.name, path: path)
            let count = try r.count("the id count", bytesPerRow: 16)
            let hours = try r.column(Int32.self, count: count, "hour")
            let highs = try r.column(UInt64.self, count: count, "id high bits")
            let lows = try r.column(UInt32.self, count: count, "id low bits")
            try r.finish()
            guard lows.allSatisfy({ $0 & 1 == 1 }) else { throw r.failure("an id whose low bits are even (never written)") }
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
