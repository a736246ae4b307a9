import TallyCore

/// Compresses one section's payload as it is produced, hashing the uncompressed bytes, and gives
/// the finished frame (header and zstd payload). The compressed bytes are held in memory, or handed
/// to `spill` chunk by chunk as they fill: a skippable frame declares its length before its
/// content, so its header is written once it is complete.
package final class SnapshotSectionEncoder {
    private let kind: SnapshotSection.Kind
    private let version: Int
    private let compression: SectionCompression
    private var handOff: CompressionHandOff?

    /// When set, called with each full chunk of compressed payload (`SectionPayload.chunkBytes`)
    /// and its number, which the payload `finish` returns then no longer holds. Set before the
    /// first bytes are added; with `compressOnThread`, called on that thread.
    package var spill: ((_ chunk: Int, _ bytes: [UInt8]) -> Void)? {
        get { compression.spill }
        set { compression.spill = newValue }
    }

    /// `version`: the payload layout, the current one unless a test writes an older one.
    /// `compressOnThread`: columns (`add(_:)`) are compressed on a thread of the encoder's own
    /// while the caller builds the next, rather than in `add`. Not libzstd's workers: they would make
    /// each block ended at a segment (`ColumnWriter.segmentEnds`) a job of its own, 5 times slower.
    package init(kind: SnapshotSection.Kind, level: Int32, version: Int? = nil, compressOnThread: Bool = false) throws {
        self.kind = kind
        self.version = version ?? kind.currentVersion
        compression = SectionCompression(try ZstdEncoder(level: level))
        if compressOnThread { handOff = CompressionHandOff(compression) }
    }

    /// A section given up before `finish` (its producer failed) stops its thread.
    deinit { handOff?.stop() }

    /// Adds the next payload bytes; with `endingBlock`, the zstd block ends after them.
    package func add(_ payload: UnsafeRawBufferPointer, endingBlock: Bool = false) throws {
        precondition(handOff == nil, "with a compressing thread, the payload comes as columns")
        try compression.add(payload, endingBlock: endingBlock)
    }

    /// Adds `columns`' bytes, ending a zstd block at each of their segments' ends (see
    /// `ColumnWriter.segmentEnds`), and empties them: with `compressOnThread`, by handing them to
    /// the thread for an empty buffer (blocking while it is two buffers behind).
    package func add(_ columns: inout ColumnWriter) throws {
        guard let handOff else { return try compression.add(&columns) }
        handOff.pass(&columns)
    }

    /// Ends the payload: the section's description and its compressed payload, which follows
    /// `section.frameHeader()` in the file.
    /// - Throws: what compressing threw, or when the compressed payload does not fit a skippable
    ///   frame (4 GiB).
    package func finish(rows: Int) throws -> (section: SnapshotSection, payload: SectionPayload) {
        if let handOff {
            self.handOff = nil
            handOff.stop()
        }
        if let failure = compression.failure { throw failure }
        let compressed = try compression.end()
        let section = SnapshotSection(
            kind: kind, version: version, bytes: compression.bytes, compressedBytes: compressed.count, rows: rows,
            xxh64: compression.hasher.finalize())
        guard section.compressedBytes <= SnapshotSection.compressedBytesMax else {
            throw SnapshotError(.encodeFailed("the \(kind.name) section compresses to \(compressed.count) bytes, more than a frame holds (4 GiB)"), path: "")
        }
        return (section, compressed)
    }
}

/// An encoder's compression state. With a compressing thread, only that thread touches it until
/// `CompressionHandOff.stop` has joined it.
private final class SectionCompression: @unchecked Sendable {
    private let encoder: ZstdEncoder
    var hasher = XXH64()
    private(set) var bytes = 0
    private var compressed = SectionPayload()
    var spill: ((_ chunk: Int, _ bytes: [UInt8]) -> Void)?
    /// The first error compressing on the thread met (read after it is joined).
    var failure: (any Error)?

    init(_ encoder: ZstdEncoder) { self.encoder = encoder }

    func add(_ payload: UnsafeRawBufferPointer, endingBlock: Bool) throws {
        hasher.update(payload)
        bytes += payload.count
        try encoder.compress(payload, end: false) { compressed.append($0) }
        if endingBlock { try encoder.flush { compressed.append($0) } }
        guard let spill else { return }
        let first = compressed.spilledChunks
        for (i, chunk) in compressed.takeFullChunks().enumerated() { spill(first + i, chunk) }
    }

    func add(_ columns: inout ColumnWriter) throws {
        try columns.bytes.withUnsafeBytes { bytes in
            var start = 0
            for end in columns.segmentEnds {
                try add(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), endingBlock: true)
                start = end
            }
            try add(UnsafeRawBufferPointer(rebasing: bytes[start...]), endingBlock: false)
        }
        columns.removeAll()
    }

    func end() throws -> SectionPayload {
        try encoder.compress(UnsafeRawBufferPointer(start: nil, count: 0), end: true) { compressed.append($0) }
        return compressed
    }
}

/// The thread that compresses an encoder's columns, and the buffers that go to it full and come
/// back empty: three in all, so memory stays bounded however far the producer runs ahead.
private final class CompressionHandOff {
    private let full = BlockingQueue<ColumnWriter>(capacity: 2)
    private let empty = BlockingQueue<ColumnWriter>(capacity: 2)
    private var thread: SystemThread?

    init(_ compression: SectionCompression) {
        for _ in 0..<2 { empty.push(ColumnWriter(capacity: 0)) }
        let (full, empty) = (full, empty)
        thread = SystemThread(name: "tt-compress") {
            while var columns = full.pop() {
                if compression.failure == nil {
                    do { try compression.add(&columns) } catch { compression.failure = error }
                }
                columns.removeAll()
                empty.push(columns)
            }
        }
    }

    /// Swaps `columns` for an empty buffer and queues the full one.
    func pass(_ columns: inout ColumnWriter) {
        guard var spare = empty.pop() else { preconditionFailure("the empty buffers' queue is never closed") }
        swap(&spare, &columns)
        full.push(spare)
    }

    /// Lets the thread finish what is queued and joins it. Idempotent.
    func stop() {
        full.close()
        thread?.join()
        thread = nil
    }
}
