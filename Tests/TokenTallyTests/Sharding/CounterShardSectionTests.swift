import Testing
@testable import TallyCore
@testable import TallySnapshot
@testable import TallyStages

/// The counter shard's section alone, without a snapshot file: a shard's capture encodes to a
/// section, which restores into a fresh shard that captures to the same bytes; damage is refused
/// with the section's error.
@Suite struct CounterShardSectionTests {
    static let windows = try! WindowSet(parsing: WindowSet.defaultList)

    /// Two users and a team over three days: hour and day buckets, some outside the hour ring.
    static func fedShard() -> ShardFeeder {
        let feeder = ShardFeeder(windows: windows, keysMax: 1_000)
        feeder.feed((0..<30).map { i in
            usageLine(utcMs(2026, 11, 1 + i / 10, i % 24, i), user: i % 3 == 0 ? "alice" : "bob", team: "red", tokens: 10 + i)
        })
        return feeder
    }

    /// The shard's section at `watermarkMs`, as the writer encodes it.
    static func section(
        of shard: CounterShard, watermarkMs: Int64, version: Int = CounterShard.section.currentVersion
    ) throws -> SnapshotSectionJob.Encoded {
        var image = ShardImage()
        shard.copy(into: &image, shareCounters: false)
        var header = SnapshotHeader()
        header.windows = windows.windows
        header.watermarkMs = watermarkMs
        return try CounterShard.encodeSection([image], keys: SnapshotWriter.sortedKeys([image]), header: header, level: 1, version: version)
    }

    @Test func aRestoredShardCapturesTheSameSection() throws {
        let feeder = Self.fedShard()
        let watermarkMs = feeder.sequencer.watermarkMs
        let encoded = try Self.section(of: feeder.shard, watermarkMs: watermarkMs)
        #expect(encoded.section.kind == CounterShard.section)
        #expect(encoded.section.rows == 4)  // alice, bob, red, model m

        let fresh = try #require(CounterShard(windows: Self.windows, keysMax: 1_000))
        try CounterShard.decodeSection(try uncompressedPayload(encoded), rows: encoded.section.rows, version: 2, path: "test") { row in
            let d = row.dimension.rawValue
            let restored = row.key.withUnsafeBytes { key in
                fresh.restore(key: key, dimension: d, hash: KeyHash.hash(key, dimension: d), hours: row.hours, days: row.days)
            }
            #expect(restored)
        }
        let again = try Self.section(of: fresh, watermarkMs: watermarkMs)
        #expect(again.payload == encoded.payload)
        #expect(again.section == encoded.section)
    }

    /// Version 1 (columns back to back, written until 2026-12-06) reads back as the same keys and
    /// buckets as version 2 (byte planes), and the two payloads differ only in layout.
    @Test func version1ReadsAsVersion2Does() throws {
        let feeder = Self.fedShard()
        let watermarkMs = feeder.sequencer.watermarkMs
        func rows(_ version: Int) throws -> [String] {
            let encoded = try Self.section(of: feeder.shard, watermarkMs: watermarkMs, version: version)
            #expect(encoded.section.version == version)
            var rows: [String] = []
            try CounterShard.decodeSection(try uncompressedPayload(encoded), rows: encoded.section.rows, version: version, path: "test") {
                rows.append("\($0.dimension) \(String(decoding: $0.key, as: UTF8.self)) \($0.hours) \($0.days)")
            }
            return rows
        }
        let old = try rows(1), new = try rows(2)
        #expect(old.count == 4 && old == new)
        #expect(old.contains { $0.hasPrefix("user alice [[") })
        let v1 = try uncompressedPayload(try Self.section(of: feeder.shard, watermarkMs: watermarkMs, version: 1))
        let v2 = try uncompressedPayload(try Self.section(of: feeder.shard, watermarkMs: watermarkMs, version: 2))
        #expect(v1.count == v2.count && v1 != v2 && v1.sorted() == v2.sorted())
    }

    @Test func aDamagedSectionGivesTheCountersError() throws {
        let encoded = try Self.section(of: Self.fedShard().shard, watermarkMs: Self.fedShard().sequencer.watermarkMs)
        let payload = try uncompressedPayload(encoded)
        func refusal(_ payload: [UInt8], rows: Int) -> String? {
            do {
                try CounterShard.decodeSection(payload, rows: rows, version: 2, path: "test") { _ in }
                return nil
            } catch {
                return error.description
            }
        }
        #expect(refusal(payload, rows: encoded.section.rows) == nil)
        // Every truncation: a column that ends early, or fewer keys than the row count.
        for end in 0..<payload.count {
            #expect(refusal(Array(payload[..<end]), rows: encoded.section.rows)?.contains("the counters section") == true, "\(end) bytes")
        }
        var hostile = payload
        hostile.replaceSubrange(0..<4, with: [0xFF, 0xFF, 0xFF, 0x7F])  // the block's key count
        #expect(refusal(hostile, rows: encoded.section.rows)?.contains("more than its bytes can hold") == true)
        #expect(refusal(payload, rows: encoded.section.rows + 1)?.contains("holds 4 keys") == true)
    }
}
