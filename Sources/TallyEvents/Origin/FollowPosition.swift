/// Where a followed file has been read to; recorded in snapshots so `--resume` continues exactly.
///
/// `offset` is always at a line boundary: the bytes of the complete lines handed out plus those of
/// dropped long lines. A line still being written (or a long line still being skipped) is not
/// included, so a resumed run reads it again from its first byte.
public struct FollowPosition: Sendable, Equatable {
    /// The path the file was last found at: the followed directory joined with the relative path.
    public var path: String
    public var device: UInt64
    public var inode: UInt64
    /// Bytes of this file consumed (complete lines handed out, plus dropped long lines).
    public var offset: Int
    /// FNV-1a 64 of the file's first `fingerprintBytes` bytes: tells a file that was rewritten in
    /// place, or a new file that reuses the inode number, from the one that was read.
    public var fingerprint: UInt64
    /// How many bytes the fingerprint covers: `min(size, 1024)` when last taken; 0 for an empty file.
    public var fingerprintBytes: Int
    /// Lines of this file counted so far. Kept by the consumer (the sequencer, for line numbers in
    /// rejects); the follower neither reads nor advances it and reports 0.
    public var linesRead = 0

    public init(path: String, device: UInt64, inode: UInt64, offset: Int, fingerprint: UInt64, fingerprintBytes: Int) {
        self.path = path
        self.device = device
        self.inode = inode
        self.offset = offset
        self.fingerprint = fingerprint
        self.fingerprintBytes = fingerprintBytes
    }

    /// The file this position is in.
    package var identity: FileIdentity { FileIdentity(device: device, inode: inode) }
}

/// FNV-1a, 64-bit: the followed files' fingerprint. Incremental, so coverage can grow.
package enum FNV1a {
    package static let basis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    package static func hash(_ bytes: UnsafeRawBufferPointer, continuing seed: UInt64 = basis) -> UInt64 {
        var hash = seed
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* prime
        }
        return hash
    }
}
