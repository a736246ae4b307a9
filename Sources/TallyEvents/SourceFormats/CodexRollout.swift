/// What earlier lines of one Codex rollout file said that its `token_count` lines need: the
/// session (`session_meta`), the model (the latest `turn_context`), whether the file is a fork that
/// starts by replaying its parent's history, and the last cumulative total, against which
/// re-emitted counters are recognised. One per input file; a few strings, so bounded.
struct CodexRollout {
    var session: String?
    var task: String?
    var model: String?
    /// Set by a `session_meta` that names a parent thread, cleared by the first call that is not
    /// part of the replay burst.
    var replaying = false
    /// When the replay burst's latest line was written, in epoch milliseconds.
    var replayLastMs: Int64 = 0
    /// The previous `token_count` line's cumulative `total_token_usage`.
    var lastTotal: CodexUsage?
}
