/// Layout of one bucket slot in a shard's flat counter array: eight `Int64`s, one cache line.
///
/// `tag` is the absolute bucket (hour or day number since the epoch) the slot currently holds, or
/// `emptyTag`. A slot is reused for the bucket `length` buckets later; an older tag is stale and
/// its numbers are dropped at that moment (lazy eviction, O(1) per event, no sweep).
package enum CounterSlot {
    package static let width = 8
    package static let emptyTag = Int64.min

    package static let tag = 0
    package static let inputTokens = 1
    package static let outputTokens = 2
    package static let cacheReadTokens = 3
    package static let cacheWriteTokens = 4
    package static let events = 5
    package static let outcomes = 6
    package static let costNanoUSD = 7

    /// Adds `event` to the slot at `slot` for bucket `bucket`.
    ///
    /// Order-independent: a slot ends up holding the sum of the events of the newest bucket that
    /// maps to it, whatever order they came in. An event older than the slot's bucket is at least a
    /// ring length older than an event already seen, so it lies outside every window and is dropped.
    @inline(__always)
    package static func add(_ event: EventRecord, bucket: Int64, at slot: UnsafeMutablePointer<Int64>) {
        let current = slot[tag]
        if current == bucket {
            slot[inputTokens] &+= event.inputTokens
            slot[outputTokens] &+= event.outputTokens
            slot[cacheReadTokens] &+= event.cacheReadTokens
            slot[cacheWriteTokens] &+= event.cacheWriteTokens
            slot[events] &+= event.isOutcome ? 0 : 1
            slot[outcomes] &+= event.isOutcome ? 1 : 0
            slot[costNanoUSD] &+= event.costNanoUSD
        } else if current < bucket {
            slot[tag] = bucket
            slot[inputTokens] = event.inputTokens
            slot[outputTokens] = event.outputTokens
            slot[cacheReadTokens] = event.cacheReadTokens
            slot[cacheWriteTokens] = event.cacheWriteTokens
            slot[events] = event.isOutcome ? 0 : 1
            slot[outcomes] = event.isOutcome ? 1 : 0
            slot[costNanoUSD] = event.costNanoUSD
        }
    }
}
