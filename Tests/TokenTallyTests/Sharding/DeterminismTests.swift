import Foundation
import Testing
@testable import TallyIngest
@testable import TallySnapshot
@testable import TallyWorkload

/// The same input gives the same snapshot content whatever the number of workers, shards and the
/// chunk size: parallelism must not change a single number.
@Suite struct DeterminismTests {
    @Test func snapshotContentDoesNotDependOnParallelism() throws {
        var generated: [UInt8] = []
        try WorkloadGenerator(config: WorkloadConfig(events: 20_000, users: 300, days: 40, seed: 21)).generate {
            generated.append(contentsOf: $0)
        }
        generated += Array("not json\n{\"ts\":1,\"user\":\"late\",\"model\":\"m\"}\n".utf8)
        let workspace = TestWorkspace()
        let input = workspace.write("in.ndjson", generated)
        var contents: [[String]] = []
        for (run, (workers, shards, chunk)) in [(1, 1, 1 << 20), (2, 16, 4096), (3, 7, 10_000), (2, 64, 65_536)].enumerated() {
            let directory = workspace.path + "/snapshots-\(run)"
            var configuration = IngestConfiguration()
            configuration.inputs = [.file(input)]
            configuration.snapshotDirectory = directory
            configuration.snapshotEveryMs = 0
            configuration.workerCount = workers
            configuration.shardCount = shards
            configuration.chunkBytes = chunk
            let summary = try IngestPipeline(configuration: configuration).run()
            #expect(summary.error == nil)
            #expect(summary.counters.lateEvents == 1)
            let file = directory + "/" + SnapshotDirectory(path: "").fileName(sequence: 1)
            // Everything but the creation time must be identical: the summary and every section.
            let text = try snapshotText(file)
            contents.append(text.split(separator: "\n").map {
                String($0).replacing(/"created_at(_ms)?":("[^"]*"|\d+),/, with: "")
                    .replacing(/"xxh64":"[0-9a-f]+"/, with: "")
            })
        }
        for other in contents.dropFirst() {
            #expect(other.count == contents[0].count)
            let differing = zip(other, contents[0]).filter { $0 != $1 }.prefix(2).map(\.0)
            #expect(differing.isEmpty, "first differing lines: \(differing)")
        }
    }
}
