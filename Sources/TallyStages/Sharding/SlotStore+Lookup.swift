extension SlotStore {
    /// The store's hot path, with its pointers loaded once: `CounterShard.apply` makes one per
    /// batch, so that finding a slot costs an index load and a compare, not a chain of loads
    /// through the store that the compiler cannot hoist past the slot writes.
    struct Lookup {
        private let store: SlotStore
        private let cells: UnsafeMutablePointer<UInt32>
        let slotBase: UnsafeMutablePointer<Int64>
        private let bucketAt: UnsafeMutablePointer<Int64>
        private let positions: Int

        init(_ store: SlotStore) {
            self.store = store
            cells = store.cells
            slotBase = store.slotBase
            bucketAt = store.bucketAt
            positions = store.positions
        }

        @inline(__always)
        func cell(key: Int, position: Int) -> UnsafeMutablePointer<UInt32> {
            cells + key * positions + position
        }

        /// Where key `key` counts `bucket` at ring position `position`: its slot, claimed from the
        /// pool (tag `bucket`, sums 0) on the key's first event in that bucket. Nil when the position
        /// holds a newer bucket: some event a whole ring later was counted, so no window can include
        /// this one.
        /// - Complexity: O(1); O(slots freed) when the bucket is the position's first after a ring.
        @inline(__always)
        func slot(key: Int, position: Int, bucket: Int64) -> UnsafeMutablePointer<Int64>? {
            let cell = cell(key: key, position: position)
            var s = Int(cell.pointee)
            if s == 0 || bucketAt[position] != bucket {
                s = store.claim(cell, key: key, position: position, bucket: bucket)
                if s == 0 { return nil }
            }
            return slotBase + s * CounterSlot.width
        }
    }

    var lookup: Lookup { Lookup(self) }
}
