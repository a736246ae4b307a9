import TallyCore
import TallyEvents
import TallySnapshot

extension InsightState {
    /// The insights section. Version 1 (NDJSON rows) was written by the first format 2 snapshots,
    /// versions 2 and 3 (binary columns with more fields per record) until 2026-12-06; all are read.
    package static let section = SnapshotSection.Kind(
        name: "insights", code: 3, currentVersion: InsightColumns.Encoder.version, readableVersions: 1...InsightColumns.Encoder.version)

    /// The insights section (version 4): the live insights records as name-dictionary blocks of
    /// binary columns stored as byte planes (`InsightColumns`), compressed block by block. `images`
    /// are taken: when nothing else holds them (the final cut's), each kind's records are freed
    /// once written.
    /// - Complexity: O(r log r) in the live records (integer keys), plus O(names used).
    /// `abandon` is asked after each block: once it says so, encoding stops with `SnapshotAbandoned`.
    /// `recordsRead` is called once nothing reads the images any more, before the last blocks are
    /// compressed: the stage they were lent by may go on from there.
    package static func encodeSection(
        _ images: consuming [InsightImage], header: SnapshotHeader, level: Int32, abandon: () -> Bool = { false },
        spill: ((_ chunk: Int, _ bytes: [UInt8]) -> Void)? = nil, recordsRead: () -> Void = {}
    ) throws -> SnapshotSectionJob.Encoded {
        let encoder = try SnapshotSectionEncoder(kind: section, level: level, compressOnThread: true)
        encoder.spill = spill
        guard let windows = try? WindowSet(header.windows) else { return try encoder.finish(rows: 0) }
        var insights = InsightColumns.Encoder(consume images, windows: windows)
        var columns = ColumnWriter(capacity: 1 << 20)
        try insights.encode(into: &columns) {
            if abandon() { throw SnapshotAbandoned() }
            try encoder.add(&$0)
        }
        let rows = insights.records
        _ = consume insights  // its images and names stores, which the stage may change next
        recordsRead()
        return try encoder.finish(rows: rows)
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
