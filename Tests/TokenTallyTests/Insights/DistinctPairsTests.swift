import Testing
@testable import TallyReports
@testable import TallyWorkload

/// `DistinctPairs` counts each group's distinct members as a set of pairs would.
@Suite struct DistinctPairsTests {
    /// The oracle: a set of pairs, counted by group.
    static func setCounts(_ pairs: [(Int32, Int32)]) -> [Int32: Int] {
        var seen = Set<[Int32]>()
        var counts: [Int32: Int] = [:]
        for (g, m) in pairs where seen.insert([g, m]).inserted { counts[g, default: 0] += 1 }
        return counts
    }

    static func counted(_ pairs: [(Int32, Int32)]) -> [Int32: Int] {
        var distinct = DistinctPairs()
        for (g, m) in pairs { distinct.insert(g, m) }
        return distinct.counts()
    }

    @Test func noPairsNoGroups() {
        #expect(DistinctPairs().counts().isEmpty)
    }

    @Test func repeatsAnywhereCountOnce() {
        let pairs: [(Int32, Int32)] = [(3, 7), (3, 7), (0, 7), (3, 1), (3, 7), (9, 0), (0, 7), (3, 1)]
        #expect(Self.counted(pairs) == [3: 2, 0: 1, 9: 1])
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func randomPairsCountAsASetDoes(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        // Few groups with many members and many groups with few, runs of one pair, sparse ids.
        let pairs: [(Int32, Int32)] = (0..<20_000).flatMap { _ -> [(Int32, Int32)] in
            let group = Int32(random.next(below: random.next(below: 2) == 0 ? 5 : 50_000))
            let member = Int32(random.next(below: 3_000)) * 7
            return Array(repeating: (group, member), count: 1 + random.next(below: 3))
        }
        #expect(Self.counted(pairs) == Self.setCounts(pairs))
    }
}
