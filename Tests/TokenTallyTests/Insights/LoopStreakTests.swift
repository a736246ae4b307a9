import Testing
@testable import TallyStages

/// The idle-loop streak with calls of the largest sizes an event may have.
@Suite struct LoopStreakTests {
    static let twoTo62: Int64 = 4_611_686_018_427_387_904

    /// Equal calls of 2^62 tokens a minute apart continue the streak (the 3% test is done without
    /// overflow), and the streak's token sum stops at the largest value, counted.
    @Test func hugeCallsContinueAStreakWhoseSumSaturates() {
        var streak = LoopStreak()
        var saturated = 0
        for i in 0..<3 {
            #expect(streak.add(ms: Int64(i) * 60_000, tokens: Self.twoTo62, output: 0, saturated: &saturated) == nil)
        }
        #expect(streak.calls == 3)
        #expect(streak.tokens == .max)
        #expect(saturated == 2)
    }

    @Test func aCallOfTheLargestSizeAfterASmallOneEndsTheStreak() {
        var streak = LoopStreak()
        var saturated = 0
        _ = streak.add(ms: 0, tokens: 1, output: 0, saturated: &saturated)
        _ = streak.add(ms: 60_000, tokens: .max, output: 0, saturated: &saturated)
        #expect(streak.calls == 1)
        #expect(streak.firstTokens == .max)
        #expect(saturated == 0)
    }
}
