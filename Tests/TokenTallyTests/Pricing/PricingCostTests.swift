import Testing
@testable import TallyEvents

/// Cost arithmetic: rounding once, half up; dated entries on day boundaries; overflow and hostile
/// counts give nil, never a trap.
@Suite struct PricingCostTests {
    /// A table with tiny prices, so that sub-nano-dollar amounts and rounding show.
    private static let json = #"""
    {
      "as_of": "2025-01-01",
      "source": "test",
      "models": [
        {"model": "half", "prices": [
          {"effective_from": "2024-01-01", "input": 0.0005, "output": 0.0005, "cache_read": 0.000499, "cache_write_5m": 0.001, "cache_write_1h": 0}
        ]},
        {"model": "dated", "prices": [
          {"effective_from": "2025-01-01", "input": 3, "output": 0, "cache_read": 0, "cache_write_5m": 0, "cache_write_1h": 0},
          {"effective_from": "2024-02-29", "input": 1, "output": 0, "cache_read": 0, "cache_write_5m": 0, "cache_write_1h": 0},
          {"effective_from": "2024-03-13", "input": 2, "output": 0, "cache_read": 0, "cache_write_5m": 0, "cache_write_1h": 0}
        ]},
        {"model": "max", "prices": [
          {"effective_from": "1970-01-01", "input": 10000, "output": 10000, "cache_read": 10000, "cache_write_5m": 10000, "cache_write_1h": 10000}
        ]}
      ]
    }
    """#

    private let table: PriceTable
    private let half: Int
    private let dated: Int
    private let max: Int

    init() throws {
        table = try PriceTable(json: Self.json)
        half = try #require(table.modelIndex(name: "half"))
        dated = try #require(table.modelIndex(name: "dated"))
        max = try #require(table.modelIndex(name: "max"))
    }

    private func cost(_ model: Int, at ms: Int64 = 1_767_225_600_000, input: Int64 = 0, output: Int64 = 0,
                      cacheRead: Int64 = 0, cacheWrite5m: Int64 = 0, cacheWrite1h: Int64 = 0) -> Int64? {
        table.costNanoUSD(model: model, atMs: ms, input: input, output: output, cacheRead: cacheRead,
                          cacheWrite5m: cacheWrite5m, cacheWrite1h: cacheWrite1h)
    }

    @Test func roundsHalfUp() {
        // $0.0005 per million = 500 pico-dollars per token = 0.5 nano-dollars.
        #expect(cost(half, input: 1) == 1)  // 0.5 -> 1
        #expect(cost(half, input: 3) == 2)  // 1.5 -> 2
        #expect(cost(half, cacheRead: 1) == 0)  // 499 pico = 0.499 -> 0
        #expect(cost(half, cacheRead: 1, cacheWrite5m: 1) == 1)  // 1499 pico = 1.499 -> 1
        #expect(cost(half, input: 1, cacheRead: 1) == 1)  // 999 pico = 0.999 -> 1
    }

    @Test func roundsOnceAtTheEndNotPerField() {
        // 500 + 500 pico = exactly 1 nano-dollar; rounding each field first would give 2.
        #expect(cost(half, input: 1, output: 1) == 1)
        // 3 × 499 = 1497 pico -> 1; rounding per token would give 0.
        #expect(cost(half, cacheRead: 3) == 1)
    }

    @Test func zeroTokensCostNothing() {
        #expect(cost(half) == 0)
        #expect(cost(max) == 0)
    }

    @Test func datedEntriesChangeOnTheirDay() {
        // Entries sorted by date whatever their order in the file: 2024-02-29 ($1), 2024-03-13 ($2),
        // 2025-01-01 ($3). 1M input tokens cost $1, $2 or $3 by the event's day.
        let feb29: Int64 = 1_709_164_800_000  // 2024-02-29T00:00:00Z
        let mar13: Int64 = 1_710_288_000_000  // 2024-03-13T00:00:00Z
        let jan2025: Int64 = 1_735_689_600_000  // 2025-01-01T00:00:00Z
        #expect(cost(dated, at: feb29 - 1, input: 1_000_000) == nil)  // before every entry
        #expect(cost(dated, at: feb29, input: 1_000_000) == 1_000_000_000)
        #expect(cost(dated, at: mar13 - 1, input: 1_000_000) == 1_000_000_000)
        #expect(cost(dated, at: mar13, input: 1_000_000) == 2_000_000_000)
        #expect(cost(dated, at: jan2025 - 1, input: 1_000_000) == 2_000_000_000)
        #expect(cost(dated, at: jan2025, input: 1_000_000) == 3_000_000_000)
        #expect(cost(dated, at: Int64.max, input: 1_000_000) == 3_000_000_000)
        #expect(cost(dated, at: Int64.min, input: 1_000_000) == nil)
        #expect(table.models[dated].entries.map(\.effectiveFrom) == ["2024-02-29", "2024-03-13", "2025-01-01"])
    }

    @Test func largeCountsUseTheWidePathExactly() {
        // $3 per million (dated, 2025): 10^12 tokens = 3 × 10^18 pico, still inside 64 bits.
        #expect(cost(dated, input: 1_000_000_000_000) == 3_000_000_000_000_000)
        // 10^13 tokens = 3 × 10^19 pico, past UInt64.max (1.8 × 10^19): $30M = 3 × 10^16 nano.
        #expect(cost(dated, input: 10_000_000_000_000) == 30_000_000_000_000_000)
    }

    @Test func theLargestCostThatFitsAndOneHalfNanoMore() throws {
        // $0.001 per million = 1000 pico = exactly 1 nano-dollar per token, so Int64.max tokens cost
        // exactly Int64.max nano-dollars; 500 pico more rounds up past it.
        let t = try PriceTable(json: #"""
            {"as_of": "2025-01-01", "source": "t", "models": [{"model": "m", "prices": [
              {"effective_from": "2025-01-01", "input": 0.001, "output": 0.0005, "cache_read": 0.000499,
               "cache_write_5m": 0, "cache_write_1h": 0}]}]}
            """#)
        let at: Int64 = 1_767_225_600_000
        #expect(t.costNanoUSD(model: 0, atMs: at, input: .max, output: 0, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0) == .max)
        #expect(t.costNanoUSD(model: 0, atMs: at, input: .max, output: 0, cacheRead: 1, cacheWrite5m: 0, cacheWrite1h: 0) == .max)
        #expect(t.costNanoUSD(model: 0, atMs: at, input: .max, output: 1, cacheRead: 0, cacheWrite5m: 0, cacheWrite1h: 0) == nil)
    }

    @Test func overflowIsNilNotATrap() {
        // $10,000 per million on each of five fields at Int64.max tokens: about 4.6 × 10^29 pico.
        #expect(cost(max, input: .max, output: .max, cacheRead: .max, cacheWrite5m: .max, cacheWrite1h: .max) == nil)
        #expect(cost(max, output: .max) == nil)
        // 10^12 tokens at $10,000 per million = $10^10 = 10^19 nano-dollars > Int64.max (9.2 × 10^18).
        #expect(cost(max, input: 1_000_000_000_000) == nil)
        // 9 × 10^11 tokens = $9 × 10^9 = 9 × 10^18 nano-dollars, which fits.
        #expect(cost(max, input: 900_000_000_000) == 9_000_000_000_000_000_000)
    }

    @Test func negativeCountsAreNil() {
        #expect(cost(half, input: -1) == nil)
        #expect(cost(half, cacheWrite1h: .min) == nil)
        #expect(cost(max, input: 5, output: -5) == nil)
    }

    @Test func pricesInForceAtAnInstant() {
        let mar13: Int64 = 1_710_288_000_000
        #expect(table.prices(model: dated, atMs: mar13)?.input == 2_000_000)
        #expect(table.prices(model: dated, atMs: mar13 - 1)?.input == 1_000_000)
    }
}
