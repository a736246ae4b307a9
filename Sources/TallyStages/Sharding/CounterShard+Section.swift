import TallyCore
import TallyEvents
import TallySnapshot

extension CounterShard {
    /// The counters section: every key's live buckets. Version 1 (columns back to back) was written
    /// until 2026-12-06, version 2 (byte planes, the cost stored whole) on 2026-12-06; both are still read.
    package static let section = SnapshotSection.Kind(name: "counters", code: 1, currentVersion: 3, readableVersions: 1...3)

    /// Keys per block of the counters section: bounds the writer's scratch memory whatever the key
    /// count, and lets a reader check each block's sizes before allocating for it.
    static let counterBlockKeys = 4096

    /// The counters section (version 3): every key with live buckets, in `keys` order, in blocks of
    /// at most `counterBlockKeys` keys. A block is, little-endian: key count (UInt32); per key its
    /// dimension (UInt8), key length (UInt32), live hour and day buckets (UInt32 each), as four
    /// columns; the keys' bytes, back to back; then the block's buckets (each key's hours, then its
    /// days, oldest first) as nine Int64 columns: bucket (hour or day number since 1970), input,
    /// output, cache read and cache write tokens, events, outcomes, cost and estimated cost
    /// (nano-dollars), the cost stored as its difference from the estimated cost (`&-`: its reported
    /// part, often 0, so the column compresses smaller; version 2 stored the cost whole). Columns
    /// wider than a byte are byte planes (`ColumnWriter.append(column:planes:)`; version 1 had them
    /// back to back). `version` 1 or 2 writes those layouts, for tests of the reader. Only buckets a
    /// window can still include at the watermark are written.
    /// - Complexity: O(slots of all keys), plus a sort of each key's few live buckets.
    static func encodeSection(
        _ images: [ShardImage], keys: [SnapshotWriter.KeyLocation], header: SnapshotHeader, level: Int32,
        version: Int = section.currentVersion
    ) throws -> SnapshotSectionJob.Encoded {
        precondition(section.readableVersions.contains(version), "an unknown counters section version")
        let encoder = try SnapshotSectionEncoder(kind: section, level: level, version: version)
        let layout = SnapshotWriter.WindowLayout(header: header)
        var block = CounterBlock()
        var columns = ColumnWriter(capacity: 1 << 20)
        var written = 0
        for (n, key) in keys.enumerated() where header.hasWatermark {
            SnapshotWriter.prefetchCounters(images, keys, after: n)
            if block.add(images[key.image], key: key.index, layout: layout, watermarkMs: header.watermarkMs) {
                written += 1
            }
            if block.keyCount == counterBlockKeys {
                block.write(into: &columns, version: version)
                try encoder.add(&columns)
                block.removeAll()
            }
        }
        if block.keyCount > 0 {
            block.write(into: &columns, version: version)
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
        mutating func add(_ image: ShardImage, key: Int, layout: SnapshotWriter.WindowLayout, watermarkMs: Int64) -> Bool {
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
            let live = unit.liveBuckets(slots: ring, watermarkMs: watermarkMs)
            scratch.removeAll(keepingCapacity: true)
            image.forEachSlot(ofKey: key) { u, slot in
                guard u == unit, live.contains(slot[CounterSlot.tag]) else { return }
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

        /// The block in the layout of section version `version`.
        func write(into out: inout ColumnWriter, version: Int) {
            let planes = version >= 2
            out.append(UInt32(keyCount))
            out.append(column: dimensions)
            out.append(column: keyLengths, planes: planes)
            out.append(column: hourCounts, planes: planes)
            out.append(column: dayCounts, planes: planes)
            keyBytes.withUnsafeBytes { out.append(raw: $0) }
            for column in fields[..<7] { out.append(column: column, planes: planes) }
            // Version 3: the cost less its estimated part, i.e. its reported part, often 0; wrapping,
            // so saturated values survive.
            out.append(column: version >= 3 ? zip(fields[7], fields[8]).map { $0 &- $1 } : fields[7], planes: planes)
            out.append(column: fields[8], planes: planes)
        }
    }

    /// Calls `body` with each key of a counters section's `payload` (`encodeSection`), block by
    /// block; `rows` is the section's key count, `version` its layout version.
    /// - Throws: `SnapshotError` naming the section and the column when a block runs past the payload,
    ///   claims more keys or buckets than its bytes hold, holds a negative count, or the keys do not
    ///   add up to `rows`.
    /// - Complexity: O(payload); every count is checked against the bytes left before allocation.
    package static func decodeSection(
        _ payload: [UInt8], rows: Int, version: Int, path: String, _ body: (SnapshotFile.BucketRow) throws(SnapshotError) -> Void
    ) throws(SnapshotError) {
        try payload.withBytes { (bytes) throws(SnapshotError) in
            var r = ColumnReader(bytes, section: section.name, path: path)
            var keys = 0
            while r.remaining > 0 {
                keys += try readBlock(&r, version: version, body)
            }
            try r.finish()
            guard keys == rows else { throw r.failure("holds \(keys) keys, its row says \(rows)") }
        }
    }

    /// One block of the counters section (of layout `version`); returns its key count.
    private static func readBlock(
        _ r: inout ColumnReader, version: Int, _ body: (SnapshotFile.BucketRow) throws(SnapshotError) -> Void
    ) throws(SnapshotError) -> Int {
        let keyCount = Int(try r.read(UInt32.self, "a block's key count"))
        // Each key takes at least 13 bytes of columns and one of key text.
        guard keyCount <= r.remaining / 14 else { throw r.failure("a block claims \(keyCount) keys, more than its bytes can hold") }
        let dimensions = try r.column(UInt8.self, count: keyCount, "dimension")
        let planes = version >= 2
        let lengths = try r.column(UInt32.self, count: keyCount, "key length", planes: planes)
        let hourCounts = try r.column(UInt32.self, count: keyCount, "hour count", planes: planes)
        let dayCounts = try r.column(UInt32.self, count: keyCount, "day count", planes: planes)
        // Sums of UInt32s over at most r.remaining keys: no overflow on 64 bits.
        let keyBytes = try r.raw(count: lengths.reduce(0) { $0 + Int($1) }, "the key text")
        let slotCount = zip(hourCounts, dayCounts).reduce(0) { $0 + Int($1.0) + Int($1.1) }
        guard slotCount <= r.remaining / (9 * 8) else { throw r.failure("a block claims \(slotCount) buckets, more than its bytes can hold") }
        let fields = try readBuckets(&r, count: slotCount, version: version)
        var keyStart = 0, slot = 0
        for k in 0..<keyCount {
            guard let dimension = KeyDimension(rawValue: Int(dimensions[k])), lengths[k] > 0 else {
                throw r.failure("key \(k) of a block has dimension \(dimensions[k]) and \(lengths[k]) bytes")
            }
            let key = Array(keyBytes[keyStart..<keyStart + Int(lengths[k])])
            keyStart += Int(lengths[k])
            func slots(_ count: UInt32) throws(SnapshotError) -> [[Int64]] {
                var result: [[Int64]] = []
                result.reserveCapacity(Int(count))
                for _ in 0..<Int(count) {
                    let v = fields.map { $0[slot] }
                    slot += 1
                    // Sums of values that are never negative: a negative one is damage, not a count.
                    guard !v[1...].contains(where: { $0 < 0 }), v[5] < CounterSlot.outcomeUnit, v[6] < CounterSlot.outcomesLimit else {
                        throw r.failure("a negative or oversized count in the buckets of key \(k) of a block")
                    }
                    result.append(Array(v[0...4]) + [CounterSlot.counts(events: v[5], outcomes: v[6]), v[7], v[8]])
                }
                return result
            }
            try body(SnapshotFile.BucketRow(dimension: dimension, key: key, hours: try slots(hourCounts[k]), days: try slots(dayCounts[k])))
        }
        return keyCount
    }

    /// A block's nine bucket columns, `count` values each, the cost whole whatever `version`.
    private static func readBuckets(_ r: inout ColumnReader, count: Int, version: Int) throws(SnapshotError) -> [[Int64]] {
        var fields: [[Int64]] = []
        for name in ["bucket", "input", "output", "cache read", "cache write", "events", "outcomes", "cost", "estimated cost"] {
            fields.append(try r.column(Int64.self, count: count, name, planes: version >= 2))
        }
        // Version 3 stores the cost less its estimated part, wrapping: adding it back, wrapping too,
        // gives every value back, saturated ones included.
        if version >= 3 { fields[7] = zip(fields[7], fields[8]).map { $0 &+ $1 } }
        return fields
    }

    /// Puts every key's live buckets of `snapshot` back into the shard of `shards` its hash routes
    /// to, with the earlier runs' dropped updates and saturations (carried once, by shard 0).
    /// - Returns: false when a shard is full (more keys than its share of `--keys-max`); the shards
    ///   are then partly restored and must not be used.
    /// - Throws: `SnapshotError` when the snapshot's buckets do not decode or no window of `windows`
    ///   keeps them.
    /// - Complexity: O(the snapshot's buckets).
    package static func restore(
        _ snapshot: SnapshotFile, into shards: [CounterShard], windows: WindowSet
    ) throws(SnapshotError) -> Bool {
        var full = false
        do {
            try snapshot.forEachBucketRow { (row) throws(SnapshotError) in
                guard row.hours.isEmpty || windows.hourSlots > 0, row.days.isEmpty || windows.daySlots > 0 else {
                    throw SnapshotError(.malformed("buckets that no window of this run keeps"), path: snapshot.path)
                }
                let d = row.dimension.rawValue
                let restored = row.key.withUnsafeBytes { key in
                    let hash = KeyHash.hash(key, dimension: d)
                    let shard = shards[ShardRouting.shard(of: hash, count: shards.count)]
                    return shard.restore(key: key, dimension: d, hash: hash, hours: row.hours, days: row.days)
                }
                guard restored else {
                    full = true
                    throw SnapshotError(.malformed("too many keys"), path: snapshot.path)
                }
            }
        } catch {
            guard full else { throw error }
            return false
        }
        for d in 0..<KeyDimension.count { shards[0].droppedUpdates[d] += snapshot.header.droppedUpdatesByDimension[d] }
        // Counter and insight saturations alike, carried once.
        shards[0].saturatedSums += snapshot.header.saturatedSums
        return true
    }
}
