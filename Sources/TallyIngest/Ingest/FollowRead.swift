import TallyEvents

/// One read by `DirectoryFollower.next(into:)`: the bytes of complete lines from one file, written at
/// the start of the caller's buffer.
public struct FollowRead: Sendable, Equatable {
    /// The file's path when it was read (it may since have been renamed or rotated away).
    public var path: String
    /// Stable id of this file (this inode) for the run; a new inode at the same path gets a new key.
    public var fileKey: Int
    /// Bytes written into the buffer; always ends with `"\n"` when greater than 0.
    public var byteCount: Int
    /// True on the first read after the file was truncated or rewritten in place (copytruncate):
    /// these bytes start again at offset 0, and the consumer resets what it keeps per file.
    /// Not set on a file's first read.
    public var startedOver: Bool
    /// Byte offset in the file where these bytes start.
    public var start: Int
    /// 0 or 1: a line longer than `lineBytesMax` was dropped just before these bytes.
    public var droppedLongLines: Int
    /// The dropped line's length including its newline (0 when none was dropped).
    public var droppedLongLineBytes: Int
    /// The file's position after this read (what a snapshot taken after these lines records).
    public var position: FollowPosition
    /// 0, or the file's bytes when the read is one JSON document made one line: what the line
    /// stands for in the file's offset.
    public var documentBytes = 0

    public init(
        path: String, fileKey: Int, byteCount: Int, startedOver: Bool, start: Int,
        droppedLongLines: Int = 0, droppedLongLineBytes: Int = 0, position: FollowPosition
    ) {
        self.path = path
        self.fileKey = fileKey
        self.byteCount = byteCount
        self.startedOver = startedOver
        self.start = start
        self.droppedLongLines = droppedLongLines
        self.droppedLongLineBytes = droppedLongLineBytes
        self.position = position
    }
}
