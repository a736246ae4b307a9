import TallyCore
import TallySnapshot

extension SnapshotWriter {
    /// Keys per block of the counters section: bounds the writer's scratch memory whatever the key
    /// count, and lets a reader check each block's sizes before allocating for it.
    static let counterBlockKeys = 4096

    /// The counters section (version 1): every key with live buckets, in `keys` order, in blocks of
    /// at most `counterBlockKeys` keys. A block is, little-endian: key count (UInt32); per key its
    /// dimension (UInt8), key length (UInt32), live hour and day buckets (UInt32 each), as four
    /// columns; the keys' bytes, back to back; then the block's buckets (each key's hours, then its
    /// days, oldest first) as nine Int64 columns: bucket (hour or day number since 1970), input,
    /// output, cache read and cache write tokens, events, outcomes, cost and estimated cost
    /// (nano-dollars). Only buckets a window can still include at the watermark are written.
    /// - Complexity: O(slots of all keys), plus a sort of each key's few live buckets.
    static func countersSection(
        _ images: [ShardImage], keys: [KeyLocation], header: SnapshotHeader, level: Int32
    ) throws -> SnapshotSectionJob.Encoded {
        let encoder = try SnapshotSectionEncoder(kind: .counters, level: level)
        let layout = WindowLayout(header: header)
        var block = CounterBlock()
        var columns = ColumnWriter(capacity: 1 << 20)
        var written = 0
        for key in keys where header.hasWatermark {
            if block.add(images[key.image], key: key.index, layout: layout, watermarkMs: header.watermarkMs) {
                written += 1
            }
            if block.keyCount == counterBlockKeys {
                block.write(into: &columns)
                try encoder.add(&columns)
                block.removeAll()
            }
        }
        if block.keyCount > 0 {
            block.write(into: &columns)
            try encoder.add(&columns)
        }
        return try encoder.finish(rows: written)
    }

    /// One block's columns as they are gathered.
    struct CounterBlock {
        var dimensions: [UInt8] = []
        var keyLengths: [UInt32] = []
        var hourCounts: [UInt32] = []
        var dayCounts: [UInt32] = []
        var keyBytes: [UInt8] = []
        /// The nine bucket columns, in the order they are written.
        var fields = [[Int64]](repeating: [], count: 9)
        /// One key's live slots of one unit, copied (width `CounterSlot.width`), sorted by tag.
        private var scratch: [Int64] = []

        var keyCount: Int { dimensions.count }

        mutating func removeAll() {
            dimensions.removeAll(keepingCapacity: true)
            keyLengths.removeAll(keepingCapacity: true)
            hourCounts.removeAll(keepingCapacity: true)
            dayCounts.removeAll(keepingCapacity: true)
            keyBytes.removeAll(keepingCapacity: true)
            for f in fields.indices { fields[f].removeAll(keepingCapacity: true) }
        }

        /// Adds key `key` when it has live buckets; returns whether it had.
        mutating func add(_ image: ShardImage, key: Int, layout: WindowLayout, watermarkMs: Int64) -> Bool {
            let hours = addLive(image, key: key, unit: .hour, ring: layout.hourSlots, watermarkMs: watermarkMs)
            let days = addLive(image, key: key, unit: .day, ring: layout.daySlots, watermarkMs: watermarkMs)
            guard hours + days > 0 else { return false }
            dimensions.append(image.keyDimensions[key])
            let start = Int(image.keyOffsets[key]), length = Int(image.keyLengths[key])
            keyLengths.append(UInt32(length))
            keyBytes.append(contentsOf: image.keyBytes[start..<start + length])
            hourCounts.append(UInt32(hours))
            dayCounts.append(UInt32(days))
            return true
        }

