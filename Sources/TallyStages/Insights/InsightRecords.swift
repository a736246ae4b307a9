import TallyCore

// The records the insights stage keeps. Key fields are 64-bit key hashes (see `InsightNames`);
// 0 means the event had no value for that key.

/// A person: the team and org of their latest event (by event time), which is how readers place
/// them in groups. `cache*` fields are indices into the other tables for the person's last event,
/// valid until that table's next rebuild; they let repeated calls skip the other tables' lookups.
struct UserRecord: InsightKeyed {
    var user: UInt64
    var team: UInt64 = 0
    var org: UInt64 = 0
    var latestMs = Int64.min
    var identity: UInt64 { user }

    var cacheRebuilds = -1
    var activity: Int32 = -1
    var session: Int32 = -1
    var workHour: Int32 = -1
    var workDay: Int32 = -1
    /// The task record of the person's last call, when this shard keeps that task.
    var task: Int32 = -1
    /// The first entry of the person's front of closed sessions (`SessionFronts`), -1 when empty.
    /// Here, beside the other 32-bit fields, it leaves no padding: 176 bytes a record, not 184.
    var sessionFront: Int32 = -1

    // Hot state kept here so that a run of calls touches only this record: the activity combination
    // last touched (and its hour), and the work not yet added to the task work records — calls on
    // one task within one hour, added when the task or hour changes or a cut needs them.
    var activityID: ActivityRecord.ID?
    var activityHour = Int64.min
    var pending = PendingWork()
    /// The task whose name this person's work last stored in the names store (0: none since the
    /// last rebuild, which may drop names): repeated work on one task skips the store.
    var namedTask: UInt64 = 0
}

/// A person's calls on one task within one hour that are not yet in the work records.
struct PendingWork {
    var task: UInt64 = 0
    var hour = Int64.min
    var team: UInt64 = 0
    var org: UInt64 = 0
    var tokens: Int64 = 0
    var calls: Int64 = 0
}

/// One combination of person, team, org, model and tool, and when it was last active: the exact
/// set behind every distinct count (active users per team, models per person, ...). Every window
/// ends at the watermark, so "active in the window" is `lastHour >= the window's first hour`;
/// `dayBits` (bit i = active on day `lastDay - i`) answers week-over-week questions. 56 bytes:
/// `lastDay` is the day of `lastHour`, so it is not kept.
struct ActivityRecord: InsightKeyed {
    struct ID: Equatable {
        var user, team, org, model, tool: UInt64
        /// The table hash; the stage and `restore` must agree on it.
        var hash: UInt64 {
            InsightHash.combine(InsightHash.combine(InsightHash.combine(InsightHash.combine(user, team), org), model), tool)
        }
    }
    var id: ID
    var lastHour = Int64.min
    var dayBits: UInt64 = 0
    var identity: ID { id }

    /// The day of `lastHour` (`Int64.min` before the first touch): days and hours both start at
    /// midnight UTC, so the latest day touched is the day of the latest hour touched.
    var lastDay: Int64 { Self.day(ofHour: lastHour) }

    /// The day `hour` falls on; `Int64.min` (never touched) stays so.
    private static func day(ofHour hour: Int64) -> Int64 { hour == Int64.min ? Int64.min : Timestamp.floorDiv(hour, 24) }

    mutating func touch(hour: Int64) {
        let lastDay = self.lastDay
        if hour > lastHour { lastHour = hour }
        let day = Timestamp.floorDiv(hour, 24)
        if day > lastDay {
            dayBits = lastDay == Int64.min || day - lastDay >= 64 ? 1 : dayBits << UInt64(day - lastDay) | 1
        } else if lastDay - day < 64 {
            dayBits |= 1 << UInt64(lastDay - day)
        }
    }

    /// `dayBits` as a row gives them (bit i = active on day `lastDay - i`), moved to count from
    /// the day of `lastHour`, the record's own `lastDay`: rows written by tokentally agree already;
    /// a row that does not keeps the days that fall within the record's 64.
    static func dayBits(_ bits: UInt64, lastDay: Int64, lastHour: Int64) -> UInt64 {
        let shift = day(ofHour: lastHour) &- lastDay
        if shift == 0 { return bits }
        if lastDay == Int64.min || shift <= -64 || shift >= 64 { return 0 }
        return shift > 0 ? bits << UInt64(shift) : bits >> UInt64(-shift)
    }
}

