/// Layout of one bucket slot in a shard's flat counter array: eight `Int64`s, one cache line.
///
/// `tag` is the absolute bucket (hour or day number since the epoch) the slot currently holds, or
/// `emptyTag`. A slot is reused for the bucket `length` buckets later; an older tag is stale and
/// its numbers are dropped at that moment (lazy eviction, O(1) per event, no sweep).
///
/// Usage events and outcome events share one field (`counts`): usage events in the low 40 bits,
/// outcomes above, so that the estimated part of the cost fits in the same cache line. A bucket
/// (one key's hour or day) would need 2^40 usage events or 2^23 outcomes to overflow its part;
/// window sums unpack each slot first (`events(_:)`, `outcomes(_:)`), so they have no such limit.
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

    /// Adds `event` to the slot at `slot` for bucket `bucket`.
    ///
    /// Order-independent: a slot ends up holding the sum of the events of the newest bucket that
    /// maps to it, whatever order they came in. An event older than the slot's bucket is at least a
    /// ring length older than an event already seen, so it lies outside every window and is dropped.
    @inline(__always)
    package static func add(_ event: EventRecord, bucket: Int64, at slot: UnsafeMutablePointer<Int64>) {
        let current = slot[tag]
        let count = event.isOutcome ? outcomeUnit : 1
        let estimated = event.costSource == .estimated ? event.costNanoUSD : 0
        if current == bucket {
            slot[inputTokens] &+= event.inputTokens
            slot[outputTokens] &+= event.outputTokens
            slot[cacheReadTokens] &+= event.cacheReadTokens
            slot[cacheWriteTokens] &+= event.cacheWriteTokens
            slot[counts] &+= count
            slot[costNanoUSD] &+= event.costNanoUSD
            slot[estimatedCostNanoUSD] &+= estimated
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

    /// Adds the slot at `slot` into `sums`.
    @inline(__always)
    package static func add(slot: UnsafePointer<Int64>, into sums: UnsafeMutablePointer<Int64>) {
        sums[inputTokens] &+= slot[CounterSlot.inputTokens]
        sums[outputTokens] &+= slot[CounterSlot.outputTokens]
        sums[cacheReadTokens] &+= slot[CounterSlot.cacheReadTokens]
        sums[cacheWriteTokens] &+= slot[CounterSlot.cacheWriteTokens]
        sums[events] &+= CounterSlot.events(slot[CounterSlot.counts])
        sums[outcomes] &+= CounterSlot.outcomes(slot[CounterSlot.counts])
        sums[costNanoUSD] &+= slot[CounterSlot.costNanoUSD]
        sums[estimatedCostNanoUSD] &+= slot[CounterSlot.estimatedCostNanoUSD]
    }
}
