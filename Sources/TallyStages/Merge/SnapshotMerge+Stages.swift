import TallyCore
import TallyEvents
import TallySnapshot

extension SnapshotMerge {
    /// Every part's live buckets at `watermarkMs` added into one shard, with the parts' dropped
    /// updates and saturations (and `saturatedBefore`, the insights merge's) carried; its image.
    /// - Throws: `MergeError.sharedPerson` for a user key in two parts.
    static func mergeCounters(
        _ parts: [SnapshotFile], windows: WindowSet, watermarkMs: Int64, saturatedBefore: Int
    ) throws -> ShardImage {
        let keys = parts.reduce(0) { $0 + $1.header.keysByDimension.reduce(0) { $0 + count($1) } }
        guard let shard = CounterShard(windows: windows, keysMax: max(1, keys)) else { throw MergeError(.tooManyKeys(keys)) }
        let liveHours = windows.liveBuckets(.hour, watermarkMs: watermarkMs)
        let liveDays = windows.liveBuckets(.day, watermarkMs: watermarkMs)
        shard.saturatedSums = saturatedBefore
        for part in parts {
            // The reader's callback throws only its own errors: a refusal is noted, and thrown after.
            var refusal: MergeError?
            do {
                try part.forEachBucketRow { (row) throws(SnapshotError) in
                    let hours = row.hours.filter { liveHours.contains($0[CounterSlot.tag]) }
                    let days = row.days.filter { liveDays.contains($0[CounterSlot.tag]) }
                    guard !hours.isEmpty || !days.isEmpty else { return }
                    let d = row.dimension.rawValue
                    let added = row.key.withUnsafeBytes { key in
                        shard.add(key: key, dimension: d, hash: KeyHash.hash(key, dimension: d), hours: hours, days: days)
                    }
                    if let added, added.isNew || row.dimension != .user {
                        shard.saturatedSums += added.saturated
                        return
                    }
                    // Room for every key the parts' headers count; a header that undercounts is damaged.
                    refusal = added == nil ? MergeError(.tooManyKeys(keys))
                        : MergeError(.sharedPerson(user: String(decoding: row.key, as: UTF8.self), path: part.path))
                    throw SnapshotError(.malformed("merge refused"), path: part.path)
                }
            } catch {
                throw refusal ?? error
            }
            for d in 0..<KeyDimension.count { shard.droppedUpdates[d] += count(part.header.droppedUpdatesByDimension[d]) }
            shard.saturatedSums += count(part.header.saturatedSums)
        }
        var image = ShardImage()
        shard.lend(into: &image, until: nil)
        return image
    }

    /// The parts' ids within the horizon at `watermarkMs`, united.
    static func mergeDuplicateIDs(_ parts: [SnapshotFile], watermarkMs: Int64) throws -> [DuplicateFilter.Entry] {
        let horizon = parts[0].header.dedupHorizonHours
        guard horizon > 0, watermarkMs != Int64.min else { return [] }
        let oldest = Timestamp.floorDiv(watermarkMs, Timestamp.msPerHour) - horizon
        var ids: [DuplicateFilter.Entry] = []
        for part in parts where part.header.hasWatermark {
            ids += try part.duplicateIDs().filter { Int64($0.hour) >= oldest }
        }
        // An event belongs to one person, so no id should be in two parts; one that is counts once,
        // at its latest hour. (The writer puts them in the section's order.)
        ids.sort { ($0.high, $0.low, $1.hour) < ($1.high, $1.low, $0.hour) }
        var previous: DuplicateFilter.Entry?
        return ids.filter { id in
            defer { previous = id }
            return previous.map { !$0.sameID(id) } ?? true
        }
    }

    /// The parts' insights records merged (`InsightRows.merging`) and put into one insights stage
    /// at `watermarkMs`, with the parts' refusals and name collisions carried; its image at that
    /// watermark (sessions idle by then closed, as a run's cut closes them).
    static func mergeInsights(
        _ parts: [SnapshotFile], windows: WindowSet, watermarkMs: Int64, recordsMax: Int
    ) throws -> (image: InsightImage, inexactTaskRuns: Int, saturatedSums: Int) {
        let merged = try InsightRows.merging(try parts.map { (try $0.insightRows(), $0.path) })
        let rows = merged.rows
        let records = rows.people.count + rows.activity.count + rows.sessions.count + rows.closedSessions.count
            + rows.tasks.count + rows.work.count + rows.loops.count
        // Each table may hold every merged record: the parts' limits held each part's.
        let state = InsightState(windows: windows, recordsMax: max(recordsMax, records, 1))
        state.restore(rows, watermarkMs: watermarkMs)
        state.refusedBefore = parts.reduce(0) { $0 + count($1.header.insightRecordsRefused) }
        state.names.collisionsBefore = parts.reduce(0) { $0 + count($1.header.insightNameCollisions) }
        return (state.image(), merged.inexactTaskRuns, merged.saturatedSums)
    }
}
