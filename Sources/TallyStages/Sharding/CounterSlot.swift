import TallyEvents

/// Layout of one bucket slot in a shard's flat counter array: eight `Int64`s, one cache line.
///
/// `tag` is the absolute bucket (hour or day number since the epoch) the slot currently holds, or
/// `emptyTag`. A slot is reused for the bucket `length` buckets later; an older tag is stale and
/// its numbers are dropped at that moment (lazy eviction, O(1) per event, no sweep).
///
/// Usage events and outcome events share one field (`counts`): usage events in the low 40 bits,
/// outcomes above, so that the estimated part of the cost fits in the same cache line. A bucket
/// (one key's hour or day) holds at most 2^40 - 1 usage events and 2^23 - 1 outcomes; window sums
/// unpack each slot first (`events(_:)`, `outcomes(_:)`), so they have no such limit.
///
/// Every field saturates instead of wrapping (docs/event-format.md, "Sums"): a token or cost sum
/// stops at `Int64.max`, an event or outcome count at its part's largest value, and `add` reports it
/// so that the shard can count saturated sums.
package enum CounterSlot {
    package static let width = 8
    package static let emptyTag = Int64.min

    package static let tag = 0
    package static let inputTokens = 1
    package static let outputTokens = 2
    package static let cacheReadTokens = 3
    package static let cacheWriteTokens = 4
    package static let counts = 5
    /// All cost, reported and estimated, in nano-dollars.
    package static let costNanoUSD = 6
    /// The part of `costNanoUSD` estimated from the price table.
    package static let estimatedCostNanoUSD = 7

    package static let outcomeUnit: Int64 = 1 << 40
    /// Outcomes a bucket can hold: the 23 bits above the usage events, below the sign.
    package static let outcomesLimit: Int64 = 1 << 23
    package static func events(_ counts: Int64) -> Int64 { counts & (outcomeUnit - 1) }
    package static func outcomes(_ counts: Int64) -> Int64 { counts >> 40 }
    package static func counts(events: Int64, outcomes: Int64) -> Int64 { outcomes << 40 | events }

    /// Adds `event` to the slot at `slot` for bucket `bucket`. Returns whether a sum saturated.
    ///
    /// Order-independent: a slot ends up holding the sum of the events of the newest bucket that
    /// maps to it, whatever order they came in. An event older than the slot's bucket is at least a
    /// ring length older than an event already seen, so it lies outside every window and is dropped.
    @inline(__always)
    package static func add(_ event: EventRecord, bucket: Int64, at slot: UnsafeMutablePointer<Int64>) -> Bool {
        let current = slot[tag]
        let count = event.isOutcome ? outcomeUnit : 1
        let estimated = event.costSource == .estimated ? event.costNanoUSD : 0
        if current == bucket {
            let input = slot[inputTokens] &+ event.inputTokens
            let output = slot[outputTokens] &+ event.outputTokens
            let cacheRead = slot[cacheReadTokens] &+ event.cacheReadTokens
            let cacheWrite = slot[cacheWriteTokens] &+ event.cacheWriteTokens
            let counted = slot[counts] &+ count
            let cost = slot[costNanoUSD] &+ event.costNanoUSD
            let estimatedSum = slot[estimatedCostNanoUSD] &+ estimated
            // An event's values are never negative, so a sum that overflowed is negative: one sign
            // test covers all seven (an outcome past its 23 bits reaches the sign too). A usage event
            // past its 40 bits carries into the outcomes instead, leaving the usage part 0. (A test
            // per field, with addingReportingOverflow, compiled to more instructions than this.)
            let anyNegative = input | output | cacheRead | cacheWrite | counted | cost | estimatedSum
            if _slowPath(anyNegative < 0 || (count == 1 && events(counted) == 0)) {
                return addSaturating(event, count: count, estimated: estimated, at: slot)
            }
            slot[inputTokens] = input
            slot[outputTokens] = output
            slot[cacheReadTokens] = cacheRead
            slot[cacheWriteTokens] = cacheWrite
            slot[counts] = counted
            slot[costNanoUSD] = cost
            slot[estimatedCostNanoUSD] = estimatedSum
        } else if current < bucket {
            slot[tag] = bucket
            slot[inputTokens] = event.inputTokens
            slot[outputTokens] = event.outputTokens
            slot[cacheReadTokens] = event.cacheReadTokens
            slot[cacheWriteTokens] = event.cacheWriteTokens
            slot[counts] = count
            slot[costNanoUSD] = event.costNanoUSD
            slot[estimatedCostNanoUSD] = estimated
        }
        return false
    }

    /// `add` for a slot where some sum saturates (or that a resume filled with negative numbers):
    /// each field pinned at its largest value. Returns whether one was.
    @inline(never)
    private static func addSaturating(
        _ event: EventRecord, count: Int64, estimated: Int64, at slot: UnsafeMutablePointer<Int64>
    ) -> Bool {
        var pinned = slot[inputTokens].addSaturating(event.inputTokens)
        pinned = slot[outputTokens].addSaturating(event.outputTokens) || pinned
        pinned = slot[cacheReadTokens].addSaturating(event.cacheReadTokens) || pinned
        pinned = slot[cacheWriteTokens].addSaturating(event.cacheWriteTokens) || pinned
        pinned = slot[costNanoUSD].addSaturating(event.costNanoUSD) || pinned
        pinned = slot[estimatedCostNanoUSD].addSaturating(estimated) || pinned
        let c = slot[counts]
        if count == 1 ? events(c) < outcomeUnit - 1 : outcomes(c) < outcomesLimit - 1 {
            slot[counts] = c + count
        } else {
            pinned = true
        }
        return pinned
    }
}

/// A key's sums over one window, as the snapshot writer adds them up: the slot's fields with the
/// event counts unpacked.
package enum WindowSum {
    package static let width = 9

    package static let inputTokens = 1
    package static let outputTokens = 2
    package static let cacheReadTokens = 3
    package static let cacheWriteTokens = 4
    package static let events = 5
    package static let outcomes = 6
    package static let costNanoUSD = 7
    package static let estimatedCostNanoUSD = 8

    /// Adds the slot at `slot` into `sums`, saturating (a window sum at `Int64.max` is a lower bound).
    @inline(__always)
    package static func add(slot: UnsafePointer<Int64>, into sums: UnsafeMutablePointer<Int64>) {
        sums[inputTokens].addSaturating(slot[CounterSlot.inputTokens])
        sums[outputTokens].addSaturating(slot[CounterSlot.outputTokens])
        sums[cacheReadTokens].addSaturating(slot[CounterSlot.cacheReadTokens])
        sums[cacheWriteTokens].addSaturating(slot[CounterSlot.cacheWriteTokens])
        sums[events].addSaturating(CounterSlot.events(slot[CounterSlot.counts]))
        sums[outcomes].addSaturating(CounterSlot.outcomes(slot[CounterSlot.counts]))
        sums[costNanoUSD].addSaturating(slot[CounterSlot.costNanoUSD])
        sums[estimatedCostNanoUSD].addSaturating(slot[CounterSlot.estimatedCostNanoUSD])
    }
}
