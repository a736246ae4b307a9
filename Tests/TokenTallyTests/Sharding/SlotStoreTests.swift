import Testing
@testable import TallyCore
@testable import TallyStages

/// The slot pool: a key pays for the buckets it has, expired buckets go back to the pool and are
/// reused, and staging copies what changed so that a kept image always equals a full copy.
@Suite struct SlotStoreTests {
    static let hour = Timestamp.msPerHour

    private func line(_ user: String, hour: Int64, tokens: Int = 1) -> String {
        #"{"ts":\#(hour * Self.hour + 1),"user":"\#(user)","model":"m","input_tokens":\#(tokens)}"#
    }

    @Test func aKeyHoldsSlotsOnlyForTheBucketsItHasEvents() throws {
        let feeder = ShardFeeder(windows: try WindowSet(parsing: "24h,30d"), keysMax: 1000)
        feeder.feed((0..<100).map { line("u\($0)", hour: 500_000) })
        // 100 users and one model, each with one hour and one day slot (not 54 each).
        #expect(feeder.shard.keyCount == 101)
        #expect(feeder.shard.slots.slotsInUse == 202)
        feeder.feed([line("u0", hour: 500_001), line("u0", hour: 500_002)])
        #expect(feeder.shard.slots.slotsInUse == 206)
    }

    @Test func expiredBucketsGoBackToThePoolAndAreReused() throws {
        let feeder = ShardFeeder(windows: try WindowSet(parsing: "2h"), keysMax: 10_000)
        let start: Int64 = 500_000
        feeder.feed((0..<100).map { line("a\($0)", hour: start) })
        let highWater = feeder.shard.slots.pool.count
        #expect(feeder.shard.slots.slotsInUse == 101)
        // Two hours later the same ring position gets a newer bucket: the old one's slots are freed
        // and other keys take them, so the pool does not grow.
        for round in 1...20 {
            feeder.feed((0..<100).map { line("b\(round)-\($0)", hour: start + 2 * Int64(round)) })
            #expect(feeder.shard.slots.slotsInUse == 101)
            #expect(feeder.shard.slots.pool.count == highWater)
        }
        var image = ShardImage()
        feeder.shard.copy(into: &image, shareCounters: false)
        let contents = ImageContents(image)
        #expect(contents.slotCount == 101)
        #expect(contents.keys["0/a7"] == [])
        #expect(contents.keys["0/b20-7"]?.map { $0.fields[CounterSlot.tag] } == [start + 40])
    }

    @Test func anEventForABucketARingOlderThanTheHeldOneIsNotCounted() throws {
        let feeder = ShardFeeder(windows: try WindowSet(parsing: "2h,1d"), keysMax: 1000)
        // u's hour 7 is two hours (a ring) behind hour 9 at the same position: past every hour
        // window when it arrives, so only its day counts it.
        feeder.feed([line("u", hour: 24 * 1000 + 9, tokens: 5), line("u", hour: 24 * 1000 + 7, tokens: 3)])
        var image = ShardImage()
        feeder.shard.copy(into: &image, shareCounters: false)
        let slots = try #require(ImageContents(image).keys["0/u"])
        #expect(slots.map(\.isHour) == [true, false])
        #expect(slots[0].fields[CounterSlot.inputTokens] == 5)
        #expect(slots[1].fields[CounterSlot.inputTokens] == 8)
    }

    @Test func aKeptImageStaysAsItWasCutUntilTheNextCut() throws {
        let feeder = ShardFeeder(windows: try WindowSet(parsing: "1h,24h,7d"), keysMax: 100_000)
        feeder.feed((0..<5000).map { line("u\($0)", hour: 400_000 + Int64($0 % 30)) })
        var image = ShardImage()
        feeder.shard.copy(into: &image, shareCounters: false)
        let atCut = ImageContents(image)
        feeder.feed((0..<5000).map { line("u\($0 * 7)", hour: 400_030 + Int64($0 % 50), tokens: 9) })
        #expect(ImageContents(image) == atCut)
        feeder.shard.copy(into: &image, shareCounters: false)
        #expect(ImageContents(image) == ImageContents(liveStateOf: feeder.shard))
        #expect(ImageContents(image) != atCut)
    }

    @Test func imagesCutInTurnAndAfterAFinalCutEachEqualTheShard() throws {
        let feeder = ShardFeeder(windows: try WindowSet(parsing: "1h,3h,2d"), keysMax: 100_000)
        var a = ShardImage(), b = ShardImage()
        // Runs of cuts into one image (incremental), switches between images (a full copy), and
        // final-style cuts that hand over the shard's buffers.
        for (round, target) in Array("aaabaabbsaaab").enumerated() {
            feeder.feed((0..<2000).map { line("u\(($0 * 31 + round * 17) % 3000)", hour: 300_000 + Int64(round * 2 + $0 % 3)) })
            switch target {
            case "a": feeder.shard.copy(into: &a, shareCounters: false)
            case "b": feeder.shard.copy(into: &b, shareCounters: false)
            default: feeder.shard.copy(into: &a, shareCounters: true)
            }
            #expect(ImageContents(target == "b" ? b : a) == ImageContents(liveStateOf: feeder.shard), "round \(round)")
        }
    }
}
