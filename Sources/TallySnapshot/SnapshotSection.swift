/// One binary section of a version 2 snapshot: a stage's state, in a zstd skippable frame of its
/// own after the summary frame (docs/snapshot-format.md, "Sections").
///
/// The frame is `50 2A 4D 18` (magic 0x184D2A50), the frame's length (UInt32), then a 40-byte
/// section header, all little-endian: kind code (UInt32), section version (UInt32), payload bytes
/// before and after compression (UInt64 each), rows (UInt64), XXH64 of the uncompressed payload;
/// then the payload as one zstd frame. The summary's `section` rows repeat the header, so the
/// summary's checksum covers every section's checksum too.
package struct SnapshotSection: Sendable, Equatable {
    package enum Kind: String, CaseIterable, Sendable {
        /// The live buckets of every key (`SnapshotWriter+Counters`).
        case counters
        /// The duplicate filter's ids.
        case dedup
        /// The insights records (`InsightColumns`; NDJSON rows in section version 1).
        case insights

        var code: UInt32 {
            switch self {
            case .counters: 1
            case .dedup: 2
            case .insights: 3
            }
        }

        init?(code: UInt32) {
            guard let kind = Self.allCases.first(where: { $0.code == code }) else { return nil }
            self = kind
        }

        /// The payload layout version this tokentally writes.
        var currentVersion: Int { self == .insights ? 2 : 1 }

        /// The payload layout versions this tokentally reads: insights version 1 (NDJSON rows) was
        /// written by the first format 2 snapshots.
        package var readableVersions: ClosedRange<Int> { self == .insights ? 1...2 : currentVersion...currentVersion }
    }

    package var kind: Kind
    package var version: Int
    /// Payload bytes before compression, and in the file (the zstd frame).
    package var bytes: Int
    package var compressedBytes: Int
    /// Keys, ids or insights records, by kind.
    package var rows: Int
    package var xxh64: UInt64

    package init(kind: Kind, version: Int, bytes: Int, compressedBytes: Int, rows: Int, xxh64: UInt64) {
        (self.kind, self.version, self.bytes) = (kind, version, bytes)
        (self.compressedBytes, self.rows, self.xxh64) = (compressedBytes, rows, xxh64)
    }

    package static let frameMagic: UInt32 = 0x184D_2A50
    /// Frame magic and length, then the section header.
    package static let frameHeaderBytes = 8 + 40

    /// The most compressed bytes a section frame holds: its length field has 4 bytes.
    package static let compressedBytesMax = Int(UInt32.max) - 40

    /// The whole frame's size in the file.
    package var frameBytes: Int { Self.frameHeaderBytes + compressedBytes }

    /// The frame's 48 header bytes, which the compressed payload follows.
    package func frameHeader() -> [UInt8] {
        var w = ColumnWriter(capacity: Self.frameHeaderBytes)
        w.append(Self.frameMagic)
        w.append(UInt32(truncatingIfNeeded: frameBytes - 8))
        w.append(kind.code)
        w.append(UInt32(version))
        w.append(UInt64(bytes))
        w.append(UInt64(compressedBytes))
        w.append(UInt64(rows))
        w.append(xxh64)
        return w.bytes
    }

    /// Reads the frame header at the start of `frame` (at least `frameHeaderBytes`).
    /// - Throws: `SnapshotError` when it is not a section frame or its sizes disagree.
    package static func parseFrameHeader(_ frame: UnsafeRawBufferPointer, path: String) throws(SnapshotError) -> SnapshotSection {
        var r = ColumnReader(frame, section: "section frame", path: path)
        guard try r.read(UInt32.self, "the magic") == frameMagic else { throw r.failure("not a section frame") }
        let length = Int(try r.read(UInt32.self, "the frame length"))
        let code = try r.read(UInt32.self, "the kind")
        guard let kind = Kind(code: code) else {
            throw r.failure("unknown kind \(code) (written by a newer tokentally?)")
        }
        let version = Int(try r.read(UInt32.self, "the version"))
        func size(_ what: String) throws(SnapshotError) -> Int {
            let value = try r.read(UInt64.self, what)
            guard let size = Int(exactly: value) else { throw r.failure("\(what) \(value) is out of range") }
            return size
        }
        let section = SnapshotSection(
            kind: kind, version: version, bytes: try size("the payload size"), compressedBytes: try size("the compressed size"),
            rows: try size("the row count"), xxh64: try r.read(UInt64.self, "the checksum"))
        guard section.compressedBytes <= compressedBytesMax else { throw r.failure("the compressed size is larger than a frame holds") }
        guard length == section.frameBytes - 8 else {
            throw r.failure("the frame is \(length) bytes long, its header says \(section.frameBytes - 8)")
        }
        return section
    }
}
