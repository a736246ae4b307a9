extension SnapshotWriter {
    /// Where each configured window's buckets live in a key's slots, and which absolute buckets it
    /// covers at the cut's watermark. The hour ring comes first, then the day ring.
    struct WindowLayout {
        let windowCount: Int
        /// The absolute buckets each window covers; nil before the first event.
        let ranges: [ClosedRange<Int64>?]
        let hourSlots: Int
        let daySlots: Int
        /// Per window: the slot range of its unit's ring.
        private let rings: [Range<Int>]

        init(header: SnapshotHeader) {
            let windows = header.windows
            windowCount = windows.count
            hourSlots = windows.filter { $0.unit == .hour }.map(\.length).max() ?? 0
            daySlots = windows.filter { $0.unit == .day }.map(\.length).max() ?? 0
            ranges = windows.map { window in
                guard header.watermarkMs != Int64.min else { return nil }
                let last = Timestamp.floorDiv(header.watermarkMs, window.unit.milliseconds)
                return window.firstBucket(watermarkBucket: last)...last
            }
            rings = windows.map { [hourSlots, daySlots] in $0.unit == .hour ? 0..<hourSlots : hourSlots..<hourSlots + daySlots }
        }

        /// Adds key `key`'s buckets to `sums`, laid out `[window][WindowSum field]`
        /// (`windowCount * WindowSum.width` values; position 0 is left alone). Reads each slot once whatever the window count.
        /// - Complexity: O(slots per key * windows).
        func addWindowSums(of image: ShardImage, key: Int, into sums: UnsafeMutablePointer<Int64>) {
            guard let c = image.counters?.buffer else { return }
            let base = key * image.keyStride
            for s in 0..<hourSlots + daySlots {
                let slot = base + s * CounterSlot.width
                let tag = c[slot + CounterSlot.tag]
                for w in 0..<windowCount {
                    guard rings[w].contains(s), let range = ranges[w], range.contains(tag) else { continue }
                    WindowSum.add(slot: c.baseAddress! + slot, into: sums + w * WindowSum.width)
                }
            }
        }
    }
}
