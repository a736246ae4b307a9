/// The idle-loop detector of one call stream (a session): the current run of calls that arrive at
/// a steady interval with near-identical sizes, the signature of an agent left running to inflate
/// totals. Real work varies its pauses (tool runs, reading, typing) and its sizes.
///
/// A call continues the streak when, compared with the streak's first interval and first call:
/// - its gap from the previous call is within `max(gapToleranceMsMin, interval / 10)` of the first
///   interval, and at most `gapMsMax`;
/// - its total tokens are within 3% and its output tokens within `max(16, 10%)` of the first call's.
/// Otherwise the streak ends (and is reported when it reached `callsFloor`) and a new one starts
/// with this call. A call older than the previous one (out of order) ends the streak too.
package struct LoopStreak: Equatable {
    static let gapMsMax: Int64 = 15 * 60_000
    static let gapToleranceMsMin: Int64 = 1_000
    /// Streaks shorter than this are not kept: far below any threshold a reader would use.
    package static let callsFloor: Int64 = 10

    var startMs = Int64.min
    var lastMs = Int64.min
    var calls: Int64 = 0
    var intervalMs: Int64 = 0
    var firstTokens: Int64 = 0
    var firstOutput: Int64 = 0
    var tokens: Int64 = 0

    /// Adds a call; returns the streak that this call ended, when it was long enough to keep. The
    /// streak's tokens saturate at `Int64.max`; `saturated` counts it when they do.
    mutating func add(ms: Int64, tokens total: Int64, output: Int64, saturated: inout Int) -> LoopStreak? {
        if calls > 0, ms >= lastMs, continues(ms: ms, total: total, output: output) {
            if calls == 1 { intervalMs = ms - lastMs }
            calls += 1
            lastMs = ms
            if tokens.addSaturating(total) { saturated += 1 }
            return nil
        }
        let ended = calls >= Self.callsFloor ? self : nil
        self = LoopStreak(startMs: ms, lastMs: ms, calls: 1, intervalMs: 0, firstTokens: total, firstOutput: output, tokens: total)
        return ended
    }

    private func continues(ms: Int64, total: Int64, output: Int64) -> Bool {
        let gap = ms - lastMs
        guard gap <= Self.gapMsMax, gap > 0 else { return false }
        if calls >= 2 {
            guard abs(gap - intervalMs) <= max(Self.gapToleranceMsMin, intervalMs / 10) else { return false }
        }
        // In 128 bits: token counts go up to 2^63 - 1, where the products overflow 64.
        guard Int128(abs(total - firstTokens)) * 100 <= Int128(firstTokens) * 3 else { return false }
        return abs(output - firstOutput) <= max(16, firstOutput / 10)
    }
}
