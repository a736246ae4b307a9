import Foundation
import Testing
@testable import TallyCore
@testable import TallyStages

/// The fleet test's stream (KafkaFleetTests): a realistic generated stream over 2 days (hour
/// buckets leave the 24-hour ring; no event can be late), one person per task (so that no task's
/// run since its status depends on which instance saw what first), cut in file order into slices
/// of `user:line` lines for kcat. The test produces one slice at a time and lets every instance
/// read it to its end before it produces the next.
///
/// An instance that reads several partitions sees some people's events ahead of others' (by up to
/// a slice's 3 hours of event time, and far more while a broker is down): the stream leaves sessions
/// as generated, and their ends must not depend on that (sessions close against their partition's
/// clock, docs/insights.md, "Order").
struct KafkaFleetStream {
    /// Each slice's lines, keyed by the unescaped user id: `user:line`.
    let slices: [[String]]

    init(_ workspace: TestWorkspace, events: Int, slices count: Int, seed: Int) throws {
        let gen = try BinaryRunner.run(["gen", "--events", String(events), "--users", "1000", "--days", "2",
                                        "--people-per-task", "1", "--seed", String(seed)], in: workspace)
        #expect(gen.status == 0, "gen: \(gen.stderr)")
        let lines = gen.stdoutText.split(separator: "\n").map(String.init)
        slices = try (0..<count).map { slice in
            try lines[lines.count * slice / count..<lines.count * (slice + 1) / count].map { line in
                let event = try #require(JSONValue.parse(line))
                return try #require(event["user"]?.string) + ":" + line
            }
        }
    }
}
