/// Serializes a snapshot cut to the documented NDJSON layout (see docs/snapshot-format.md) and
/// compresses it with zstd, hashing the content for the end record's checksum.
///
/// Output is canonical: keys are sorted by dimension and bytes, windows in configured order, so the
/// same input gives byte-identical snapshot content (apart from `created_at`) however it was split.
package struct SnapshotWriter {
    package var compressionLevel: Int32 = 3

    package init(compressionLevel: Int32 = 3) { self.compressionLevel = compressionLevel }

    /// Produces the compressed file bytes for `staging`, in pieces, through `sink`.
    /// - Complexity: O(keys * slots per key + keys log keys).
    package func encode(_ staging: SnapshotStaging, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        // Compression runs on a libzstd thread, overlapping the serialisation here.
        let encoder = try ZstdEncoder(level: compressionLevel, workerThreads: 1)
        var hasher = XXH64()
        var out = JSONOutput(capacity: 1 << 21)
        var rows = 0
        var contentBytes = 0

        func flush(force: Bool) throws {
            guard force || out.count >= 1 << 20 else { return }
            hasher.update(out.bytes)
            contentBytes += out.count
            try encoder.compress(out.bytes, end: false, sink: sink)
            out.removeAll()
        }

        let header = staging.header
        out.raw("{\"type\":\"header\",")
        header.writeFields(into: &out)
        out.raw("}\n")
        rows += 1

        let keys = sortedKeys(staging.images)
        let layout = WindowLayout(header: header)
        // Window sums of one dimension's keys, [key][window][field]: each key's slots are read once
        // for all windows, then rows are written window by window.
        var sums: [Int64] = []

        // Window totals, one row per (dimension, window, key) with any activity in the window.
        var keyStart = 0
        while keyStart < keys.count {
            var keyEnd = keyStart
            while keyEnd < keys.count, keys[keyEnd].dimension == keys[keyStart].dimension { keyEnd += 1 }
            let group = keys[keyStart..<keyEnd]
            sums.removeAll(keepingCapacity: true)
            sums.append(contentsOf: repeatElement(0, count: group.count * layout.windowCount * WindowSum.width))
            sums.withUnsafeMutableBufferPointer { sums in
                for (n, key) in group.enumerated() {
                    layout.addWindowSums(of: staging.images[key.image], key: key.index,
                                         into: sums.baseAddress! + n * layout.windowCount * WindowSum.width)
                }
            }
            for (w, window) in header.windows.enumerated() where layout.ranges[w] != nil {
                for (n, key) in group.enumerated() {
                    let start = (n * layout.windowCount + w) * WindowSum.width
                    guard sums[start + WindowSum.events] != 0 || sums[start + WindowSum.outcomes] != 0 else { continue }
                    writeTotal(image: staging.images[key.image], key: key, window: window,
                               sums: sums[start..<start + WindowSum.width], into: &out)
                    rows += 1
                    try flush(force: false)
                }
            }
            keyStart = keyEnd
        }

        // Bucket state, one row per key: what a restart needs to go on counting.
        var live: [UnsafePointer<Int64>] = []
        live.reserveCapacity(max(layout.hourSlots, layout.daySlots))
        for key in keys {
            let image = staging.images[key.image]
            if writeBuckets(image: image, key: key, header: header, live: &live, into: &out) {
                rows += 1
                try flush(force: false)
            }
        }
        if let windows = try? WindowSet(header.windows) {
            try writeInsights(InsightImage.merged(staging.insights), windows: windows, into: &out, rows: &rows) { o throws in
                guard o.count >= 1 << 20 else { return }
                hasher.update(o.bytes)
                contentBytes += o.count
                try encoder.compress(o.bytes, end: false, sink: sink)
                o.removeAll()
            }
        }
        // Duplicate filter ids, one row per hour (split every 8,192 ids), 24 hex digits (96 bits) each,
        // for resuming.
        // Sorted in place: the staging area is the writer's until the file is written.
        DuplicateFilter.sort(&staging.duplicateIDs)
        let ids = staging.duplicateIDs
        var i = 0
        while i < ids.count {
            let hour = ids[i].hour
            out.raw("{\"type\":\"ids\",\"hour\":")
            out.int(Int64(hour))
            out.raw(",\"ids\":\"")
            var n = 0
            while i < ids.count, ids[i].hour == hour, n < 8192 {
                out.hex(ids[i].high, digits: 16)
                out.hex(UInt64(ids[i].low), digits: 8)
                i += 1
                n += 1
            }
            out.raw("\"}\n")
            rows += 1
            try flush(force: false)
        }
        try flush(force: true)

        let checksum = hasher.finalize()
        out.raw("{\"type\":\"end\",\"rows\":")
        out.int(rows)
        out.raw(",\"xxh64\":\"")
        out.raw(Self.hex(checksum))
        out.raw("\"}\n")
        try encoder.compress(out.bytes, end: true, sink: sink)
        contentBytes += out.count
        try SnapshotSizeFrame.bytes(declaring: contentBytes).withUnsafeBytes { try sink($0) }
    }

    package static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    struct KeyLocation {
        var dimension: Int
        var image: Int
        var index: Int
    }

    private func sortedKeys(_ images: [ShardImage]) -> [KeyLocation] {
        var keys: [KeyLocation] = []
        keys.reserveCapacity(images.reduce(0) { $0 + $1.keyCount })
        for (i, image) in images.enumerated() {
            for k in 0..<image.keyCount { keys.append(KeyLocation(dimension: Int(image.keyDimensions[k]), image: i, index: k)) }
        }
        keys.sort { a, b in
            if a.dimension != b.dimension { return a.dimension < b.dimension }
            let ia = images[a.image], ib = images[b.image]
            let sa = Int(ia.keyOffsets[a.index]), la = Int(ia.keyLengths[a.index])
            let sb = Int(ib.keyOffsets[b.index]), lb = Int(ib.keyLengths[b.index])
            return ia.keyBytes[sa..<sa + la].lexicographicallyPrecedes(ib.keyBytes[sb..<sb + lb])
        }
        return keys
    }

    private func writeKey(image: ShardImage, key: KeyLocation, into out: inout JSONOutput) {
        out.raw(",\"dimension\":\"")
        out.raw(KeyDimension(rawValue: key.dimension)!.name)
        out.raw("\",\"key\":")
        let start = Int(image.keyOffsets[key.index])
        image.keyBytes.withUnsafeBufferPointer { b in
            out.string(UnsafeBufferPointer(rebasing: b[start..<start + Int(image.keyLengths[key.index])]))
        }
    }

    private func writeTotal(
        image: ShardImage, key: KeyLocation, window: WindowSpec, sums: ArraySlice<Int64>, into out: inout JSONOutput
    ) {
        let b = sums.startIndex
        out.raw("{\"type\":\"total\"")
        writeKey(image: image, key: key, into: &out)
        out.raw(",\"window\":\"")
        out.raw(window.name)
        out.raw("\",\"input_tokens\":")
        out.int(sums[b + WindowSum.inputTokens])
        out.member("output_tokens", sums[b + WindowSum.outputTokens])
        out.member("cache_read_tokens", sums[b + WindowSum.cacheReadTokens])
        out.member("cache_write_tokens", sums[b + WindowSum.cacheWriteTokens])
        out.raw(",\"total_tokens\":")
        out.int(sums[b + WindowSum.inputTokens].addingSaturating(sums[b + WindowSum.outputTokens])
            .addingSaturating(sums[b + WindowSum.cacheReadTokens]).addingSaturating(sums[b + WindowSum.cacheWriteTokens]))
        out.member("events", sums[b + WindowSum.events])
        out.member("outcomes", sums[b + WindowSum.outcomes])
        out.raw(",\"cost_usd\":")
        out.nano(sums[b + WindowSum.costNanoUSD])
        out.raw(",\"cost_usd_estimated\":")
        out.nano(sums[b + WindowSum.estimatedCostNanoUSD])
        out.raw("}\n")
    }

    /// Live buckets of one key (those a window at this watermark can still include), oldest first.
    /// `live` is scratch space reused across keys.
    private func writeBuckets(
        image: ShardImage, key: KeyLocation, header: SnapshotHeader, live: inout [UnsafePointer<Int64>],
        into out: inout JSONOutput
    ) -> Bool {
        guard header.hasWatermark else { return false }
        var wrote = false
        for (name, unit) in [("hours", WindowSpec.Unit.hour), ("days", .day)] as [(StaticString, WindowSpec.Unit)] {
            let slots = unit == .hour ? image.hourSlots : image.keyStride / CounterSlot.width - image.hourSlots
            let newest = Timestamp.floorDiv(header.watermarkMs, unit.milliseconds)
            let oldest = newest - Int64(slots) + 1
            live.removeAll(keepingCapacity: true)
            image.forEachSlot(ofKey: key.index) { u, slot in
                if u == unit, slot[CounterSlot.tag] >= oldest, slot[CounterSlot.tag] <= newest { live.append(slot) }
            }
            guard !live.isEmpty else { continue }
            live.sort { $0[CounterSlot.tag] < $1[CounterSlot.tag] }
            if !wrote {
                out.raw("{\"type\":\"buckets\"")
                writeKey(image: image, key: key, into: &out)
                wrote = true
            }
            out.raw(",\"")
            out.raw(name)
            out.raw("\":[")
            for (n, slot) in live.enumerated() {
                if n > 0 { out.raw(",") }
                writeSlot(slot, into: &out)
            }
            out.raw("]")
        }
        if wrote { out.raw("}\n") }
        return wrote
    }

    /// On disk: tag, the four token counts, events, outcomes, cost, estimated cost.
    private func writeSlot(_ slot: UnsafePointer<Int64>, into out: inout JSONOutput) {
        out.raw("[")
        for f in CounterSlot.tag...CounterSlot.cacheWriteTokens {
            if f > 0 { out.raw(",") }
            out.int(slot[f])
        }
        for value in [CounterSlot.events(slot[CounterSlot.counts]), CounterSlot.outcomes(slot[CounterSlot.counts]),
                      slot[CounterSlot.costNanoUSD], slot[CounterSlot.estimatedCostNanoUSD]] {
            out.raw(",")
            out.int(value)
        }
        out.raw("]")
    }
}
