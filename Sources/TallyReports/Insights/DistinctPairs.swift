/// The distinct members of each group, from (group, member) pairs of `NameIDs` (small integers
/// from 0). A pair equal to the one before it (rows sorted by person repeat them) is dropped as it
/// comes; the rest are counted once all are in, without sorting or hashing a pair.
struct DistinctPairs {
    /// Group in the high half, member in the low half.
    private var pairs: [UInt64] = []
    private var groupMax: Int32 = -1
    private var memberMax: Int32 = -1

    mutating func insert(_ group: Int32, _ member: Int32) {
        precondition(group >= 0 && member >= 0, "pairs of name ids")
        let pair = UInt64(group) << 32 | UInt64(member)
        if pairs.last == pair { return }
        pairs.append(pair)
        groupMax = max(groupMax, group)
        memberMax = max(memberMax, member)
    }

    /// How many distinct members each group has; groups without any are absent.
    ///
    /// The pairs are put in group order (`Array.distributed`), then each group's members are
    /// counted once each by marking them with the group (`seenIn`).
    /// - Complexity: O(pairs + largest id).
    func counts() -> [Int32: Int] {
        guard groupMax >= 0 else { return [:] }
        let (byGroup, ends) = pairs.distributed(buckets: Int(groupMax) + 1) { Int($0 >> 32) }
        var seenIn = [Int32](repeating: -1, count: Int(memberMax) + 1)
        var counts: [Int32: Int] = [:]
        for g in 0..<Int(groupMax) + 1 where ends[g + 1] > ends[g] {
            var distinct = 0
            for pair in byGroup[ends[g]..<ends[g + 1]] where seenIn[Int(pair & 0xFFFF_FFFF)] != g {
                seenIn[Int(pair & 0xFFFF_FFFF)] = Int32(g)
                distinct += 1
            }
            counts[Int32(g)] = distinct
        }
        return counts
    }
}
