#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore
import TallyEvents
import TallySnapshot
import TallyStages

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
            // The earlier runs' counts, carried on (a restore that itself forgets adds to them).
            duplicates.horizonShortenings += snapshot.header.dedupHorizonShortenings
            duplicates.idsForgotten += snapshot.header.dedupIDsForgotten
        } catch {
            throw IngestError(.cannotResume(error.description))
        }
    }

    /// Refuses a snapshot whose ids were pseudonymised otherwise than this run would: its records and
    /// this run's could never be matched. (The key itself is checked before.)
    static func checkIdSettings(_ header: SnapshotHeader, _ configuration: IngestConfiguration) throws(IngestError) {
        guard header.tasksPseudonymized == configuration.pseudonymizeTasks else {
            throw IngestError(.cannotResume(header.tasksPseudonymized
                ? "the snapshot holds task pseudonyms and this run keeps task ids raw; add --pseudonymize-tasks"
                : "the snapshot holds raw task ids and this run pseudonymises them; "
                    + "drop --pseudonymize-tasks or use a new --snapshot-dir"))
        }
    }

    /// Puts the snapshot's insights records back. A keyed snapshot written before session ids were
    /// pseudonymised has its session ids replaced here, so none stays raw in the snapshots to come.
    static func restore(_ snapshot: SnapshotFile, into insights: [InsightState], key: PseudonymKey?) throws(IngestError) {
        do {
            var rows = try snapshot.insightRows()
            if let key, !snapshot.header.sessionsPseudonymized {
                let sessionKey = key.key(for: .session)
                func pseudonym(_ session: String?) -> String? { session.map(sessionKey.pseudonym(of:)) }
                for i in rows.sessions.indices { rows.sessions[i].session = pseudonym(rows.sessions[i].session) }
                for i in rows.loops.indices { rows.loops[i].session = pseudonym(rows.loops[i].session) }
                for i in rows.closedSessions.indices {
                    rows.closedSessions[i].session = sessionKey.pseudonym(of: rows.closedSessions[i].session)
                }
            }
            for shard in insights { shard.restore(rows, watermarkMs: snapshot.header.watermarkMs) }
            // The earlier runs' counts, carried once.
            insights[0].refusedBefore = snapshot.header.insightRecordsRefused
            insights[0].names.collisionsBefore = snapshot.header.insightNameCollisions
        } catch {
            throw IngestError(.cannotResume(error.description))
        }
    }

    /// Puts every key's live buckets back into the shard its hash routes to.
    static func restore(
        _ snapshot: SnapshotFile, into shards: [CounterShard], windows: WindowSet, keysMax: Int
    ) throws(IngestError) {
        var full = false
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
                    full = true
                    throw SnapshotError(.malformed("too many keys"), path: snapshot.path)
                }
            }
        } catch {
            guard full else { throw IngestError(.cannotResume(error.description)) }
            throw IngestError(.cannotResume(
                "\(snapshot.path) holds \(snapshot.header.keysByDimension.reduce(0, +)) keys, more than --keys-max \(keysMax) "
                + "lets its \(shards.count) shards keep (each keeps its share of the limit): raise --keys-max"))
        }
        for d in 0..<KeyDimension.count { shards[0].droppedUpdates[d] += snapshot.header.droppedUpdatesByDimension[d] }
        // Counter and insight saturations alike, carried once.
        shards[0].saturatedSums += snapshot.header.saturatedSums
    }
}