/// An open working session of one person (`session` 0: their calls that named no session), with
/// the idle-loop detector's running streak. A session ends after `idleMsMax` without a call: a call
/// more than that after its last one opens a new record. The record itself is closed once its clock
/// (the newest event time of the Kafka partition its calls came from, or the run's watermark) is
/// more than `idleMsMax + arrivalSlackMs` past its last call: its streak, if long enough, becomes a
/// `LoopRecord`, its span goes to the person's `SessionFronts`, and a later call with the same id
/// opens a new record. So a session's end depends only on its person's own calls, which their
/// partition keeps in order, unless a call arrives more than `arrivalSlackMs` behind its clock.
struct SessionRecord: InsightKeyed {
    struct ID: Equatable {
        var user, session: UInt64
        var hash: UInt64 { InsightHash.combine(user, session) }
    }
    /// Longer than any lunch or meeting, shorter than a night: 4 hours. It must exceed the loop
    /// detector's `LoopStreak.gapMsMax`, so that a closed session's streak is over.
    static let idleMsMax: Int64 = 4 * 3_600_000
    /// How far behind its clock a call may arrive and still continue its session: an hour covers the
    /// disorder of real producers, and costs an hour more of open sessions.
    static let arrivalSlackMs: Int64 = 3_600_000
    /// No clock of its own: a record restored from a snapshot until its next call (it closes against
    /// the slowest partition's clock, `InsightState.noClockMs`), and every record of a run
    /// without a Kafka input (the run's watermark).
    static let noClock: Int32 = -1

    /// Records whose last call is before this instant are closed, at clock `clockMs`.
    static func closedBeforeMs(clockMs: Int64) -> Int64 {
        let idle = idleMsMax + arrivalSlackMs
        return clockMs < Int64.min + idle ? Int64.min : clockMs - idle
    }
    var id: ID
    /// The session's name, kept for when it closes (`SessionName`: not in the names store).
    var name: SessionName
    var firstMs = Int64.max
    var lastMs = Int64.min
    var calls: Int64 = 0
    var tokens: Int64 = 0
    var streak = LoopStreak()
    /// The index of the clock it closes against (`InsightState.clocksMs`), or `noClock`.
    var clock = SessionRecord.noClock
    var identity: ID { id }
}

/// A work item: the last hour it saw an event, its latest status, the run of AI calls since that
/// status, and when it first shipped (`shipped` or `merged`). Only what the figures read
/// (docs/insights.md): a task's tokens in a window are its work records'.
struct TaskRecord: InsightKeyed {
    var task: UInt64
    /// The hour (since 1970) of its latest call or status event: windows start on the hour, so
    /// "active in the window" needs no finer time.
    var lastHour = Int64.min
    var status: UInt64 = 0
    var statusMs = Int64.min
    /// AI calls after `statusMs` (the "run" that red flag 2 measures), and their tokens.
    var callsSinceStatus: Int64 = 0
    var tokensSinceStatus: Int64 = 0
    var shippedMs = Int64.max
    var identity: UInt64 { task }

    var isShipped: Bool { shippedMs != Int64.max }
}

/// A person's AI work on one task within one hour or one day bucket (`unit` 0 = hour, 1 = day),
/// with the team and org they worked in: the join between usage and outcomes. 48 bytes: the unit
/// and the bucket share a word.
struct WorkRecord: InsightKeyed {
    struct ID: Equatable {
        var user, task: UInt64
        /// `bucket << 1 | unit`, which is also what the table hash mixes in.
        private var bucketAndUnit: Int64

        /// - Precondition: `unit` is 0 or 1, and `bucket` within `bucketRange`.
        init(user: UInt64, task: UInt64, unit: Int64, bucket: Int64) {
            precondition(unit & 1 == unit && WorkRecord.bucketRange.contains(bucket), "a work bucket out of range")
            (self.user, self.task, bucketAndUnit) = (user, task, bucket << 1 | unit)
        }

        var unit: Int64 { bucketAndUnit & 1 }
        var bucket: Int64 { bucketAndUnit >> 1 }
        var hash: UInt64 { InsightHash.combine(InsightHash.combine(user, task), UInt64(bitPattern: bucketAndUnit)) }
    }
    /// Buckets a record can hold: hours since 1970 of every event time (`Timestamp`) and far more.
    /// Snapshot readers reject work rows outside it.
    static let bucketRange: ClosedRange<Int64> = -(1 << 61)...(1 << 61)

    var id: ID
    var team: UInt64
    var org: UInt64
    var tokens: Int64 = 0
    var identity: ID { id }
}

/// A finished idle-loop streak: calls at a steady cadence with near-identical sizes.
struct LoopRecord: Equatable {
    var user: UInt64
    var session: UInt64
    var name: SessionName
    var startMs: Int64
    var endMs: Int64
    var calls: Int64
    var tokens: Int64
}
