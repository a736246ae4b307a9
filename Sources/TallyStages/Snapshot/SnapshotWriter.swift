import TallyCore
import TallySnapshot

/// Serializes a snapshot cut to the documented layout (docs/snapshot-format.md, version 2): the
/// summary (header, window totals, section list, end record) as NDJSON in one zstd frame, then each
/// stage's section in a skippable frame, then the size frame.
///
/// The sections encode and compress on threads of their own while this thread writes the totals.
/// Output is canonical: keys are sorted by dimension and bytes, windows in configured order, so the
/// same input gives byte-identical snapshot content (apart from `created_at`) however it was split.
package struct SnapshotWriter {
    package var compressionLevel: Int32 = 3

    package init(compressionLevel: Int32 = 3) { self.compressionLevel = compressionLevel }

    /// Produces the compressed file bytes for `staging`, headed by `header` (its `finishedHeader`),
    /// in pieces, through `sink`.
    /// - Complexity: O(keys * slots per key + keys log keys), plus the sections' own.
    package func encode(
        _ staging: SnapshotStaging, header: SnapshotHeader, sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let level = compressionLevel
        // Sorted once: the totals and the counters section share the order. Keys, not rows: a few
        // per person, whatever the insights hold.
        let keys = Self.sortedKeys(staging.images)
        let insightsJob = SnapshotSectionJob(name: "tt-snap-insight") {
            [try InsightState.encodeSection(staging.takeInsights(), header: header, level: level)]
        }
        let countersJob = SnapshotSectionJob(name: "tt-snap-counter") {
            [try CounterShard.encodeSection(staging.images, keys: keys, header: header, level: level),
             try DuplicateFilter.encodeSection(&staging.duplicateIDs, level: level)]
        }
        // Joined whatever happens below: the jobs read the staging area, which the caller reuses.
        var sections: [SnapshotSectionJob.Encoded] = []
        var jobError: (any Error)?
        func joinJobs() {
            for job in [countersJob, insightsJob] {
                do { sections += try job.join() } catch { jobError = jobError ?? error }
            }
        }

        // Compression runs on a libzstd thread, overlapping the serialisation here.
        let encoder = try ZstdEncoder(level: level, workerThreads: 1)
        var hasher = XXH64()
        var out = JSONOutput(capacity: 1 << 21)
        var rows = 0
        var contentBytes = 0
        func flush(_ out: inout JSONOutput, force: Bool) throws {
            guard force || out.count >= 1 << 20 else { return }
            hasher.update(out.bytes)
            contentBytes += out.count
            try encoder.compress(out.bytes, end: false, sink: sink)
            out.removeAll()
        }
        do {
            out.raw("{\"type\":\"header\",")
            header.writeFields(into: &out)
            out.raw("}\n")
            rows += 1
            try writeTotals(staging.images, keys: keys, header: header, into: &out, rows: &rows) { try flush(&$0, force: false) }
        } catch {
            joinJobs()
            throw error
        }
        joinJobs()
        if let jobError { throw jobError }

        for (section, _) in sections {
            SnapshotRows.writeSectionRow(section, into: &out)
            rows += 1
        }
        try flush(&out, force: true)
        SnapshotRows.writeEnd(rows: rows, checksum: hasher.finalize(), into: &out)
        try encoder.compress(out.bytes, end: true, sink: sink)
        contentBytes += out.count
        for (section, payload) in sections {
            try section.frameHeader().withUnsafeBytes { try sink($0) }
            try payload.forEachChunk { try sink($0) }
        }
        try SnapshotSizeFrame.bytes(declaring: contentBytes).withUnsafeBytes { try sink($0) }
    }

    /// Window totals, one row per (dimension, window, key) with any activity in the window, in
    /// canonical order; `flush` after each row.
    private func writeTotals(
        _ images: [ShardImage], keys: [KeyLocation], header: SnapshotHeader, into out: inout JSONOutput, rows: inout Int,
        flush: (inout JSONOutput) throws -> Void
    ) throws {
        let layout = WindowLayout(header: header)
        // Window sums of one dimension's keys, [key][window][field]: each key's slots are read once
        // for all windows, then rows are written window by window.
        var sums: [Int64] = []
        var keyStart = 0
        while keyStart < keys.count {
            var keyEnd = keyStart
            while keyEnd < keys.count, keys[keyEnd].dimension == keys[keyStart].dimension { keyEnd += 1 }
            let group = keys[keyStart..<keyEnd]
            sums.removeAll(keepingCapacity: true)
            sums.append(contentsOf: repeatElement(0, count: group.count * layout.windowCount * WindowSum.width))
            sums.withUnsafeMutableBufferPointer { sums in
                for (n, key) in group.enumerated() {
                    layout.addWindowSums(of: images[key.image], key: key.index,
                                         into: sums.baseAddress! + n * layout.windowCount * WindowSum.width)
                }
            }
            for (w, window) in header.windows.enumerated() where layout.ranges[w] != nil {
                for (n, key) in group.enumerated() {
                    let start = (n * layout.windowCount + w) * WindowSum.width
                    guard sums[start + WindowSum.events] != 0 || sums[start + WindowSum.outcomes] != 0 else { continue }
                    writeTotal(image: images[key.image], key: key, window: window,
                               sums: sums[start..<start + WindowSum.width], into: &out)
                    rows += 1
                    try flush(&out)
                }
            }
            keyStart = keyEnd
        }
    }

    struct KeyLocation {
        var dimension: Int
        var image: Int
        var index: Int
    }

    static func sortedKeys(_ images: [ShardImage]) -> [KeyLocation] {
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
}
