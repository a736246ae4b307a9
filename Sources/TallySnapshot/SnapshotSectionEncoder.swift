import TallyCore

/// Compresses one section's payload as it is produced, hashing the uncompressed bytes, and gives
/// the finished frame (header and zstd payload). The compressed bytes are held in memory, or handed
/// to `spill` chunk by chunk as they fill: a skippable frame declares its length before its
/// content, so its header is written once it is complete.
package final class SnapshotSectionEncoder {
    private let kind: SnapshotSection.Kind
    private let version: Int
    private let encoder: ZstdEncoder
    private var hasher = XXH64()
    private var bytes = 0
    private var compressed = SectionPayload()
    /// When set, called with each full chunk of compressed payload (`SectionPayload.chunkBytes`)
    /// and its number, which the payload `finish` returns then no longer holds.
    package var spill: ((_ chunk: Int, _ bytes: [UInt8]) -> Void)?

    /// `version`: the payload layout, the current one unless a test writes an older one.
    /// `workerThreads`: libzstd's own compression threads (`ZstdEncoder`), 0 to compress in `add`.
    package init(kind: SnapshotSection.Kind, level: Int32, version: Int? = nil, workerThreads: Int32 = 0) throws {
        self.kind = kind
        self.version = version ?? kind.currentVersion
        encoder = try ZstdEncoder(level: level, workerThreads: workerThreads)
    }

    /// Adds the next payload bytes.
    package func add(_ payload: UnsafeRawBufferPointer) throws {
        hasher.update(payload)
        bytes += payload.count
        try encoder.compress(payload, end: false) { compressed.append($0) }
        guard let spill else { return }
        let first = compressed.spilledChunks
        for (i, chunk) in compressed.takeFullChunks().enumerated() { spill(first + i, chunk) }
    }

    package func add(_ columns: inout ColumnWriter) throws {
        try columns.bytes.withUnsafeBytes { try add($0) }
        columns.removeAll()
    }

    /// Ends the payload: the section's description and its compressed payload, which follows
    /// `section.frameHeader()` in the file.
    /// - Throws: when the compressed payload does not fit a skippable frame (4 GiB).
    package func finish(rows: Int) throws -> (section: SnapshotSection, payload: SectionPayload) {
        try encoder.compress(UnsafeRawBufferPointer(start: nil, count: 0), end: true) { compressed.append($0) }
        let section = SnapshotSection(
            kind: kind, version: version, bytes: bytes, compressedBytes: compressed.count, rows: rows,
            xxh64: hasher.finalize())
        guard section.compressedBytes <= SnapshotSection.compressedBytesMax else {
            throw SnapshotError(.encodeFailed("the \(kind.name) section compresses to \(compressed.count) bytes, more than a frame holds (4 GiB)"), path: "")
        }
        return (section, compressed)
    }
}
