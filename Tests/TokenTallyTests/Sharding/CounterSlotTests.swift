import Testing
@testable import TallyEvents
@testable import TallyStages

/// A bucket slot's sums at their limits: tokens and costs stop at `Int64.max`, the packed event and
/// outcome counts at their parts' largest values, and `add` reports each saturation.
@Suite struct CounterSlotTests {
    static let twoTo62: Int64 = 4_611_686_018_427_387_904

    private func event(input: Int64 = 0, output: Int64 = 0, cost: Int64 = 0, outcome: Bool = false) -> EventRecord {
        EventRecord(timestampMs: 0, inputTokens: input, outputTokens: output, cacheReadTokens: 0, cacheWriteTokens: 0,
                    costNanoUSD: cost, isOutcome: outcome, isDropped: false, costSource: .reported)
    }

    private func emptySlot() -> [Int64] {
        var slot = [Int64](repeating: 0, count: CounterSlot.width)
        slot[CounterSlot.tag] = CounterSlot.emptyTag
        return slot
    }

    @Test func tokenAndCostSumsStopAtTheLargestValue() {
        var slot = emptySlot()
        let e = event(input: Self.twoTo62, output: 5, cost: 5_000_000_000_000_000_000)
        slot.withUnsafeMutableBufferPointer { s in
            #expect(!CounterSlot.add(e, bucket: 9, at: s.baseAddress!))
            #expect(CounterSlot.add(e, bucket: 9, at: s.baseAddress!))  // 2^63 and 1e19: past Int64
            #expect(CounterSlot.add(e, bucket: 9, at: s.baseAddress!))
        }
        #expect(slot[CounterSlot.inputTokens] == .max)
        #expect(slot[CounterSlot.outputTokens] == 15)  // the fields that fit stay exact
        #expect(slot[CounterSlot.costNanoUSD] == .max)
        #expect(CounterSlot.events(slot[CounterSlot.counts]) == 3)
        #expect(CounterSlot.outcomes(slot[CounterSlot.counts]) == 0)
    }

    @Test func theUsageCountStopsBelowTheOutcomesInsteadOfCarryingIntoThem() {
        var slot = emptySlot()
        slot[CounterSlot.tag] = 9
        slot[CounterSlot.counts] = CounterSlot.counts(events: (1 << 40) - 1, outcomes: 3)
        slot.withUnsafeMutableBufferPointer { s in #expect(CounterSlot.add(event(input: 1), bucket: 9, at: s.baseAddress!)) }
        #expect(CounterSlot.events(slot[CounterSlot.counts]) == (1 << 40) - 1)
        #expect(CounterSlot.outcomes(slot[CounterSlot.counts]) == 3)
        #expect(slot[CounterSlot.inputTokens] == 1)
    }

    @Test func theOutcomeCountStopsBelowTheSignInsteadOfWrapping() {
        var slot = emptySlot()
        slot[CounterSlot.tag] = 9
        slot[CounterSlot.counts] = CounterSlot.counts(events: 5, outcomes: (1 << 23) - 1)
        slot.withUnsafeMutableBufferPointer { s in
            #expect(CounterSlot.add(event(outcome: true), bucket: 9, at: s.baseAddress!))
        }
        #expect(CounterSlot.outcomes(slot[CounterSlot.counts]) == (1 << 23) - 1)
        #expect(CounterSlot.events(slot[CounterSlot.counts]) == 5)
    }

    @Test func windowSumsOfSlotsStopAtTheLargestValue() {
        var a = emptySlot(), b = emptySlot()
        a[CounterSlot.inputTokens] = Self.twoTo62
        b[CounterSlot.inputTokens] = Self.twoTo62
        a[CounterSlot.costNanoUSD] = 5
        b[CounterSlot.costNanoUSD] = 7
        a[CounterSlot.counts] = CounterSlot.counts(events: 1, outcomes: 2)
        b[CounterSlot.counts] = CounterSlot.counts(events: 3, outcomes: 4)
        var sums = [Int64](repeating: 0, count: WindowSum.width)
        sums.withUnsafeMutableBufferPointer { s in
            for slot in [a, b] { slot.withUnsafeBufferPointer { WindowSum.add(slot: $0.baseAddress!, into: s.baseAddress!) } }
        }
        #expect(sums[WindowSum.inputTokens] == .max)
        #expect(sums[WindowSum.costNanoUSD] == 12)
        #expect(sums[WindowSum.events] == 4)
        #expect(sums[WindowSum.outcomes] == 6)
    }
}
