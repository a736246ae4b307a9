import Foundation

/// Version 1 snapshots written by tokentally before version 2 (main at a842922), and their input
/// (Tests/Fixtures/snapshots-v1): `half` after `events.ndjson`'s first 300 of 600 lines, `full` after
/// all of them, each run as `ingest events.ndjson --snapshot-dir snaps --prices none` in the input's directory.
enum SnapshotFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/snapshots-v1").path
    static let events = directory + "/events.ndjson"
    static let v1Half = directory + "/half.ndjson.zst"
    static let v1Full = directory + "/full.ndjson.zst"

    /// Version 2 files of the same input with the section layouts written until 2026-12-06 (counters
    /// 2, dedup 1, insights 3; main at bb2e77e), run the same way (Tests/Fixtures/snapshots-v2).
    static let earlierSectionsDirectory = URL(fileURLWithPath: directory).deletingLastPathComponent()
        .appendingPathComponent("snapshots-v2").path
    static let earlierSectionsHalf = earlierSectionsDirectory + "/half.ndjson.zst"
    static let earlierSectionsFull = earlierSectionsDirectory + "/full.ndjson.zst"
}
