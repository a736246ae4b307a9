import TallyEvents

/// One snapshot that `tokentally merge` combined into a merged snapshot, as the merged header lists
/// it: where it was, its place in its directory, how far its events went and its input positions
/// (which belong to the run that read them: a merged snapshot cannot be resumed).
public struct MergedPart: Sendable, Equatable {
    public var path: String
    public var sequence: Int
    public var createdAtMs: Int64
    /// `Int64.min` when the part had no event.
    public var watermarkMs: Int64
    public var sources: [SourcePosition]
    public var follow: [FollowPosition]
    public var kafka: [KafkaPosition]

    package init(path: String, header: SnapshotHeader) {
        self.path = path
        sequence = header.sequence
        createdAtMs = header.createdAtMs
        watermarkMs = header.watermarkMs
        sources = header.sources
        follow = header.follow
        kafka = header.kafka
    }
}
