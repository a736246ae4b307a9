import Foundation
import Testing

/// A realistic generated stream split by a hash of the user id into part files, as a Kafka producer
/// keyed by person splits it, for the tests of `merge` and of readers that merge several parts.
struct PersonSplitStream {
    /// The whole stream's file.
    let whole: String
    /// One file per part.
    let parts: [String]
    /// The tasks that people of more than one part worked on.
    let sharedTasks: Set<String>

    init(_ workspace: TestWorkspace, events: Int, parts: Int, _ extra: [String] = []) throws {
        let gen = try BinaryRunner.run(["gen", "--profile", "realistic", "--events", String(events), "--users", "400",
                                        "--days", "35", "--seed", "7"] + extra, in: workspace)
        #expect(gen.status == 0, "gen: \(gen.stderr)")
        var files = [[UInt8]](repeating: [], count: parts)
        var partsOfTask: [String: Set<Int>] = [:]
        for line in gen.stdout.split(separator: 0x0A) {
            // The user id unescaped (the generator escapes some), as a Kafka producer keys by it.
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let user = try #require(event["user"] as? String)
            // FNV-1a: any stable hash of the user id, like a Kafka producer's key partitioner.
            let hash = user.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
            let part = Int(hash % UInt64(parts))
            files[part] += Array(line) + [0x0A]
            if let task = event["task"] as? String { partsOfTask[task, default: []].insert(part) }
        }
        whole = workspace.write("whole.ndjson", [UInt8](gen.stdout))
        self.parts = files.enumerated().map { workspace.write("part-\($0.offset).ndjson", $0.element) }
        sharedTasks = Set(partsOfTask.filter { $0.value.count > 1 }.keys)
    }

    /// Ingests `input` into the snapshot directory `directory`, with the leaderboard allowed so that
    /// every reader reads it.
    static func ingest(_ input: String, into directory: String, _ workspace: TestWorkspace, _ extra: [String] = []) throws {
        let run = try BinaryRunner.run(["ingest", "--quiet", "--allow-leaderboard", "--snapshot-dir", directory, input] + extra,
                                       in: workspace)
        #expect(run.status == 0, "ingest \(input): \(run.stderr)")
    }

    /// Ingests each part into a directory of its own (`instances`), optionally the whole into
    /// `single`, and merges the parts into `merged` with `tokentally merge`.
    func ingestAndMerge(_ workspace: TestWorkspace, single: Bool = true) throws -> (single: String, instances: [String], merged: String) {
        let singleDirectory = workspace.path + "/single"
        if single { try Self.ingest(whole, into: singleDirectory, workspace) }
        let directories = parts.indices.map { workspace.path + "/instance-\($0)" }
        for (part, directory) in zip(parts, directories) { try Self.ingest(part, into: directory, workspace) }
        let merged = workspace.path + "/merged"
        let merge = try BinaryRunner.run(["merge"] + directories + ["-o", merged], in: workspace)
        #expect(merge.status == 0, "merge: \(merge.stderr)")
        return (singleDirectory, directories, merged)
    }
}
