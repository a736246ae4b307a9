import TallyCore

extension SnapshotWriter {
    /// Where each configured window's buckets live in a key's slots, and which absolute buckets it
    /// covers at the cut's watermark. The hour ring comes first, then the day ring.
    struct WindowLayout {
        let windowCount: Int
        /// The absolute buckets each window covers; nil before the first event.
        let ranges: [ClosedRange<Int64>?]
        let hourSlots: Int
        let daySlots: Int
        private let units: [WindowSpec.Unit]

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
            units = windows.map(\.unit)
        }

        /// Adds key `key`'s buckets to `sums`, laid out `[window][WindowSum field]`
        /// (`windowCount * WindowSum.width` values; position 0 is left alone). Reads each slot once
        /// whatever the window count.
        /// - Complexity: O(slots of the key * windows).
        func addWindowSums(of image: ShardImage, key: Int, into sums: UnsafeMutablePointer<Int64>) {
            image.forEachSlot(ofKey: key) { unit, slot in
                let tag = slot[CounterSlot.tag]
                for w in 0..<windowCount where units[w] == unit {
                    guard let range = ranges[w], range.contains(tag) else { continue }
                    WindowSum.add(slot: slot, into: sums + w * WindowSum.width)
                }
            }
        }
    }
}
