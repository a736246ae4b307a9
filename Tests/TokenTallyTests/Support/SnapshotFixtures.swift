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
}
