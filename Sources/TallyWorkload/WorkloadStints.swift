import TallyCore

/// State of the stint profiles (`realistic`, `dense`; see `WorkloadEmitter+Stints`): when each user's
/// and each team's current task was opened, and the stage of recent tasks. Empty for `uniform`.
///
/// Task stages live in a ring indexed by task number, sized to hold the tasks opened during one task
/// lifetime at the reference scale; a task whose entry was overwritten by a newer one counts as done.
/// Memory: 8 bytes per user, 16 per team, and 9 per ring entry (2 per user, at least 4 Ki, at most 4 Mi).
struct WorkloadStints {
    static let maxSlots = 1 << 20
    /// Out of 16: a session goes on with its user's main task (if it is still live).
    static let continueTaskOutOf16: UInt64 = 9
    /// Out of 256: a session uses its user's usual tool; otherwise any tool.
    static let primaryToolOutOf256: UInt64 = 96
    /// Out of 4: a session uses any model rather than one typical of its tool.
    static let anyModelOutOf4: UInt64 = 2
    /// The stage after a final status: nobody continues or joins the task.
    static let done: UInt8 = 3

    let shape: WorkloadProfile.Shape?
    let taskLifetimeMs: Int64
    var userTaskOpenedMs: [Int64] = []
    var teamTask: [UInt64] = []
    var teamTaskOpenedMs: [Int64] = []
    private var ringTask: [UInt64] = []
    private var ringStage: [UInt8] = []
    private let ringMask: UInt64

    /// No state: the `uniform` profile.
    init() {
        shape = nil
        taskLifetimeMs = 0
        ringMask = 0
    }

    init(shape: WorkloadProfile.Shape, users: Int, teams: Int) {
        self.shape = shape
        taskLifetimeMs = Int64(shape.taskDays) * Timestamp.msPerDay
        userTaskOpenedMs = Array(repeating: 0, count: users)
        teamTask = Array(repeating: 0, count: teams)
        teamTaskOpenedMs = Array(repeating: 0, count: teams)
        var ringSize = 1 << 12
        while ringSize < min(2 * users, 1 << 22) { ringSize <<= 1 }
        ringTask = Array(repeating: 0, count: ringSize)
        ringStage = Array(repeating: 0, count: ringSize)
        ringMask = UInt64(ringSize - 1)
    }

    /// Stage of `task`: 0 not yet opened, 1 opened, 2 in progress, `done`. O(1).
    @inline(__always)
    func stage(of task: UInt64) -> UInt8 {
        let i = Int(task & ringMask)
        return ringTask[i] == task ? ringStage[i] : Self.done
    }

    @inline(__always)
    mutating func setStage(_ stage: UInt8, of task: UInt64) {
        let i = Int(task & ringMask)
        ringTask[i] = task
        ringStage[i] = stage
    }

    /// Whether `task`, opened at `openedMs`, can still be worked on at `nowMs`. O(1).
    @inline(__always)
    func isLive(_ task: UInt64, openedMs: Int64, nowMs: Int64) -> Bool {
        task != 0 && nowMs - openedMs < taskLifetimeMs && stage(of: task) != Self.done
    }
}
