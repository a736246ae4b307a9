import TallyCore

extension SlotStore {
    /// Whether `image` holds this store's copy as of its last periodic cut, so that the next cut
    /// only has to copy what changed since.
    func isStaged(in image: ShardImage) -> Bool {
        image.slots != nil && image.slots === stagedPool
    }

    /// Puts the index and the pool into `image`. A periodic cut copies them into the image's own
    /// buffers, which it keeps from one cut to the next: only the blocks written since the last cut
    /// when the image holds that cut's copy, everything otherwise. The final cut (`share`), after
    /// which nothing is counted, hands over the store's own buffers and copies nothing.
    /// - Complexity: O(blocks + bytes copied).
    func stage(into image: inout ShardImage, share: Bool) {
        image.hourSlots = hourSlots
        image.daySlots = daySlots
        if share {
            image.slotIndex = index
            image.slots = pool
            stagedPool = nil
            return
        }
        let full = !isStaged(in: image)
        if full, image.slots == nil || image.slots === pool {
            image.slotIndex = PageBuffer(capacity: index.capacity)
            image.slots = PageBuffer(capacity: pool.capacity)
        }
        guard let cells = image.slotIndex, let slots = image.slots,
              cells.capacity == index.capacity, slots.capacity == pool.capacity
        else {
            image.slotIndex = nil
            image.slots = nil
            return
        }
        indexChanges.copy(index.base, count: index.count, into: cells, full: full)
        poolChanges.copy(pool.base, count: pool.count, into: slots, full: full)
        stagedPool = slots
    }
}
