import CPlatform
import TallyCore
import TallyEvents

/// One shard of the counter state: the keys whose hash routes here, each with the hourly and daily
/// bucket slots it has events in (`SlotStore`).
///
/// Single writer: at any moment exactly one pipeline thread owns a shard (the ordered hand-off in
/// `ShardSet` passes ownership with acquire/release atomics), so the hot path takes no locks and
/// issues no atomic read-modify-writes. Keys live in an open-addressing table (linear probing,
/// load factor at most 1/2) over a flat key store; their slots live in the shard's `SlotStore`.
package final class CounterShard: @unchecked Sendable {
    package let windows: WindowSet
    /// Keys this shard may hold; updates for new keys beyond it are counted in `droppedUpdates`.
    package let keysMax: Int

    // Key store: key `i` is `keyBytes[keyOffsets[i] ..< keyOffsets[i] + keyLengths[i]]`.
    package var keyBytes = GrowableBuffer<UInt8>(capacity: 1 << 16)
    package var keyOffsets = GrowableBuffer<UInt32>(capacity: 1024)
    package var keyLengths = GrowableBuffer<UInt32>(capacity: 1024)
    package var keyHashes = GrowableBuffer<UInt64>(capacity: 1024)
    package var keyDimensions = GrowableBuffer<UInt8>(capacity: 1024)
    /// The keys' bucket slots.
    package let slots: SlotStore
    /// Updates refused because the shard was full, by `KeyDimension`: each is one event missing
    /// from that dimension's totals.
    package var droppedUpdates = [Int](repeating: 0, count: KeyDimension.count)
    /// Additions that saturated a bucket sum (see `CounterSlot`), carried across resumes.
    package var saturatedSums = 0

    /// The lending of the last cut's image (`lend`), which `apply` waits for; touched only by the
    /// shard's current owner.
    private var lentUntil: Loan.Ticket?

    /// Table cells hold key index + 1 (0 = empty).
    private var table: UnsafeMutablePointer<UInt32>
    private var tableMask: Int

    package var keyCount: Int { keyHashes.count }

    /// Nil when the address space for `keysMax` keys cannot be reserved.
    package init?(windows: WindowSet, keysMax: Int) {
        self.windows = windows
        self.keysMax = keysMax
        guard let slots = SlotStore(windows: windows, keysMax: keysMax) else { return nil }
        self.slots = slots
        tableMask = 2047
        table = .allocate(capacity: tableMask + 1)
        table.initialize(repeating: 0, count: tableMask + 1)
    }

    deinit { table.deallocate() }

    /// Applies this shard's share of `batch` (entries `routeStarts[index] ..< routeStarts[index + 1]`),
    /// first waiting until a snapshot no longer reads the buffers the last cut lent it (`lend`).
    /// - Complexity: O(updates), amortised; new keys may grow the table.
    package func apply(_ batch: EventBatch, shardIndex: Int) {
        if let lending = lentUntil {
            lending.waitForRelease()
            lentUntil = nil
        }
        let start = batch.routeStarts[shardIndex], end = batch.routeStarts[shardIndex + 1]
        let distance = Self.prefetchDistance
        let lookup = slots.lookup
        for r in start..<end {
            if r + 3 * distance < end { prefetchTableCell(batch, route: r + 3 * distance) }
            if r + 2 * distance < end { prefetchKey(batch, route: r + 2 * distance, lookup) }
            if r + distance < end { prefetchSlots(batch, route: r + distance, lookup) }
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
            if placement.hourPosition >= 0,
               let slot = lookup.slot(key: keyIndex, position: Int(placement.hourPosition), bucket: placement.hourBucket),
               CounterSlot.add(event, bucket: placement.hourBucket, at: slot) {
                saturatedSums += 1
            }
            if placement.dayPosition >= 0,
               let slot = lookup.slot(key: keyIndex, position: Int(placement.dayPosition), bucket: placement.dayBucket),
               CounterSlot.add(event, bucket: placement.dayBucket, at: slot) {
                saturatedSums += 1
            }
        }
    }

    /// How many updates ahead `apply` starts loading a key's slots: enough to cover a DRAM miss
    /// with the work of the updates in between. Each step of the chain that finds them (the table
    /// cell, then the key and its index cells, then the slots) is loaded that much earlier again,
    /// so that reading one to find the next does not stall.
    static let prefetchDistance = 8

    /// The key's first table probe, which is its cell unless the key is new or collided; a wrong
    /// guess in any of the prefetches below only wastes a load.
    @inline(__always)
    private func probedKey(_ batch: EventBatch, route r: Int) -> (key: Int, eventIndex: Int)? {
        let route = Int(batch.routes[r])
        let eventIndex = route >> 3
        let ref = batch.keys[eventIndex * EventBatch.refsPerEvent + route & 7]
        let entry = Int(table[Int(truncatingIfNeeded: ref.hash) & tableMask])
        return entry == 0 ? nil : (entry - 1, eventIndex)
    }

    @inline(__always)
    private func prefetchTableCell(_ batch: EventBatch, route r: Int) {
        let route = Int(batch.routes[r])
        let ref = batch.keys[(route >> 3) * EventBatch.refsPerEvent + route & 7]
        tt_prefetch_write(table + (Int(truncatingIfNeeded: ref.hash) & tableMask))
    }

    /// Starts loading what the lookup compares (the key's hash and bytes) and the key's index cells
    /// for the update's hour and day.
    @inline(__always)
    private func prefetchKey(_ batch: EventBatch, route r: Int, _ lookup: SlotStore.Lookup) {
        guard let (k, eventIndex) = probedKey(batch, route: r) else { return }
        tt_prefetch_write(keyHashes.base + k)
        tt_prefetch_write(keyBytes.base + Int(keyOffsets[k]))
        let placement = batch.placements[eventIndex]
        if placement.hourPosition >= 0 { tt_prefetch_write(lookup.cell(key: k, position: Int(placement.hourPosition))) }
        if placement.dayPosition >= 0 { tt_prefetch_write(lookup.cell(key: k, position: Int(placement.dayPosition))) }
    }

    /// Starts loading the slots the update will write, from the index cells loaded before.
    @inline(__always)
    private func prefetchSlots(_ batch: EventBatch, route r: Int, _ lookup: SlotStore.Lookup) {
        guard let (k, eventIndex) = probedKey(batch, route: r) else { return }
        let placement = batch.placements[eventIndex]
        if placement.hourPosition >= 0 { prefetchSlot(lookup.cell(key: k, position: Int(placement.hourPosition)), lookup) }
        if placement.dayPosition >= 0 { prefetchSlot(lookup.cell(key: k, position: Int(placement.dayPosition)), lookup) }
    }

    @inline(__always)
    private func prefetchSlot(_ cell: UnsafeMutablePointer<UInt32>, _ lookup: SlotStore.Lookup) {
        let s = Int(cell.pointee)
        if s != 0 { tt_prefetch_write(lookup.slotBase + s * CounterSlot.width) }
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
        guard slots.addKey() else { return -1 }
        let k = keyCount
        keyOffsets.append(UInt32(truncatingIfNeeded: keyBytes.count))
        keyLengths.append(ref.length)
        keyHashes.append(ref.hash)
        keyDimensions.append(UInt8(dimension))
        keyBytes.append(contentsOf: keyStart, count: Int(ref.length))
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

    /// Puts the shard's state into `image` at a snapshot cut, called by the shard's current owner so
    /// that it reflects exactly the batches applied so far. The image shares the shard's slot index
    /// and pool, and the shard changes neither until the cut's lending `loan` is released: its next
    /// `apply` waits for that (nil: nothing is applied afterwards, as after the final cut). Keys are
    /// copied, only those added since the image last held this shard's (keys are only appended).
    /// - Complexity: O(new keys), or O(keys) into an image that holds another shard's.
    package func lend(into image: inout ShardImage, until loan: Loan.Ticket?) {
        let from = image.slots === slots.pool ? image.keyCount : 0
        if from == 0 {
            image.keyBytes.removeAll(keepingCapacity: true)
            image.keyOffsets.removeAll(keepingCapacity: true)
            image.keyLengths.removeAll(keepingCapacity: true)
            image.keyDimensions.removeAll(keepingCapacity: true)
        }
        let bytesFrom = image.keyBytes.count
        image.keyBytes.append(contentsOf: UnsafeBufferPointer(rebasing: keyBytes.buffer[bytesFrom...]))
        image.keyOffsets.append(contentsOf: UnsafeBufferPointer(rebasing: keyOffsets.buffer[from...]))
        image.keyLengths.append(contentsOf: UnsafeBufferPointer(rebasing: keyLengths.buffer[from...]))
        image.keyDimensions.append(contentsOf: UnsafeBufferPointer(rebasing: keyDimensions.buffer[from...]))
        image.hourSlots = slots.hourSlots
        image.daySlots = slots.daySlots
        image.slotIndex = slots.index
        image.slots = slots.pool
        image.droppedUpdates = droppedUpdates
        image.saturatedSums = saturatedSums
        lentUntil = loan
    }
}
