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
        shard.lend(into: &image, until: nil)
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
        #expect(encoded.section.version == 3)
        try CounterShard.decodeSection(try uncompressedPayload(encoded), rows: encoded.section.rows, version: 3, path: "test") { row in
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

    /// Versions 1 (columns back to back, written until 2026-12-06) and 2 (byte planes, the cost
    /// whole) read back as the same keys and buckets as version 3, and versions 1 and 2 differ
    /// only in layout.
    @Test func olderVersionsReadAsVersion3Does() throws {
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
        let old = try rows(1), planes = try rows(2), new = try rows(3)
        #expect(old.count == 4 && old == new && planes == new)
        #expect(old.contains { $0.hasPrefix("user alice [[") })
        let v1 = try uncompressedPayload(try Self.section(of: feeder.shard, watermarkMs: watermarkMs, version: 1))
        let v2 = try uncompressedPayload(try Self.section(of: feeder.shard, watermarkMs: watermarkMs, version: 2))
        #expect(v1.count == v2.count && v1 != v2 && v1.sorted() == v2.sorted())
    }

    @Test(arguments: [1, 2, 3]) func aDamagedSectionGivesTheCountersError(version: Int) throws {
        let encoded = try Self.section(of: Self.fedShard().shard, watermarkMs: Self.fedShard().sequencer.watermarkMs, version: version)
        let payload = try uncompressedPayload(encoded)
        func refusal(_ payload: [UInt8], rows: Int) -> String? {
            do {
                try CounterShard.decodeSection(payload, rows: rows, version: version, path: "test") { _ in }
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

    // MARK: Costs at their extremes

    static let extremeWatermarkMs = utcMs(2026, 11, 3, 12, 30)
    static let extremeHour = Timestamp.floorDiv(extremeWatermarkMs, Timestamp.msPerHour)
    static let extremeDay = Timestamp.floorDiv(extremeWatermarkMs, Timestamp.msPerDay)

    /// One user's live buckets, oldest hour first, then the day: cost and estimated cost saturated,
    /// zero, one without the other, and in between; token counts at the extremes too. As the
    /// section holds them: tag, four token counts, events and outcomes packed (outcomes << 40 |
    /// events), cost, estimated cost.
    static let extremeHours: [[Int64]] = [
        [extremeHour - 5, .max, 0, 1, .max, 1 << 40 | 3, .max, .max],
        [extremeHour - 4, 10, 20, 30, 40, 2, .max, 0],
        [extremeHour - 3, 0, 0, 0, 0, 1, 0, 0],
        [extremeHour - 2, 5, 0, 0, 0, 1, 0, .max],
        [extremeHour - 1, 7, 8, 9, 10, 4, 123_456_789, 100_000_000],
        [extremeHour, 1, 1, 1, 1, 1, .max, 7],
    ]
    static let extremeDays: [[Int64]] = [[extremeDay, .max, .max, .max, .max, 5, 5, 0]]

    static func extremeShard() throws -> CounterShard {
        let shard = try #require(CounterShard(windows: windows, keysMax: 10))
        let restored = Array("alice".utf8).withUnsafeBytes { key in
            shard.restore(key: key, dimension: 0, hash: KeyHash.hash(key, dimension: 0), hours: extremeHours, days: extremeDays)
        }
        #expect(restored)
        return shard
    }

    /// Column `column` (0 to 8) of the bucket columns of a one-block payload of byte planes with
    /// one key of `keyBytes` bytes and `buckets` buckets, read as docs/snapshot-format.md lays it
    /// out: value i's byte b at b * buckets + i of the column.
    static func bucketColumn(_ payload: [UInt8], _ column: Int, keyBytes: Int, buckets: Int) -> [Int64] {
        let start = 4 + 13 + keyBytes + column * 8 * buckets
        return (0..<buckets).map { i in
            Int64(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(payload[start + $1 * buckets + i]) << (8 * $1) })
        }
    }

    /// Every version gives back each bucket exactly, saturated costs included; version 3 stores
    /// the cost less its estimated part, wrapping, and version 2 the cost whole.
    @Test func extremeCostsRoundTripInEveryVersion() throws {
        let shard = try Self.extremeShard()
        for version in 1...3 {
            let encoded = try Self.section(of: shard, watermarkMs: Self.extremeWatermarkMs, version: version)
            var rows: [SnapshotFile.BucketRow] = []
            try CounterShard.decodeSection(try uncompressedPayload(encoded), rows: encoded.section.rows, version: version, path: "test") {
                rows.append($0)
            }
            #expect(rows.count == 1, "version \(version)")
            #expect(rows.first?.dimension == .user && rows.first?.key == Array("alice".utf8))
            #expect(rows.first?.hours == Self.extremeHours, "version \(version)")
            #expect(rows.first?.days == Self.extremeDays, "version \(version)")
        }
        let v2 = try uncompressedPayload(try Self.section(of: shard, watermarkMs: Self.extremeWatermarkMs, version: 2))
        let v3 = try uncompressedPayload(try Self.section(of: shard, watermarkMs: Self.extremeWatermarkMs, version: 3))
        #expect(Self.bucketColumn(v2, 7, keyBytes: 5, buckets: 7) == [.max, .max, 0, 0, 123_456_789, .max, 5])
        #expect(Self.bucketColumn(v3, 7, keyBytes: 5, buckets: 7) == [0, .max, 0, .min + 1, 23_456_789, .max - 7, 5])
        #expect(Self.bucketColumn(v3, 8, keyBytes: 5, buckets: 7) == [.max, 0, 0, .max, 100_000_000, 7, 0])
        // Nothing else differs: the columns before the cost's, and the estimated cost's after it.
        let cost = v2.count - 2 * 8 * 7, estimated = v2.count - 8 * 7
        #expect(v2.count == v3.count && v2[..<cost] == v3[..<cost] && v2[estimated...] == v3[estimated...])
    }

    /// A version 3 cost that adds back to a negative one is damage, refused as a negative count.
    @Test func aVersion3CostThatAddsBackNegativeIsRefused() throws {
        let encoded = try Self.section(of: try Self.extremeShard(), watermarkMs: Self.extremeWatermarkMs, version: 3)
        var payload = try uncompressedPayload(encoded)
        // The third bucket's stored cost (its estimated cost is 0) set to -1.
        let start = 4 + 13 + 5 + 7 * 8 * 7
        for b in 0..<8 { payload[start + b * 7 + 2] = 0xFF }
        #expect(Self.bucketColumn(payload, 7, keyBytes: 5, buckets: 7)[2] == -1)
        #expect {
            try CounterShard.decodeSection(payload, rows: encoded.section.rows, version: 3, path: "test") { _ in }
        } throws: { error in
            "\(error)".contains("the counters section: a negative or oversized count in the buckets of key 0")
        }
    }
}
