import Testing
@testable import TallyCore

/// The saturating add every kept and printed sum uses, at the limits of `Int64`.
@Suite struct SaturatingTests {
    static let twoTo62: Int64 = 4_611_686_018_427_387_904

    @Test func sumsBelowTheLimitsAreExact() {
        #expect(Int64(2).addingSaturating(3) == 5)
        #expect(Int64.max.addingSaturating(0) == .max)
        #expect((Int64.max - 1).addingSaturating(1) == .max)
        #expect(Int64.max.addingSaturating(.min) == -1)
        #expect(Int64.min.addingSaturating(.max) == -1)
        var x: Int64 = 7
        let pinned = x.addSaturating(-7)
        #expect(!pinned && x == 0)
    }

    @Test func sumsPastTheLimitsStopThere() {
        #expect(Self.twoTo62.addingSaturating(Self.twoTo62) == .max)  // 2^63: one past the largest
        #expect(Int64.max.addingSaturating(1) == .max)
        #expect(Int64.max.addingSaturating(.max) == .max)
        #expect(Int64.min.addingSaturating(-1) == .min)
        #expect(Int64.min.addingSaturating(.min) == .min)
    }

    @Test func theInPlaceAddSaysWhenItSaturated() {
        var x = Self.twoTo62
        let exact = x.addSaturating(Self.twoTo62 - 1)
        #expect(!exact && x == .max)
        let past = x.addSaturating(1)
        #expect(past && x == .max)
        var y = Int64.min + 1
        let below = y.addSaturating(-2)
        #expect(below && y == .min)
    }
}
