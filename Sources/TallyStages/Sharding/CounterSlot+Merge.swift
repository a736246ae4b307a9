extension CounterSlot {
    /// Adds another snapshot's slot for the same bucket (`values`: the eight fields, tag first) to
    /// the slot at `slot`, each sum saturating at its largest value (the event and outcome counts
    /// at their parts'). Returns whether one did.
    package static func add(slot values: [Int64], at slot: UnsafeMutablePointer<Int64>) -> Bool {
        var pinned = false
        for field in [inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, costNanoUSD, estimatedCostNanoUSD] {
            pinned = slot[field].addSaturating(values[field]) || pinned
        }
        // Each part below 2^40 (and 2^23): their sums cannot overflow 64 bits.
        let usage = events(slot[counts]) + events(values[counts])
        let outcomeCount = outcomes(slot[counts]) + outcomes(values[counts])
        pinned = pinned || usage > outcomeUnit - 1 || outcomeCount > outcomesLimit - 1
        slot[counts] = Self.counts(events: min(usage, outcomeUnit - 1), outcomes: min(outcomeCount, outcomesLimit - 1))
        return pinned
    }
}
