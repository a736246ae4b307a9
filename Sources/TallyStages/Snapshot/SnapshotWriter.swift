import TallyCore
import TallySnapshot

/// Serializes a snapshot cut to the documented layout (docs/snapshot-format.md, version 2): the
/// summary (header, window totals, section list, end record) as NDJSON in one zstd frame, a padding
/// frame, then each stage's section in a skippable frame, then the size frame.
///
/// The sections encode and compress on threads of their own while this thread writes the totals,
/// and go into the file as they are encoded: the insights payload chunk by chunk, while it is still
/// being encoded. That needs their place before the summary, which lists them, is finished: once
/// the totals are written, the summary's compressed bytes so far are flushed, and room is kept after
/// them for its last rows (a bound computed from the section kinds); what the last rows leave of it
/// is a skippable padding frame. Readers locate sections from the end of the file and decoders pass
/// over skippable frames, so neither sees a difference.
///
/// Output is canonical: keys are sorted by dimension and bytes, windows in configured order, so the
/// same input gives byte-identical snapshot content (apart from `created_at`) however it was split.
package struct SnapshotWriter {
    package var compressionLevel: Int32 = 3

    package init(compressionLevel: Int32 = 3) { self.compressionLevel = compressionLevel }

    /// Writes the snapshot file for `staging`, headed by `header` (its `finishedHeader`), into `sink`,
    /// and releases the staging area's counter and insights images as soon as nothing reads them
    /// (`SnapshotStaging.countersLoan`, `releaseInsights`). `sectionNiceness`: how far below this thread the
    /// counters section's thread runs; the insights section's runs at this thread's priority, since
    /// the insights stage waits for it. `abandon`: asked at each write and each insights block;
    /// once it says so, the encoding stops with `SnapshotAbandoned`, the section threads joined.
    /// - Complexity: O(keys * slots per key + keys log keys), plus the sections' own.
    package func encode(
        _ staging: SnapshotStaging, header: SnapshotHeader, sectionNiceness: Int32 = 0,
        abandon: @escaping @Sendable () -> Bool = { false }, into sink: some SnapshotSink
    ) throws {
        let sink = AbandonableSink(sink, abandon: abandon)
        let level = compressionLevel
        // Sorted once: the totals and the counters section share the order. Keys, not rows: a few
        // per person, whatever the insights hold.
        let keys = Self.sortedKeys(staging.images)
        // Never full: a section holds at most `compressedBytesMax`, so pushing never waits.
        let insightChunks = BlockingQueue<(chunk: Int, bytes: [UInt8])>(
            capacity: SnapshotSection.compressedBytesMax / SectionPayload.chunkBytes + 2)
        let insightsJob = SnapshotSectionJob(name: "tt-snap-insight") {
            defer { insightChunks.close() }
            // Released as soon as the records are read, and whatever happens (idempotent: the next
            // cut lends them again only after this write).
            defer { staging.releaseInsights() }
            return [try InsightState.encodeSection(
                staging.takeInsights(), header: header, level: level, abandon: abandon, spill: { insightChunks.push(($0, $1)) },
                recordsRead: { staging.releaseInsights() })]
        }
        // Below the insights job, whose thread and order jobs are the longest chain: the counters
        // section fills the cores that chain leaves (docs/performance.md, ninth round).
        let countersJob = SnapshotSectionJob(name: "tt-snap-counter") {
            SystemThread.lowerPriority(by: 5 + sectionNiceness)
            return [try CounterShard.encodeSection(staging.images, keys: keys, header: header, level: level),
             try DuplicateFilter.encodeSection(&staging.duplicateIDs, level: level)]
        }
        do {
            try write(staging, header: header, keys: keys, sections: (countersJob, insightsJob, insightChunks), into: sink)
        } catch {
            // Joined whatever happens: the jobs read the staging area, which the caller reuses.
            insightChunks.close()
            _ = try? countersJob.join()
            staging.countersLoan.release()
            _ = try? insightsJob.join()
            throw error
        }
    }

    private typealias Jobs = (
        counters: SnapshotSectionJob, insights: SnapshotSectionJob, insightChunks: BlockingQueue<(chunk: Int, bytes: [UInt8])>
    )

    /// The file: the summary up to its last rows, the sections as they come, then the summary's last
    /// rows with the padding after them, and the size frame.
    private func write(
        _ staging: SnapshotStaging, header: SnapshotHeader, keys: [KeyLocation], sections jobs: Jobs, into sink: some SnapshotSink
    ) throws {
        // Compression runs on a libzstd thread, overlapping the serialisation here.
        let encoder = try ZstdEncoder(level: compressionLevel, workerThreads: 1)
        var hasher = XXH64()
        var out = JSONOutput(capacity: 1 << 21)
        var rows = 0
        var contentBytes = 0
        var position = 0
        func append(_ bytes: UnsafeRawBufferPointer) throws {
            try sink.write(bytes, at: position)
            position += bytes.count
        }
        func flush(_ out: inout JSONOutput, force: Bool, to destination: (UnsafeRawBufferPointer) throws -> Void) throws {
            guard force || out.count >= 1 << 20 else { return }
            hasher.update(out.bytes)
            contentBytes += out.count
            try encoder.compress(out.bytes, end: false, sink: destination)
            out.removeAll()
        }
        out.raw("{\"type\":\"header\",")
        header.writeFields(into: &out)
        out.raw("}\n")
        rows += 1
        try writeTotals(staging.images, keys: keys, header: header, into: &out, rows: &rows) { try flush(&$0, force: false, to: append) }
        try flush(&out, force: true, to: append)
        try encoder.flush(sink: append)

        let tailStart = position
        let tailReserve = Self.tailBytesMax
        var offset = tailStart + tailReserve + SnapshotPadding.headerBytes
        var sections: [SnapshotSection] = []
        // The totals are written and the counters section encoded: the shards may count again.
        let countersSections = try jobs.counters.join()
        staging.countersLoan.release()
        for (section, payload) in countersSections {
            try write(section, payload, at: offset, into: sink)
            sections.append(section)
            offset += section.frameBytes
        }
        while let (chunk, bytes) = jobs.insightChunks.pop() {
            try bytes.withUnsafeBytes { try sink.write($0, at: Self.offset(ofChunk: chunk, inFrameAt: offset)) }
        }
        for (section, payload) in try jobs.insights.join() {
            try write(section, payload, at: offset, into: sink)
            sections.append(section)
            offset += section.frameBytes
        }
        assert(sections.map(\.kind) == SnapshotFile.sectionKinds, "the sections come in the order the tail is bounded for")

        var tail: [UInt8] = []
        for section in sections {
            SnapshotRows.writeSectionRow(section, into: &out)
            rows += 1
        }
        try flush(&out, force: true) { tail.append(contentsOf: $0) }
        SnapshotRows.writeEnd(rows: rows, checksum: hasher.finalize(), into: &out)
        try encoder.compress(out.bytes, end: true) { tail.append(contentsOf: $0) }
        contentBytes += out.count
        guard tail.count <= tailReserve else {
            throw SnapshotError(.encodeFailed("the summary's last rows took \(tail.count) bytes, more than the \(tailReserve) kept for them"), path: "")
        }
        try tail.withUnsafeBytes { try sink.write($0, at: tailStart) }
        try SnapshotPadding.bytes(filling: tailReserve - tail.count).withUnsafeBytes { try sink.write($0, at: tailStart + tail.count) }
        try SnapshotSizeFrame.bytes(declaring: contentBytes).withUnsafeBytes { try sink.write($0, at: offset) }
    }

    /// A section's frame at `offset`: its header, then the payload chunks it still holds (those
    /// before them were written as they filled).
    private func write(_ section: SnapshotSection, _ payload: SectionPayload, at offset: Int, into sink: some SnapshotSink) throws {
        try section.frameHeader().withUnsafeBytes { try sink.write($0, at: offset) }
        var chunkOffset = Self.offset(ofChunk: payload.spilledChunks, inFrameAt: offset)
        try payload.forEachChunk { chunk in
            try sink.write(chunk, at: chunkOffset)
            chunkOffset += chunk.count
        }
    }

    /// Where payload chunk `chunk` of the section frame at `offset` goes: chunks are
    /// `SectionPayload.chunkBytes` each, after the frame's header.
    private static func offset(ofChunk chunk: Int, inFrameAt offset: Int) -> Int {
        offset + SnapshotSection.frameHeaderBytes + chunk * SectionPayload.chunkBytes
    }

    /// The most bytes the summary's last rows (a section row per kind and the end record) compress
    /// to after the flush: every number at its longest, and zstd's bound on top, its checksum too.
    private static let tailBytesMax: Int = {
        var out = JSONOutput(capacity: 4096)
        for kind in SnapshotFile.sectionKinds {
            let longest = SnapshotSection(kind: kind, version: Int.max, bytes: Int.max, compressedBytes: Int.max, rows: Int.max, xxh64: .max)
            SnapshotRows.writeSectionRow(longest, into: &out)
        }
        SnapshotRows.writeEnd(rows: Int.max, checksum: .max, into: &out)
        return ZstdEncoder.compressedBytesMax(out.count) + 4
    }()

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
                    Self.prefetchCounters(images, keys, after: keyStart + n)
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

    /// Starts loading the counters of keys after `n` in `keys`: the index cells of the one
    /// `indexAhead` on and the slots of the one `slotsAhead` on. In name order the keys visit the
    /// shards' indexes and slot pools at random, so reading them waited on memory.
    @inline(__always)
    static func prefetchCounters(_ images: [ShardImage], _ keys: [KeyLocation], after n: Int) {
        if case let i = n + indexAhead, i < keys.count { images[keys[i].image].prefetchIndex(ofKey: keys[i].index) }
        if case let s = n + slotsAhead, s < keys.count { images[keys[s].image].prefetchSlots(ofKey: keys[s].index) }
    }

    private static let indexAhead = 16, slotsAhead = 8

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
