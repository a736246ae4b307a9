import Testing
@testable import TallyCore

/// `Array.bucketSorted` sorts as the comparison sort does, whatever the buckets hold: about one
/// element each, none, or all of them in one.
@Suite struct BucketSortTests {
    static func random(_ count: Int, seed: UInt64) -> [UInt64] {
        var state = seed
        return (0..<count).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            return z ^ (z >> 27)
        }
    }

    @Test(arguments: [0, 1, 2, 33, 1_000, 50_000])
    func evenKeysComeOutSorted(count: Int) {
        let keys = Self.random(count, seed: UInt64(count))
        let bits = [UInt64].bucketBits(forCount: count, bitsMax: 20)
        let sorted = keys.bucketSorted(buckets: 1 << bits, bucket: { Int(truncatingIfNeeded: $0 >> (64 - bits)) }, by: <)
        #expect(sorted == keys.sorted())
    }

    /// All keys in one bucket (a comparison sort) or in a few of many (insertion sorts and empty buckets).
    @Test(arguments: [1, 4, 4_096])
    func crowdedAndEmptyBucketsComeOutSorted(buckets: Int) {
        let keys = Self.random(3_000, seed: 9).map { $0 % 100_000 }
        let sorted = keys.bucketSorted(buckets: buckets, bucket: { Int($0) * buckets / 100_000 }, by: <)
        #expect(sorted == keys.sorted())
    }

    /// Ties keep no particular order, but none is lost or repeated.
    @Test func tiesAreKept() {
        let keys = (0..<2_000).map { UInt64($0 % 7) }
        #expect(keys.bucketSorted(buckets: 7, bucket: { Int($0) }, by: <) == keys.sorted())
    }

    @Test func bucketBitsGiveAboutTwoKeysABucket() {
        #expect([UInt64].bucketBits(forCount: 0, bitsMax: 20) == 0)
        #expect([UInt64].bucketBits(forCount: 3, bitsMax: 20) == 0)
        #expect([UInt64].bucketBits(forCount: 4, bitsMax: 20) == 1)
        #expect([UInt64].bucketBits(forCount: 1 << 12, bitsMax: 20) == 11)
        #expect([UInt64].bucketBits(forCount: 1 << 30, bitsMax: 20) == 20)
    }
}
