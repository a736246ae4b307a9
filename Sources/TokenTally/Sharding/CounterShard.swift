import CPlatform

/// One shard of the counter state: the keys whose hash routes here, each with its ring of hourly and
/// daily bucket slots.
///
/// Single writer: at any moment exactly one pipeline thread owns a shard (the ordered hand-off in
/// `ShardSet` passes ownership with acquire/release atomics), so the hot path takes no locks and
/// issues no atomic read-modify-writes. Keys live in an open-addressing table (linear probing,
/// load factor at most 1/2) over a flat key store; counters live in one flat `Int64` array.
package final class CounterShard: @unchecked Sendable {
    package let windows: WindowSet
    /// Slots per key times `CounterSlot.width`.
    package let keyStride: Int
    /// Keys this shard may hold; updates for new keys beyond it are counted in `droppedUpdates`.
    package let keysMax: Int

    // Key store: key `i` is `keyBytes[keyOffsets[i] ..< keyOffsets[i] + keyLengths[i]]`.
    package var keyBytes = GrowableBuffer<UInt8>(capacity: 1 << 16)
    package var keyOffsets = GrowableBuffer<UInt32>(capacity: 1024)
    package var keyLengths = GrowableBuffer<UInt32>(capacity: 1024)
    package var keyHashes = GrowableBuffer<UInt64>(capacity: 1024)
    package var keyDimensions = GrowableBuffer<UInt8>(capacity: 1024)
    /// `keyStride` values per key, in one reserved region (see `PageBuffer`).
    package let counters: PageBuffer<Int64>
    /// Updates refused because the shard was full, by `KeyDimension`: each is one event missing
    /// from that dimension's totals.
    package var droppedUpdates = [Int](repeating: 0, count: KeyDimension.count)
    /// Additions that saturated a bucket sum (see `CounterSlot`), carried across resumes.
    package var saturatedSums = 0

    /// Table cells hold key index + 1 (0 = empty).
    private var table: UnsafeMutablePointer<UInt32>
    private var tableMask: Int

    package var keyCount: Int { keyHashes.count }

    /// Nil when the address space for `keysMax` keys cannot be reserved.
    package init?(windows: WindowSet, keysMax: Int) {
        self.windows = windows
        self.keysMax = keysMax
        keyStride = windows.slotsPerKey * CounterSlot.width
        guard let counters = PageBuffer<Int64>(capacity: keysMax * keyStride) else { return nil }
        self.counters = counters
        tableMask = 2047
        table = .allocate(capacity: tableMask + 1)
        table.initialize(repeating: 0, count: tableMask + 1)
    }

    deinit { table.deallocate() }

    /// Applies this shard's share of `batch` (entries `routeStarts[index] ..< routeStarts[index + 1]`).
    /// - Complexity: O(updates), amortised; new keys may grow the table.
    package func apply(_ batch: EventBatch, shardIndex: Int) {
        let start = batch.routeStarts[shardIndex], end = batch.routeStarts[shardIndex + 1]
        let hourSlots = windows.hourSlots, daySlots = windows.daySlots
        for r in start..<end {
            if r + 2 * Self.prefetchDistance < end { prefetchTableCell(batch, route: r + 2 * Self.prefetchDistance) }
            if r + Self.prefetchDistance < end { prefetch(batch, route: r + Self.prefetchDistance) }
            let route = Int(batch.routes[r])
            let eventIndex = route >> 3, dimension = route & 7
            let ref = batch.keys[eventIndex * EventBatch.refsPerEvent + dimension]
            let keyIndex = findOrInsert(ref, dimension: dimension, arena: batch.arena.base)
            guard keyIndex >= 0 else {
                droppedUpdates[dimension] += 1
                continue
            }
            let event = batch.events[eventIndex]
            let placement = batch.placements[eventIndex]
            let base = counters.base + keyIndex * keyStride
            if hourSlots > 0, CounterSlot.add(event, bucket: placement.hourBucket, at: base + placement.hourOffset) {
                saturatedSums += 1
            }
            if daySlots > 0, CounterSlot.add(event, bucket: placement.dayBucket, at: base + placement.dayOffset) {
                saturatedSums += 1
            }
        }
    }

    /// How many updates ahead `apply` starts loading a key's slots: enough to cover a DRAM miss
    /// with the work of the updates in between. The table cell is loaded twice as far ahead, so that
    /// reading it to find the slots does not stall.
    static let prefetchDistance = 8

    @inline(__always)
    private func prefetchTableCell(_ batch: EventBatch, route r: Int) {
        let route = Int(batch.routes[r])
        let ref = batch.keys[(route >> 3) * EventBatch.refsPerEvent + route & 7]
        tt_prefetch_write(table + (Int(truncatingIfNeeded: ref.hash) & tableMask))
    }

    /// Starts loading the cache lines a future update will write: the key's bytes (compared on
    /// lookup) and its hour and day slots. Guesses the key from the first table probe, which is right
    /// unless the key is new or collided; a wrong guess only wastes a prefetch.
    @inline(__always)
    private func prefetch(_ batch: EventBatch, route r: Int) {
        let route = Int(batch.routes[r])
        let eventIndex = route >> 3
        let ref = batch.keys[eventIndex * EventBatch.refsPerEvent + route & 7]
        let entry = Int(table[Int(truncatingIfNeeded: ref.hash) & tableMask])
        guard entry != 0 else { return }
        let k = entry - 1
        tt_prefetch_write(keyHashes.base + k)
        tt_prefetch_write(keyBytes.base + Int(keyOffsets[k]))
        let base = counters.base + k * keyStride
        let placement = batch.placements[eventIndex]
        if windows.hourSlots > 0 { tt_prefetch_write(base + placement.hourOffset) }
        if windows.daySlots > 0 { tt_prefetch_write(base + placement.dayOffset) }
    }

    /// The key's index, inserting it (with empty slots) on first sight; -1 when the shard is full.
    @inline(__always)
    func findOrInsert(_ ref: KeyRef, dimension: Int, arena: UnsafePointer<UInt8>) -> Int {
        var cell = Int(truncatingIfNeeded: ref.hash) & tableMask
        let keyStart = arena + Int(ref.offset)
        while true {
            let entry = Int(table[cell])
            if entry == 0 { break }
            let k = entry - 1
            if keyHashes[k] == ref.hash, keyLengths[k] == ref.length, Int(keyDimensions[k]) == dimension,
               ShortBytes.equal(keyBytes.base + Int(keyOffsets[k]), keyStart, Int(ref.length)) {
                return k
            }
            cell = (cell + 1) & tableMask
        }
        guard counters.grow(by: keyStride) else { return -1 }
        let k = keyCount
        keyOffsets.append(UInt32(truncatingIfNeeded: keyBytes.count))
        keyLengths.append(ref.length)
        keyHashes.append(ref.hash)
        keyDimensions.append(UInt8(dimension))
        keyBytes.append(contentsOf: keyStart, count: Int(ref.length))
        let slots = counters.base + k * keyStride
        slots.initialize(repeating: 0, count: keyStride)
        for s in 0..<windows.slotsPerKey { slots[s * CounterSlot.width] = CounterSlot.emptyTag }
        table[cell] = UInt32(k + 1)
        if (keyCount + 1) * 2 > tableMask + 1 { growTable() }
        return k
    }

    private func growTable() {
        let newSize = (tableMask + 1) * 2
        table.deallocate()
        table = .allocate(capacity: newSize)
        table.initialize(repeating: 0, count: newSize)
        tableMask = newSize - 1
        for k in 0..<keyCount {
            var cell = Int(truncatingIfNeeded: keyHashes[k]) & tableMask
            while table[cell] != 0 { cell = (cell + 1) & tableMask }
            table[cell] = UInt32(k + 1)
        }
    }

    /// Copies the shard's state into `image` (reusing its storage). Called by the shard's current
    /// owner at a snapshot cut, so the copy reflects exactly the batches applied so far. At the final
    /// cut nothing is applied afterwards, so `shareCounters` hands over the counters themselves
    /// instead of copying hundreds of megabytes.
    package func copy(into image: inout ShardImage, shareCounters: Bool) {
        image.keyBytes.replace(with: keyBytes.buffer)
        image.keyOffsets.replace(with: keyOffsets.buffer)
        image.keyLengths.replace(with: keyLengths.buffer)
        image.keyDimensions.replace(with: keyDimensions.buffer)
        if shareCounters {
            image.counters = counters
        } else {
            if image.counters == nil || image.counters === counters { image.counters = PageBuffer(capacity: counters.capacity) }
            image.counters?.copy(from: counters.base, count: counters.count)
        }
        image.keyStride = keyStride
        image.hourSlots = windows.hourSlots
        image.droppedUpdates = droppedUpdates
        image.saturatedSums = saturatedSums
    }
}

infix operator %% : MultiplicationPrecedence

extension Int64 {
    /// Modulo that is never negative, for ring positions of buckets before 1970.
    @inline(__always)
    static func %% (lhs: Int64, rhs: Int64) -> Int64 {
        let r = lhs % rhs
        return r < 0 ? r + rhs : r
    }
}

extension Array where Element: BitwiseCopyable {
    /// Replaces the contents with a memcpy, keeping capacity.
    mutating func replace(with source: UnsafeBufferPointer<Element>) {
        removeAll(keepingCapacity: true)
        append(contentsOf: source)
    }
}
