import TallyCore
import TallyEvents
import TallySnapshot

extension InsightState {
    /// The insights section. Version 1 (NDJSON rows) was written by the first format 2 snapshots,
    /// version 2 (columns back to back) until 2026-12-06; both are still read.
    package static let section = SnapshotSection.Kind(name: "insights", code: 3, currentVersion: 3, readableVersions: 1...3)

    /// The insights section (version 3): the live insights records as name-dictionary blocks of
    /// binary columns stored as byte planes (`InsightColumns`), compressed block by block.
    /// `version` 2 writes the columns back to back (tests of the reader). `images` are taken: when
    /// nothing else holds them (the final cut's), each kind's records are freed once written.
    /// - Complexity: O(r log r) in the live records (integer keys), plus O(names used).
    static func encodeSection(
        _ images: consuming [InsightImage], header: SnapshotHeader, level: Int32, version: Int = section.currentVersion,
        spill: ((_ chunk: Int, _ bytes: [UInt8]) -> Void)? = nil
    ) throws -> SnapshotSectionJob.Encoded {
        precondition((2...3).contains(version), "only the binary versions of the insights section are written")
        let encoder = try SnapshotSectionEncoder(kind: section, level: level, version: version, workerThreads: 1)
        encoder.spill = spill
        guard let windows = try? WindowSet(header.windows) else { return try encoder.finish(rows: 0) }
        var insights = InsightColumns.Encoder(consume images, windows: windows, version: version)
        var columns = ColumnWriter(capacity: 1 << 20)
        try insights.encode(into: &columns) { try encoder.add(&$0) }
        return try encoder.finish(rows: insights.records)
    }

    /// Puts `snapshot`'s insights records back into `shards`, each taking the ones it owns, with the
    /// earlier runs' refusal and name-collision counts (carried once, by shard 0). A keyed snapshot
    /// written before session ids were pseudonymised has its session ids replaced here, so none
    /// stays raw in the snapshots to come.
    /// - Throws: `SnapshotError` when the records do not decode.
    /// - Complexity: O(records * shards).
    package static func restore(
        _ snapshot: SnapshotFile, into shards: [InsightState], key: PseudonymKey?
    ) throws(SnapshotError) {
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
        for shard in shards {
            shard.restore(rows, watermarkMs: snapshot.header.watermarkMs)
            shard.restoreClocks(snapshot.header.kafka)
        }
        shards[0].refusedBefore = snapshot.header.insightRecordsRefused
        shards[0].names.collisionsBefore = snapshot.header.insightNameCollisions
    }
}
