import Glibc
import Testing
@testable import TallyCore
@testable import TallyStages

/// The slot pool: a key pays for the buckets it has, expired buckets go back to the pool and are
/// reused, and a cut's image, which shares the pool, stays as cut until its loan is released.
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
        feeder.shard.lend(into: &image, until: nil)
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
        feeder.shard.lend(into: &image, until: nil)
        let slots = try #require(ImageContents(image).keys["0/u"])
        #expect(slots.map(\.isHour) == [true, false])
        #expect(slots[0].fields[CounterSlot.inputTokens] == 5)
        #expect(slots[1].fields[CounterSlot.inputTokens] == 8)
    }

    @Test func aLentShardCountsNothingUntilItsLoanIsReleased() throws {
        let feeder = ShardFeeder(windows: try WindowSet(parsing: "1h,24h,7d"), keysMax: 100_000)
        feeder.feed((0..<5000).map { line("u\($0)", hour: 400_000 + Int64($0 % 30)) })
        let loan = Loan()
        var image = ShardImage()
        feeder.shard.lend(into: &image, until: loan.lend())
        let atCut = ImageContents(image)
        // The next batch, fed on another thread, waits for the loan: the image stays as cut.
        let fed = Loan()
        fed.lend()
        let next = (0..<5000).map { line("u\($0 * 7)", hour: 400_030 + Int64($0 % 50), tokens: 9) }
        let feeding = SystemThread(name: "test-feeder") {
            feeder.feed(next)
            fed.release()
        }
        for _ in 0..<20 where fed.isOut { usleep(10_000) }
        #expect(fed.isOut, "the shard counted while its image was lent")
        #expect(ImageContents(image) == atCut)
        loan.release()
        feeding.join()
        #expect(!fed.isOut)
        feeder.shard.lend(into: &image, until: nil)
        #expect(ImageContents(image) == ImageContents(liveStateOf: feeder.shard))
        #expect(ImageContents(image) != atCut)
    }

    @Test func aShardWaitsForItsOwnLendingNotTheNextCuts() throws {
        let feeder = ShardFeeder(windows: try WindowSet(parsing: "1h,24h"), keysMax: 1000)
        feeder.feed([line("u", hour: 400_000)])
        let loan = Loan()
        var image = ShardImage()
        feeder.shard.lend(into: &image, until: loan.lend())
        loan.release()
        // The next cut begins before the shard's next batch, which it ends: that batch must not wait
        // for the lending it is part of.
        loan.lend()
        let fed = Loan()
        fed.lend()
        let feeding = SystemThread(name: "test-feeder") {
            feeder.feed([line("u", hour: 400_001)])
            fed.release()
        }
        for _ in 0..<3_000 where fed.isOut { usleep(10_000) }
        #expect(!fed.isOut, "the shard waited for the cut its batch ends")
        loan.release()
        feeding.join()
    }

    @Test func imagesLentInTurnEachEqualTheShard() throws {
        let feeder = ShardFeeder(windows: try WindowSet(parsing: "1h,3h,2d"), keysMax: 100_000)
        var a = ShardImage(), b = ShardImage()
        // Runs of cuts into one image (keys copied from where it left off) and switches between images.
        for (round, target) in Array("aaabaabbaaab").enumerated() {
            feeder.feed((0..<2000).map { line("u\(($0 * 31 + round * 17) % 3000)", hour: 300_000 + Int64(round * 2 + $0 % 3)) })
            if target == "a" { feeder.shard.lend(into: &a, until: nil) } else { feeder.shard.lend(into: &b, until: nil) }
            #expect(ImageContents(target == "b" ? b : a) == ImageContents(liveStateOf: feeder.shard), "round \(round)")
        }
    }
}
