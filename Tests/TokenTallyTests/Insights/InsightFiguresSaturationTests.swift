import Testing
@testable import TallyCore
@testable import TallyReports
@testable import TallyStages

/// Readers' own sums over a snapshot's rows stop at the largest value and say so.
@Suite struct InsightFiguresSaturationTests {
    static let twoTo62: Int64 = 4_611_686_018_427_387_904

    private func total(_ user: String, tokens: Int64, cost: Int64) -> SnapshotTotal {
        SnapshotTotal(dimension: .user, key: user, window: "30d", inputTokens: tokens, outputTokens: 0, cacheReadTokens: 0,
                      cacheWriteTokens: 0, totalTokens: tokens, events: 1, outcomes: 0, costNanoUSD: cost)
    }

    private func figures(_ totals: [SnapshotTotal], counted: Int = 0) throws -> InsightFigures {
        var header = SnapshotHeader()
        header.watermarkMs = utcMs(2026, 12, 1)
        header.windows = [try WindowSpec(parsing: "30d")]
        header.saturatedSums = counted
        return InsightFigures(header: header, window: header.windows[0], rows: InsightRows(), totals: totals)
    }

    /// Two people of 2^62 tokens and $5 billion each: the organisation's sums are 2^63 tokens and
    /// 1e19 nano-dollars, both past `Int64.max`, so they stop there instead of going negative.
    @Test func theOverallSumStopsAtTheLargestValue() throws {
        let f = try figures([total("a", tokens: Self.twoTo62, cost: 5_000_000_000_000_000_000),
                             total("b", tokens: Self.twoTo62, cost: 5_000_000_000_000_000_000)])
        #expect(f.overall.tokens == .max)
        #expect(f.overall.costNanoUSD == .max)
        #expect(f.saturationNote?.hasPrefix("saturated sums: 1 total in 30d stopped at 9,223,372,036,854,775,807;") == true)
    }

    /// A row at the largest value (here: "a", and so the organisation's sum), or the header's count.
    @Test func aSaturatedRowOrCountBringsANote() throws {
        let pinned = try figures([total("a", tokens: .max, cost: 0), total("b", tokens: 1, cost: 0)])
        #expect(pinned.saturationNote?.hasPrefix("saturated sums: 2 totals in 30d stopped at 9,223,372,036,854,775,807;") == true)
        let none = try figures([total("a", tokens: 2, cost: 3), total("b", tokens: 1, cost: 0)])
        #expect(none.saturationNote == nil)
        let counted = try figures([total("a", tokens: 1, cost: 0)], counted: 4)
        #expect(counted.saturationNote?.hasPrefix("saturated sums: 4 additions saturated while counting;") == true)
    }
}
