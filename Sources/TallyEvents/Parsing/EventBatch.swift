import TallyCore

/// The unit of work between pipeline stages: the events parsed from one line-aligned chunk, their key
/// bytes, and the chunk's line accounting.
///
/// Ownership moves along the pipeline (parser, sequencer, shards, insights) and back to a pool; exactly one
/// thread touches a batch at a time, which is why `@unchecked Sendable` is sound here. Buffers are
/// kept between uses, so a warm pipeline allocates nothing per event.
package final class EventBatch: @unchecked Sendable {
    /// Position of this batch in input order; shards apply batches strictly in this order.
    package var sequence: Int = 0
    package var events = GrowableBuffer<EventRecord>(capacity: 4096)
    /// `refsPerEvent` per event: the five counted keys in `KeyDimension` order, then `session`,
    /// `task` and `status` (`EventRef`), which only the insights stage reads.
    package var keys = GrowableBuffer<KeyRef>(capacity: 4096 * EventBatch.refsPerEvent)
    /// One per event: the hash of its `id`, or `EventID.none`.
    package var eventIDs = GrowableBuffer<EventID>(capacity: 4096)
    /// Unescaped key bytes that `keys` point into.
    package var arena = GrowableBuffer<UInt8>(capacity: 1 << 16)
    /// Counting-sorted shard updates: `(eventIndex << 3) | dimension`, grouped by shard.
    package var routes = GrowableBuffer<UInt32>(capacity: 4096 * KeyDimension.count)
    /// Per event, where it lands in a key's slots; filled by `route` for the non-late events.
    package var placements = GrowableBuffer<SlotPlacement>(capacity: 4096)
    /// `routeStarts[s]..<routeStarts[s + 1]` are shard `s`'s entries in `routes`.
    package var routeStarts: [Int] = []
    private var routeCursor: [Int] = []

    package var linesRead: Int = 0
    package var blankLines: Int = 0
    package var decodedBytes: Int = 0
    package var rejectedByReason = [Int](repeating: 0, count: RejectReason.count)
    /// Source lines deliberately not counted, and records beyond a line's first (translated inputs).
    package var skippedByReason = [Int](repeating: 0, count: SkipReason.count)
    package var extraRecords = 0
    /// The first rejected lines of the batch (bounded), with their 0-based index in the batch and the
    /// start of their text, for the rejects file and the summary.
    package var rejectSamples: [RejectSample] = []
    /// The sampled lines' text, `RejectSample.textStart ..< + textCount`.
    package var rejectText: [UInt8] = []
    package static let refsPerEvent = 8
    package static let rejectSamplesMax = 1024
    package static let rejectTextBytesMax = 512

    package struct RejectSample {
        package var line: Int
        package var reason: RejectReason
        /// The whole line's length in bytes; at most `rejectTextBytesMax` of it are kept.
        package var lineBytes: Int
        package var textStart: Int
        package var textCount: Int
    }

    /// The first line number (1-based, over all input) of this batch.
    package var firstLineNumber: Int = 1
    /// Where the batch's chunk came from (`InputChunk.origin`, unchanged).
    package var origin = ChunkOrigin()

    package init() {}

    package func reset() {
        events.removeAll()
        keys.removeAll()
        eventIDs.removeAll()
        arena.removeAll()
        routes.removeAll()
        placements.removeAll()
        linesRead = 0
        blankLines = 0
        decodedBytes = 0
        for i in rejectedByReason.indices { rejectedByReason[i] = 0 }
        for i in skippedByReason.indices { skippedByReason[i] = 0 }
        extraRecords = 0
        rejectSamples.removeAll(keepingCapacity: true)
        rejectText.removeAll(keepingCapacity: true)
        origin = ChunkOrigin()
    }

    package var rejectedCount: Int { rejectedByReason.reduce(0, +) }

    /// Counts a rejected line and samples it (with the start of `text`) while there is room.
    package func noteRejected(_ reason: RejectReason, lineNumber: Int, text: UnsafeRawBufferPointer, lineBytes: Int) {
        rejectedByReason[reason.rawValue] += 1
        guard rejectSamples.count < Self.rejectSamplesMax else { return }
        let kept = UnsafeRawBufferPointer(rebasing: text.prefix(Self.rejectTextBytesMax))
        rejectSamples.append(RejectSample(
            line: lineNumber, reason: reason, lineBytes: lineBytes, textStart: rejectText.count, textCount: kept.count))
        rejectText.append(contentsOf: kept)
    }

    /// Groups the non-late events' key updates by shard (counting sort, two passes), so each shard
    /// walks only its own entries, and places each event in `windows`' slot rings.
    /// O(events * dimensions).
    package func route(shardCount: Int, windows: WindowSet) {
        if routeStarts.count != shardCount + 1 {
            routeStarts = [Int](repeating: 0, count: shardCount + 1)
        } else {
            for i in routeStarts.indices { routeStarts[i] = 0 }
        }
        let eventCount = events.count
        placements.removeAll()
        placements.reserve(eventCount)
        let hourSlots = windows.hourSlots, daySlots = windows.daySlots
        var total = 0
        for e in 0..<eventCount where !events[e].isDropped {
            placements[e] = SlotPlacement(events[e], hourSlots: hourSlots, daySlots: daySlots)
            for d in 0..<KeyDimension.count {
                let ref = keys[e * Self.refsPerEvent + d]
                if ref.length > 0 {
                    routeStarts[ShardRouting.shard(of: ref.hash, count: shardCount) + 1] += 1
                    total += 1
                }
            }
        }
        for s in 0..<shardCount { routeStarts[s + 1] += routeStarts[s] }
        routes.removeAll()
        routes.reserve(total)
        routeCursor.removeAll(keepingCapacity: true)
        routeCursor.append(contentsOf: routeStarts)
        for e in 0..<eventCount where !events[e].isDropped {
            for d in 0..<KeyDimension.count {
                let ref = keys[e * Self.refsPerEvent + d]
                if ref.length > 0 {
                    let s = ShardRouting.shard(of: ref.hash, count: shardCount)
                    routes[routeCursor[s]] = UInt32(truncatingIfNeeded: e << 3 | d)
                    routeCursor[s] += 1
                }
            }
        }
        routes.setCount(total)
        placements.setCount(eventCount)  // late events' entries are never read
    }
}
