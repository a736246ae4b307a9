import TallyEvents

/// How far the run has read one input, as recorded in a snapshot.
public struct SourcePosition: Sendable, Equatable {
    public var name: String
    /// The file's size when opened; nil for pipes and terminals.
    public var sizeBytes: Int?
    public var compressed: Bool
    /// Decoded NDJSON bytes consumed from this input at the cut.
    public var decodedBytesRead: Int
    public var linesRead: Int
    /// True once the input was read to its end.
    public var finished: Bool
    /// The file's identity when the run started (`FileFingerprint`: a hash of its first bytes), so that
    /// a resumed run can tell the same file, perhaps grown, from another one put at the same path;
    /// nil for standard input.
    public var fileID: String?
    /// The input's format as read (`--source`, or what `auto` detected); nil before any data.
    public var format: SourceFormat?

    public init(
        name: String, sizeBytes: Int?, compressed: Bool, decodedBytesRead: Int, linesRead: Int, finished: Bool,
        fileID: String? = nil
    ) {
        self.name = name
        self.fileID = fileID
        self.sizeBytes = sizeBytes
        self.compressed = compressed
        self.decodedBytesRead = decodedBytesRead
        self.linesRead = linesRead
        self.finished = finished
    }
}
