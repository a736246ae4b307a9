#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension IngestPipeline {
    /// The newest valid snapshot in `directory`, or nil when there is none yet (a first run). A
    /// directory whose snapshots are all damaged is refused rather than silently started afresh.
    static func snapshotToResume(_ directory: String, _ warnings: inout [String]) throws(IngestError) -> SnapshotFile? {
        do {
            return try SnapshotLocator.open(directory) { warnings.append($0) }
        } catch {
            switch error.kind {
            case .noSnapshots: return nil
            case .cannotRead(let code) where code == ENOENT: return nil
            default: throw IngestError(.cannotResume(error.description))
            }
        }
    }

    /// Puts the snapshot's recent ids back into the duplicate filter (when this run has one).
    static func restore(_ snapshot: SnapshotFile, into duplicates: DuplicateFilter?) throws(IngestError) {
        guard let duplicates, snapshot.header.hasWatermark else { return }
        do {
            let entries = try snapshot.duplicateIDs()
            duplicates.restore(entries, watermarkHour: Timestamp.floorDiv(snapshot.header.watermarkMs, Timestamp.msPerHour))
        } catch {
            throw IngestError(.cannotResume(error.description))
        }
    }

    /// Puts the snapshot's insights records back.
    static func restore(_ snapshot: SnapshotFile, into insights: [InsightState]) throws(IngestError) {
        do {
            let rows = try snapshot.insightRows()
            for shard in insights { shard.restore(rows, watermarkMs: snapshot.header.watermarkMs) }
            // The earlier runs' counts, carried once.
            insights[0].refusedBefore = snapshot.header.insightRecordsRefused
            insights[0].names.collisionsBefore = snapshot.header.insightNameCollisions
        } catch {
            throw IngestError(.cannotResume(error.description))
        }
    }

    /// Puts every key's live buckets back into the shard its hash routes to.
    static func restore(_ snapshot: SnapshotFile, into shards: [CounterShard], windows: WindowSet) throws(IngestError) {
        do {
            try snapshot.forEachBucketRow { (row) throws(SnapshotError) in
                guard row.hours.isEmpty || windows.hourSlots > 0, row.days.isEmpty || windows.daySlots > 0 else {
                    throw SnapshotError(.malformed("buckets that no window of this run keeps"), path: snapshot.path)
                }
                let d = row.dimension.rawValue
                let restored = row.key.withUnsafeBytes { key in
                    let hash = KeyHash.hash(key, dimension: d)
                    let shard = shards[ShardRouting.shard(of: hash, count: shards.count)]
                    return shard.restore(key: key, dimension: d, hash: hash, hours: row.hours, days: row.days)
                }
                guard restored else {
                    throw SnapshotError(.malformed("more keys than --keys-max allows"), path: snapshot.path)
                }
            }
        } catch {
            throw IngestError(.cannotResume(error.description))
        }
        shards[0].droppedUpdates += snapshot.header.droppedUpdates
        // Counter and insight saturations alike, carried once.
        shards[0].saturatedSums += snapshot.header.saturatedSums
    }
}
