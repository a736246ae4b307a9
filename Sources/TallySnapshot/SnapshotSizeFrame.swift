/// The zstd skippable frame a snapshot file ends with, declaring the content's decompressed size so
/// that readers can refuse a file that decompresses to more. Skippable frames are part of the zstd
/// format: `zstd -d` and other decoders pass over it. Files written before 2026-12-05 lack it.
///
/// Layout: magic 0x184D2A5E (little-endian), payload length 8, payload the size (little-endian).
package enum SnapshotSizeFrame {
    package static let byteCount = 16
    private static let magic: UInt32 = 0x184D_2A5E

    package static func bytes(declaring size: Int) -> [UInt8] {
        skippableFrameHeader(magic: magic, length: 8) + littleEndian(UInt64(size), 8)
    }

    /// A zstd skippable frame's header: its magic (one of 0x184D2A50...5F) and the length of the
    /// content that follows, both little-endian.
    package static func skippableFrameHeader(magic: UInt32, length: Int) -> [UInt8] {
        precondition(magic & 0xFFFF_FFF0 == 0x184D_2A50 && length >= 0 && length <= Int(UInt32.max))
        return littleEndian(UInt64(magic), 4) + littleEndian(UInt64(length), 4)
    }

    /// The size declared by a size frame at the end of `file`, or nil when it has none.
    package static func declaredSize(_ file: UnsafeRawBufferPointer) -> Int? {
        guard file.count >= byteCount else { return nil }
        let frame = UnsafeRawBufferPointer(rebasing: file[(file.count - byteCount)...])
        guard value(frame, 0, 4) == UInt64(magic), value(frame, 4, 4) == 8 else { return nil }
        return Int(exactly: value(frame, 8, 8))
    }

    private static func littleEndian(_ value: UInt64, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    private static func value(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> UInt64 {
        (0..<count).reduce(0) { $0 | UInt64(bytes[start + $1]) << (8 * $1) }
    }
}
