import Foundation
@testable import TallyIngest
@testable import TallyStages

/// A small organisation whose outcome, adoption, flag and badge figures are worked out by hand in
/// the comments below (not by the code under test). D is 2026-11-20 (UTC); the watermark is dave's
/// last call, D 05:39.
///
/// | who | team/org | what |
/// |---|---|---|
/// | alice | red/eng | T1: 3 calls of 100 tokens on D-2 10:00, 10:05, 10:10 (model m1, session s-a); T1 shipped by her on D-1 09:00 |
/// | bob | red/eng | T1: 1 call of 50 on D-1 08:00 (m2); T2 opened D 00:30, then 12 calls of 10, 20, ... 120 every 7 min from D 01:00 (m2); one call of 5 without task on D 02:00 (m3) |
/// | carol | red/eng | one call of 1,000 input + 10,000 cache read on D 03:00 (m1), no task |
/// | dave | blue/ops | T3: 40 calls of 1,000 input + 100 output every 60 s from D 05:00 (m1, session loop-1), no status |
/// | erin | blue/ops | T4: 2 calls of 20 on D-3 10:00 and 11:00 (m1), merged D-3 12:00; T5 shipped D-4 without AI calls |
enum InsightScenario {
    static let day = (2026, 11, 20)
    static func at(_ dayOffset: Int, _ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> Int64 {
        utcMs(day.0, day.1, day.2, hour, minute, second) + Int64(dayOffset) * 86_400_000
    }

    static func usage(
        _ ts: Int64, _ user: String, _ team: String, _ org: String, model: String, task: String? = nil,
        session: String? = nil, input: Int = 0, output: Int = 0, cacheRead: Int = 0
    ) -> String {
        var fields = [
            "\"ts\":\(ts)", "\"user\":\"\(user)\"", "\"team\":\"\(team)\"", "\"org\":\"\(org)\"", "\"model\":\"\(model)\"",
            "\"tool\":\"claude-code\"", "\"input_tokens\":\(input)", "\"output_tokens\":\(output)",
            "\"cache_read_tokens\":\(cacheRead)",
        ]
        if let task { fields.append("\"task\":\"\(task)\"") }
        if let session { fields.append("\"session\":\"\(session)\"") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func outcome(_ ts: Int64, _ user: String, _ team: String, _ org: String, task: String, status: String) -> String {
        "{\"kind\":\"outcome\",\"ts\":\(ts),\"user\":\"\(user)\",\"team\":\"\(team)\",\"org\":\"\(org)\",\"task\":\"\(task)\",\"status\":\"\(status)\"}"
    }

    static var lines: [String] {
        var lines: [String] = []
        for m in [0, 5, 10] {
            lines.append(usage(at(-2, 10, m), "alice", "red", "eng", model: "m1", task: "T1", session: "s-a", input: 100))
        }
        lines.append(outcome(at(-1, 9), "alice", "red", "eng", task: "T1", status: "shipped"))
        lines.append(usage(at(-1, 8), "bob", "red", "eng", model: "m2", task: "T1", input: 50))
        lines.append(outcome(at(0, 0, 30), "bob", "red", "eng", task: "T2", status: "opened"))
        for i in 0..<12 {
            lines.append(usage(at(0, 1, 7 * i), "bob", "red", "eng", model: "m2", task: "T2", input: 10 * (i + 1)))
        }
        lines.append(usage(at(0, 2), "bob", "red", "eng", model: "m3", input: 5))
        lines.append(usage(at(0, 3), "carol", "red", "eng", model: "m1", input: 1000, cacheRead: 10_000))
        for i in 0..<40 {
            lines.append(usage(at(0, 5, i), "dave", "blue", "ops", model: "m1", task: "T3", session: "loop-1", input: 1000, output: 100))
        }
        lines.append(usage(at(-3, 10), "erin", "blue", "ops", model: "m1", task: "T4", input: 20))
        lines.append(usage(at(-3, 11), "erin", "blue", "ops", model: "m1", task: "T4", input: 20))
        lines.append(outcome(at(-3, 12), "erin", "blue", "ops", task: "T4", status: "merged"))
        lines.append(outcome(at(-4, 9), "erin", "blue", "ops", task: "T5", status: "shipped"))
        return lines
    }

    static func ingest(_ workspace: TestWorkspace = TestWorkspace(), configure: (inout IngestConfiguration) -> Void = { _ in })
        throws -> SnapshotFile
    {
        try workspace.ingest([workspace.write("scenario.ndjson", lines: lines)], configure: configure).1
    }
}
