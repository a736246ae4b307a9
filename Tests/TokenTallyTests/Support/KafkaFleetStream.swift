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
/// An instance that reads several partitions sees some people's events ahead of others', but
/// never past the newest event produced so far. A session ends once the watermark passes its last
/// call by 4 hours (`SessionRecord.idleMsMax`), so a call at most 4 hours after its session's
/// previous one, which lies more than 4 hours before the newest event produced so far, continues
/// its session in one run over the file (whose watermark at that call is the call's own time, give
/// or take the generator's minutes of disorder) but may start a new one in an instance that read
/// ahead (docs/snapshot-format.md, "What the watermark decided on arrival"). The stream avoids such
/// calls: each one, and the calls of its session after it, move to a session of a new name (a call
/// without a session gets one), so every session ends alike in any order of arrival. The shorter
/// the slices' span of event time, the fewer calls move: with 16 slices of 2 days, about one in
/// eight calls that continue a named session.
struct KafkaFleetStream {
    /// Each slice's lines, keyed by the unescaped user id: `user:line`.
    let slices: [[String]]

    init(_ workspace: TestWorkspace, events: Int, slices count: Int, seed: Int) throws {
        let gen = try BinaryRunner.run(["gen", "--events", String(events), "--users", "1000", "--days", "2",
                                        "--people-per-task", "1", "--seed", String(seed)], in: workspace)
        #expect(gen.status == 0, "gen: \(gen.stderr)")
        let lines = gen.stdoutText.split(separator: "\n").map(String.init)
        var lastCallMs: [String: Int64] = [:]  // by user and session name (as generated)
        var renames: [String: Int] = [:]
        var newestMs = Int64.min
        slices = try (0..<count).map { slice in
            let events = try lines[lines.count * slice / count..<lines.count * (slice + 1) / count].map { line in
                let event = try #require(JSONValue.parse(line))
                return (line: line, event: event, ms: try Self.timeMs(event))
            }
            newestMs = events.reduce(newestMs) { max($0, $1.ms) }
            return try events.map { e in
                let (line, ms) = (e.line, e.ms)
                let user = try #require(e.event["user"]?.string)
                guard e.event["kind"]?.string != "outcome" else { return user + ":" + line }
                let session = e.event["session"]?.string
                let key = user + "\u{1F}" + (session ?? "")
                let idle = SessionRecord.idleMsMax
                if let last = lastCallMs[key], last >= ms - idle, last < newestMs - idle {
                    renames[key, default: 0] += 1
                    lastCallMs[key] = ms
                } else {
                    lastCallMs[key] = max(lastCallMs[key] ?? ms, ms)
                }
                return user + ":" + (renames[key].map { Self.line(line, session: session, renamed: $0) } ?? line)
            }
        }
    }

    /// The event's `ts`: epoch milliseconds or RFC 3339.
    private static func timeMs(_ event: JSONValue) throws -> Int64 {
        let ts = try #require(event["ts"])
        if let ms = ts.int64 { return ms }
        let text = Array(try #require(ts.string).utf8)
        return try #require(text.withUnsafeBufferPointer { Timestamp.parseRFC3339($0.baseAddress!, count: $0.count) })
    }

    /// `line` with its session named `SESSION~N` (`~N` when it had none). Generated session names
    /// have no escapes and no `~`.
    private static func line(_ line: String, session: String?, renamed n: Int) -> String {
        guard let session else { return "{\"session\":\"~\(n)\"," + line.dropFirst() }
        return line.replacingOccurrences(of: "\"session\":\"\(session)\"", with: "\"session\":\"\(session)~\(n)\"")
    }
}
