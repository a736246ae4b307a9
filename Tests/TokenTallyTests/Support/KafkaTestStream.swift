import Foundation
import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// A generated stream over a few days (so that no event is late in any order the partitions are
/// read in), its lines keyed by user in a file for kcat, and the file ingest of the same lines.
/// The mock keeps only about the last 5 MB of each partition: streams stay well below that.
struct KafkaTestStream {
    let lines: String
    let keyed: String
    let reference: SnapshotFile

    init(_ workspace: TestWorkspace, events: Int, seed: Int) throws {
        let gen = try BinaryRunner.run(
            ["gen", "--events", String(events), "--users", "2000", "--days", "3", "--seed", String(seed)], in: workspace)
        #expect(gen.status == 0)
        lines = workspace.write("events.ndjson", [UInt8](gen.stdout))
        keyed = workspace.write("keyed.txt", lines: try keyedByUser(gen.stdout))
        let run = try BinaryRunner.run(
            ["ingest", "--snapshot-dir", workspace.path + "/file-snapshots", "--quiet", "--prices", "none", lines], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        reference = try SnapshotLocator.open(workspace.path + "/file-snapshots") { _ in }
    }
}
