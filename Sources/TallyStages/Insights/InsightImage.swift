/// The insights stage's state at a snapshot cut: value copies of its tables (copy-on-write, so the
/// cut itself copies nothing; the stage pays for a table's copy when it next writes to it).
package struct InsightImage {
    var users: [UserRecord] = []
    var activity: [ActivityRecord] = []
    var sessions: [SessionRecord] = []
    var tasks: [TaskRecord] = []
    var work: [WorkRecord] = []
    var loops: [LoopRecord] = []
    /// The people's fronts of closed sessions, free entries included (`SessionFronts`).
    var sessionFronts: [SessionFronts.Entry] = []
    var names = InsightNames()
    var watermarkMs = Int64.min
    package var refused = 0
    package var nameCollisions = 0
    package var recordsMax = 0
    package var saturatedSums = 0

    package init() {}

    /// The shards' images as one: records concatenated (each record lives in exactly one shard), names
    /// united, counts added. O(records + names).
    package static func merged(_ images: [InsightImage]) -> InsightImage {
        guard images.count > 1 else { return images.first ?? InsightImage() }
        var m = InsightImage()
        for image in images {
            m.users += image.users
            m.activity += image.activity
            m.sessions += image.sessions
            m.tasks += image.tasks
            m.work += image.work
            m.loops += image.loops
            m.sessionFronts += image.sessionFronts
            m.names.merge(image.names)
            m.watermarkMs = max(m.watermarkMs, image.watermarkMs)
            m.refused += image.refused
            m.nameCollisions += image.nameCollisions
            m.recordsMax += image.recordsMax
            m.saturatedSums += image.saturatedSums
        }
        return m
    }
}

extension InsightState {
    /// The state as of the last applied batch. O(sessions) to close idle ones (which the snapshot
    /// shows folded); otherwise O(1): the arrays are shared until written.
    package func image() -> InsightImage {
        flushAllWork()
        closeIdleSessions()
        var image = InsightImage()
        image.users = users.entries
        image.activity = activity.entries
        image.sessions = sessions.entries
        image.tasks = tasks.entries
        image.work = work.entries
        image.loops = loops
        image.sessionFronts = fronts.entries
        image.names = names
        image.watermarkMs = watermarkMs
        image.refused = refused
        image.nameCollisions = names.collisions
        image.recordsMax = recordsMax
        image.saturatedSums = saturatedSums
        return image
    }

    /// The state at the final cut, after which nothing is applied: the image takes the records and
    /// the stage lets go of everything, so the tables' slots (a fifth of the stage's memory) are
    /// freed before the final snapshot is written, which needs memory of its own. O(sessions).
    package func finalImage() -> InsightImage {
        let image = image()
        handedOver = true
        users = InsightTable(entriesMax: recordsMax)
        activity = InsightTable(entriesMax: recordsMax)
        sessions = InsightTable(entriesMax: recordsMax)
        tasks = InsightTable(entriesMax: recordsMax)
        work = InsightTable(entriesMax: recordsMax)
        loops = []
        fronts = SessionFronts(entriesMax: recordsMax)
        names = InsightNames()
        return image
    }
}
