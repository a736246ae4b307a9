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
        do { try duplicates?.restore(from: snapshot) } catch { throw IngestError(.cannotResume(error.description)) }
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

    /// Puts the snapshot's insights records back (`InsightState.restore`).
    static func restore(_ snapshot: SnapshotFile, into insights: [InsightState], key: PseudonymKey?) throws(IngestError) {
        do { try InsightState.restore(snapshot, into: insights, key: key) } catch { throw IngestError(.cannotResume(error.description)) }
    }

    /// Puts every key's live buckets back (`CounterShard.restore`).
    static func restore(
        _ snapshot: SnapshotFile, into shards: [CounterShard], windows: WindowSet, keysMax: Int
    ) throws(IngestError) {
        let fits: Bool
        do { fits = try CounterShard.restore(snapshot, into: shards, windows: windows) } catch {
            throw IngestError(.cannotResume(error.description))
        }
        guard fits else {
            throw IngestError(.cannotResume(
                "\(snapshot.path) holds \(snapshot.header.keysByDimension.reduce(0, +)) keys, more than --keys-max \(keysMax) "
                + "lets its \(shards.count) shards keep (each keeps its share of the limit): raise --keys-max"))
        }
    }
}
