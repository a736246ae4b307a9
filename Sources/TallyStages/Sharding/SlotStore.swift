import TallyCore

/// The bucket slots of one shard's keys, held sparsely: a key has a slot only for the buckets it has
/// events in, taken from a pool and given back when the bucket falls out of its ring. Memory follows
/// activity, not window length (docs/architecture.md, "Buckets and lazy eviction").
///
/// Layout: every key has `positions` index cells, one per ring position (the hour ring, then the day
/// ring); a cell is 0 or the number of the pool slot that holds the key's bucket at that position.
/// A slot is `CounterSlot.width` `Int64`s; slot 0 is never used, so that 0 means none.
///
/// Expiry: all the shard's slots at one ring position hold the same bucket, `bucketAt[position]`, and
/// `holders[position]` lists the keys that have one. The first event of a newer bucket at that
/// position finds the held bucket a whole ring behind (outside every window, at this watermark and
/// any later one) and gives all of its slots back at once: O(slots freed), no sweep, no clock.
///
/// Invariants: a cell is nonzero exactly when its key is in `holders` of its position, and then its
/// slot's tag is `bucketAt` of that position. A key holds at most one slot per position, so the pool
/// never needs more than `keysMax * positions` slots.
///
/// A class with `let` pointers so that `CounterShard.apply` loads them once per batch, not once
/// per update. Single writer, like its shard.
package final class SlotStore: @unchecked Sendable {
    package let hourSlots: Int
    package let daySlots: Int
    /// Index cells per key: `hourSlots + daySlots`.
    package let positions: Int
    package let index: PageBuffer<UInt32>
    package let pool: PageBuffer<Int64>
    /// `index.base` and `pool.base`, which never move.
    let cells: UnsafeMutablePointer<UInt32>
    let slotBase: UnsafeMutablePointer<Int64>
    /// Slots given back, reused before the pool grows.
    private var free = GrowableBuffer<UInt32>(capacity: 1024)
    /// By ring position: the bucket its slots hold (`CounterSlot.emptyTag` before the first).
    let bucketAt: UnsafeMutablePointer<Int64>
    /// By ring position: the keys holding a slot there.
    private var holders: [[UInt32]]

    /// Nil when the address space for `keysMax` keys cannot be reserved, or their slots could not
    /// be numbered in 32 bits.
    init?(windows: WindowSet, keysMax: Int) {
        hourSlots = windows.hourSlots
        daySlots = windows.daySlots
        positions = windows.slotsPerKey
        let slotsMax = keysMax * positions + 1
        guard slotsMax <= Int(UInt32.max),
              let index = PageBuffer<UInt32>(capacity: keysMax * positions),
              let pool = PageBuffer<Int64>(capacity: slotsMax * CounterSlot.width)
        else { return nil }
        self.index = index
        self.pool = pool
        cells = index.base
        slotBase = pool.base
        _ = pool.grow(by: CounterSlot.width)  // slot 0, never handed out
        bucketAt = .allocate(capacity: positions)
        bucketAt.initialize(repeating: CounterSlot.emptyTag, count: positions)
        holders = Array(repeating: [], count: positions)
    }

    deinit { bucketAt.deallocate() }

    /// Slots in use (the pool's high-water mark is `pool.count / CounterSlot.width - 1`).
    package var slotsInUse: Int { pool.count / CounterSlot.width - 1 - free.count }

    /// Adds the index cells of a new key, all empty. False when the shard holds `keysMax` keys.
    func addKey() -> Bool {
        let first = index.count
        guard index.grow(by: positions) else { return false }
        (index.base + first).initialize(repeating: 0, count: positions)
        return true
    }

    /// The key's first event in `bucket` at `position` (`Lookup.slot`'s slow path): frees the
    /// position's older bucket, if any, and hands out a zeroed slot. 0 when the position holds a
    /// newer bucket.
    @inline(never)
    func claim(_ cell: UnsafeMutablePointer<UInt32>, key: Int, position: Int, bucket: Int64) -> Int {
        let held = bucketAt[position]
        if held > bucket { return 0 }
        if held < bucket {
            release(position)
            bucketAt[position] = bucket
        }
        let s: Int
        if free.count > 0 {
            s = Int(free[free.count - 1])
            free.setCount(free.count - 1)
        } else {
            s = pool.count / CounterSlot.width
            // Cannot fail: a key holds at most one slot per position (the type's invariants).
            precondition(pool.grow(by: CounterSlot.width))
        }
        let slot = slotBase + s * CounterSlot.width
        slot.initialize(repeating: 0, count: CounterSlot.width)
        slot[CounterSlot.tag] = bucket
        cell.pointee = UInt32(truncatingIfNeeded: s)
        holders[position].append(UInt32(truncatingIfNeeded: key))
        return s
    }

    /// Gives every slot at `position` back to the pool.
    private func release(_ position: Int) {
        for key in holders[position] {
            let cell = cells + Int(key) * positions + position
            free.append(cell.pointee)
            cell.pointee = 0
        }
        holders[position].removeAll(keepingCapacity: true)
    }
}
