import TallyCore
import TallyEvents

/// Everything a snapshot says about the run besides the counters: the cut's position and counts.
public struct SnapshotHeader: Sendable, Equatable {
    public static let formatName = "tokentally-snapshot"
    public static let currentVersion = 2

    public var version = SnapshotHeader.currentVersion
    /// Increases by one per snapshot written into a directory, across restarts.
    public var sequence = 0
    public var createdAtMs: Int64 = 0
    /// Largest accepted `ts`; `Int64.min` before the first event.
    public var watermarkMs = Int64.min
    public var windows: [WindowSpec] = []
    public var counters = IngestCounters()
    public var sources: [SourcePosition] = []
    /// `--follow`: each followed file's position (and lines counted in it), by path.
    public var follow: [FollowPosition] = []
    /// A Kafka input: each partition's next offset, by partition.
    public var kafka: [KafkaPosition] = []
    public var keysByDimension = [Int](repeating: 0, count: KeyDimension.count)
    /// Updates refused because `--keys-max` was reached: in all, and by `KeyDimension` (each one an
    /// event missing from that dimension's totals). Snapshots written before the split have zeros
    /// by dimension and only the total.
    public var droppedUpdates = 0
    public var droppedUpdatesByDimension = [Int](repeating: 0, count: KeyDimension.count)
    /// Additions to a kept sum (a bucket's or an insights record's) that saturated instead of
    /// overflowing, over the run and the runs it resumes (docs/event-format.md, "Sums").
    public var saturatedSums = 0
    public var keysMax = 0
    public var lineBytesMax = 0
    public var maxFutureMs: Int64 = 0
    /// Duplicate ids are dropped within this many hours of event time; 0 when the filter is off.
    public var dedupHorizonHours: Int64 = 0
    /// Ids within the horizon that the snapshot carries (its `ids` rows).
    public var dedupIDs = 0
    /// Times the filter forgot its oldest ids early because `--dedup-ids-max` was reached, and how
    /// many ids it forgot so (a repeat of one of them was counted again); 0 for `dedupIDsMax` in
    /// snapshots written before it was recorded.
    public var dedupHorizonShortenings = 0
    public var dedupIDsForgotten = 0
    public var dedupIDsMax = 0
    /// Bound on each insights table, inserts it refused, and names lost to a 64-bit hash collision.
    public var insightRecordsMax = 0
    public var insightRecordsRefused = 0
    public var insightNameCollisions = 0
    /// Governance in force when the snapshot was written: the pseudonym key's fingerprint (nil when
    /// user ids are raw) and whether the operator allowed `leaderboard`.
    public var pseudonymKeyFingerprint: String?
    /// Whether session and task ids are pseudonyms too (`"s-"`, `"t-"`): sessions always under a key
    /// (false in keyed snapshots written before), tasks with `--pseudonymize-tasks`.
    public var sessionsPseudonymized = false
    public var tasksPseudonymized = false
    public var leaderboardAllowed = false
    /// The price table that estimated missing costs ("bundled, as of DATE" or a file), nil for none.
    public var priceTable: String?
    /// A merged snapshot (`tokentally merge`): the parts it combines, in the order given (a part
    /// that was itself merged contributes its own parts); empty for a run's snapshot.
    public var mergedParts: [MergedPart] = []
    /// A merged snapshot's completeness watermark: the earliest of its parts' watermarks, before
    /// which every part has read all its events (`Int64.min` when a part had none yet).
    public var completenessWatermarkMs = Int64.min
    /// A merged snapshot's tasks whose `calls_since_status` and `tokens_since_status` are not exact:
    /// their calls and latest status came from different parts (docs/snapshot-format.md).
    public var inexactTaskRuns = 0

    public init() {}

    public var isMerged: Bool { !mergedParts.isEmpty }

    public var hasWatermark: Bool { watermarkMs != Int64.min }
}
