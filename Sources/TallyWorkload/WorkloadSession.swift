/// One active working session: a user making a burst of calls with one tool on one task. The
/// generator keeps a pool of them and interleaves their calls, as a real fleet of clients does.
struct WorkloadSession {
    /// -1 before the slot's first session.
    var user: Int32 = -1
    var team: Int32 = 0
    var remainingCalls: Int32 = 0
    var callsMade: Int32 = 0
    var tokenScaleQ12: UInt32 = 4096
    var tool: UInt8 = 0
    var model: UInt8 = 0
    /// Where `task` stands: 0 not yet opened, 1 opened, 2 in progress (see `WorkloadEmitter`).
    var taskStage: UInt8 = 0
    var id: UInt64 = 0
    var task: UInt64 = 0
    /// Profiles with stints (`WorkloadEmitter+Stints`): sessions the user has left in this stint.
    var sessionsLeftInStint: Int32 = 0
}