        /// Appends the key's live buckets of `unit`, oldest first, to the bucket columns.
        private mutating func addLive(
            _ image: ShardImage, key: Int, unit: WindowSpec.Unit, ring: Int, watermarkMs: Int64
        ) -> Int {
            let newest = Timestamp.floorDiv(watermarkMs, unit.milliseconds)
            let oldest = newest - Int64(ring) + 1
            scratch.removeAll(keepingCapacity: true)
            image.forEachSlot(ofKey: key) { u, slot in
                guard u == unit, slot[CounterSlot.tag] >= oldest, slot[CounterSlot.tag] <= newest else { return }
                scratch.append(contentsOf: UnsafeBufferPointer(start: slot, count: CounterSlot.width))
            }
            let count = scratch.count / CounterSlot.width
            Self.sortByTag(&scratch, count: count)
            for i in 0..<count {
                let s = i * CounterSlot.width
                let counts = scratch[s + CounterSlot.counts]
                fields[0].append(scratch[s + CounterSlot.tag])
                fields[1].append(scratch[s + CounterSlot.inputTokens])
                fields[2].append(scratch[s + CounterSlot.outputTokens])
                fields[3].append(scratch[s + CounterSlot.cacheReadTokens])
                fields[4].append(scratch[s + CounterSlot.cacheWriteTokens])
                fields[5].append(CounterSlot.events(counts))
                fields[6].append(CounterSlot.outcomes(counts))
                fields[7].append(scratch[s + CounterSlot.costNanoUSD])
                fields[8].append(scratch[s + CounterSlot.estimatedCostNanoUSD])
            }
            return count
        }

        /// Sorts `count` slots of `CounterSlot.width` values by tag, in place: an insertion sort, as a
        /// key has few live buckets (at most one ring), and no allocation per key.
        private static func sortByTag(_ slots: inout [Int64], count: Int) {
            let w = CounterSlot.width
            slots.withUnsafeMutableBufferPointer { s in
                for i in 1..<max(1, count) {
                    var j = i
                    while j > 0, s[(j - 1) * w + CounterSlot.tag] > s[j * w + CounterSlot.tag] {
                        for f in 0..<w { s.swapAt((j - 1) * w + f, j * w + f) }
                        j -= 1
                    }
                }
            }
        }

        func write(into out: inout ColumnWriter) {
            out.append(UInt32(keyCount))
            out.append(column: dimensions)
            out.append(column: keyLengths)
            out.append(column: hourCounts)
            out.append(column: dayCounts)
            keyBytes.withUnsafeBytes { out.append(raw: $0) }
            for column in fields { out.append(column: column) }
        }
    }

    /// The dedup section (version 1): the duplicate filter's ids ordered by hour, then id. Id count
    /// (UInt64), then three columns: hour since 1970 (Int32), the id hash's high 64 bits (UInt64)
    /// and its low 32 bits (UInt32, always odd).
    /// - Complexity: O(n log n) in the ids (sorted in place: the staging area is the writer's).
    static func dedupSection(_ ids: inout [DuplicateFilter.Entry], level: Int32) throws -> SnapshotSectionJob.Encoded {
        DuplicateFilter.sort(&ids)
        let encoder = try SnapshotSectionEncoder(kind: .dedup, level: level)
        var columns = ColumnWriter(capacity: ids.count * 16 + 8)
        columns.append(UInt64(ids.count))
        columns.append(column: ids.map(\.hour))
        columns.append(column: ids.map(\.high))
        columns.append(column: ids.map(\.low))
        try encoder.add(&columns)
        return try encoder.finish(rows: ids.count)
    }

    /// The insights section (version 2): the live insights records as name-dictionary blocks of
    /// binary columns (`InsightColumns`), compressed block by block.
    /// - Complexity: O(r log r) in the live records (integer keys), plus O(names used).
    static func insightsSection(_ images: [InsightImage], header: SnapshotHeader, level: Int32) throws -> SnapshotSectionJob.Encoded {
        let encoder = try SnapshotSectionEncoder(kind: .insights, level: level)
        guard let windows = try? WindowSet(header.windows) else { return try encoder.finish(rows: 0) }
        var insights = InsightColumns.Encoder(images, windows: windows)
        var columns = ColumnWriter(capacity: 1 << 20)
        try insights.encode(into: &columns) { try encoder.add(&$0) }
        return try encoder.finish(rows: insights.records)
    }
}
