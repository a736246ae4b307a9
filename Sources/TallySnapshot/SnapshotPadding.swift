/// The zstd skippable frame that fills what the summary's last rows leave of the room kept for them
/// (`SnapshotWriter`): decoders pass over it, and readers, which locate sections from the end of the
/// file, never look at it. Files written before 2026-12-06 (afternoon) lack it.
///
/// Layout: magic 0x184D2A5D (little-endian), the length of what follows (UInt32), then that many
/// zero bytes.
package enum SnapshotPadding {
    package static let headerBytes = 8
    private static let magic: UInt32 = 0x184D_2A5D

    /// A padding frame of `count` bytes after its header.
    package static func bytes(filling count: Int) -> [UInt8] {
        SnapshotSizeFrame.skippableFrameHeader(magic: magic, length: count) + [UInt8](repeating: 0, count: count)
    }
}
