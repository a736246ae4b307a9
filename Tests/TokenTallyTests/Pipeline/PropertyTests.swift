import Foundation
import Testing
@testable import TallyCore
@testable import TallyStages
@testable import TallyWorkload

/// Properties that must hold for every input, checked over random variations of one input:
/// - any split into chunks, any zstd frame layout, any number of decode threads and of counter and
///   insights shards give the same state (every total, every bucket, every counter, every insights
///   record);
/// - any order of the events that keeps each of them within the late bound gives the same final
///   state as time order.
@Suite struct PropertyTests {
    /// The state a snapshot holds, without what legitimately differs (file identity, creation time).
    struct State: Equatable, Sendable {
        var totals: [SnapshotTotal]
        var buckets: [String]
        var counters: IngestCounters
        var watermarkMs: Int64
        var insights: InsightRows
    }

    /// The insights records without what depends on arrival order by design: runs of calls since
    /// a status change, idle-loop streaks, and where sessions end (a late call after its session
    /// closed starts a new one) (docs/insights.md).
    static func orderFree(_ state: State) -> State {
        var s = state
        for i in s.insights.tasks.indices {
            s.insights.tasks[i].callsSinceStatus = 0
            s.insights.tasks[i].tokensSinceStatus = 0
        }
        s.insights.sessions = []
        s.insights.closedSessions = []
        s.insights.loops = []
        return s
    }

    static func state(_ snapshot: SnapshotFile) throws -> State {
        var buckets: [String] = []
        try snapshot.forEachBucketRow { row in
            buckets.append("\(row.dimension) \(String(decoding: row.key, as: UTF8.self)) \(row.hours) \(row.days)")
        }
        return State(totals: try snapshot.totals(), buckets: buckets, counters: snapshot.header.counters,
                     watermarkMs: snapshot.header.watermarkMs, insights: try snapshot.insightRows())
    }

    static func generated(events: Int, days: Int, seed: UInt64) throws -> [String] {
        var bytes: [UInt8] = []
        try WorkloadGenerator(config: WorkloadConfig(events: events, users: 200, days: days, seed: seed)).generate {
            bytes.append(contentsOf: $0)
        }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// One input shared by every case of a property, and the state one plain ingest of it gives:
    /// made once per run rather than once per case (an ingest takes seconds under a sanitizer).
    struct Reference: Sendable {
        var lines: [String]
        var state: State
    }

    /// 6,000 events over 40 days, ingested from one plain file.
    static let plainReference = Result { () throws -> Reference in
        let lines = try generated(events: 6000, days: 40, seed: 5)
        let workspace = TestWorkspace()
        let file = workspace.write("plain.ndjson", Array(lines.map { $0 + "\n" }.joined().utf8))
        return Reference(lines: lines, state: try state(workspace.ingest([file]).1))
    }

    /// 5,000 events over 20 days (none can be late in a 30-day window) ingested in time order, with
    /// what depends on arrival order left out.
    static let timeOrderReference = Result { () throws -> Reference in
        let lines = try generated(events: 5000, days: 20, seed: 8)
        let timed = lines.map { line -> (Int64, String) in
            let ts = JSONValue.parse(line)!["ts"]!
            if let ms = ts.int64 { return (ms, line) }
            let text = Array(ts.string!.utf8)
            return (text.withUnsafeBufferPointer { Timestamp.parseRFC3339($0.baseAddress!, count: $0.count)! }, line)
        }
        let sorted = timed.sorted { $0.0 < $1.0 }.map(\.1)
        return Reference(lines: lines, state: orderFree(try state(TestWorkspace().ingest(lines: sorted).1)))
    }

    @Test(arguments: 1...6 as ClosedRange<UInt64>)
    func chunkingFramingAndDecodeThreadsDoNotChangeTheState(seed: UInt64) throws {
        let plain = try Self.plainReference.get()
        let text = Array(plain.lines.map { $0 + "\n" }.joined().utf8)
        let reference = plain.state

        var random = SplitMix64(seed: seed)
        // Random frame sizes, some of unknown size, skippable frames here and there.
        var stream: [UInt8] = []
        var offset = 0
        while offset < text.count {
            let size = 1 + random.next(below: 60_000)
            let piece = Array(text[offset..<min(offset + size, text.count)])
            stream += random.next(below: 3) == 0 ? try FrameLayouts.unknownSizeFrame(piece) : try ZstdEncoder.compress(piece)
            if random.next(below: 4) == 0 { stream += FrameLayouts.skippable(random.next(below: 100)) }
            offset += size
        }
        let chunkBytes = 4096 + random.next(below: 100_000)
        let threads = random.next(below: 4)
        let insightShards = 1 + random.next(below: 9)
        let other = TestWorkspace()
        let (summary, snapshot) = try other.ingest(
            [other.write("frames.zst", stream)], workers: 1 + random.next(below: 3), shards: 1 + random.next(below: 20),
            chunkBytes: chunkBytes, decodeThreads: threads, configure: { $0.insightShardCount = insightShards })
        #expect(summary.error == nil)
        #expect(try Self.state(snapshot) == reference,
                "chunk \(chunkBytes) bytes, \(threads) decode threads, \(insightShards) insights shards")
    }

    @Test(arguments: 1...5 as ClosedRange<UInt64>)
    func anyOrderWithinTheLateBoundGivesTheStateOfTimeOrder(seed: UInt64) throws {
        let timeOrder = try Self.timeOrderReference.get()
        let reference = timeOrder.state
        #expect(reference.counters.lateEvents == 0)
        #expect(!reference.insights.work.isEmpty && !reference.insights.tasks.isEmpty)

        var random = SplitMix64(seed: seed)
        var shuffled = timeOrder.lines
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, random.next(below: i + 1)) }
        let (_, snapshot) = try TestWorkspace().ingest(lines: shuffled)
        #expect(try Self.orderFree(Self.state(snapshot)) == reference)
    }
}
