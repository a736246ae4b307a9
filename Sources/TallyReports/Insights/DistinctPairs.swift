/// The distinct members of each group, from (group, member) pairs of `NameIDs` (small integers
/// from 0). A pair equal to the one before it (rows sorted by person repeat them) is dropped as it
/// comes; the rest are counted once all are in, without sorting or hashing a pair.
struct DistinctPairs {
    private var groups: [Int32] = []
    private var members: [Int32] = []
    private var groupMax: Int32 = -1
    private var memberMax: Int32 = -1

    mutating func insert(_ group: Int32, _ member: Int32) {
        precondition(group >= 0 && member >= 0, "pairs of name ids")
        if groups.last == group && members.last == member { return }
        groups.append(group)
        members.append(member)
        groupMax = max(groupMax, group)
        memberMax = max(memberMax, member)
    }

    /// How many distinct members each group has; groups without any are absent.
    ///
    /// The pairs are put in group order by a counting sort, then each group's members are counted
    /// once each by marking them with the group (`seenIn`).
    /// - Complexity: O(pairs + largest id).
    func counts() -> [Int32: Int] {
        var ends = [Int](repeating: 0, count: Int(groupMax) + 2)
        for g in groups { ends[Int(g) + 1] += 1 }
        for g in ends.indices.dropFirst() { ends[g] += ends[g - 1] }
        var next = ends
        var byGroup = [Int32](repeating: 0, count: members.count)
        for (g, m) in zip(groups, members) {
            byGroup[next[Int(g)]] = m
            next[Int(g)] += 1
        }
        var seenIn = [Int32](repeating: -1, count: Int(memberMax) + 1)
        var counts: [Int32: Int] = [:]
        for g in 0..<Int(groupMax) + 1 where ends[g + 1] > ends[g] {
            var distinct = 0
            for m in byGroup[ends[g]..<ends[g + 1]] where seenIn[Int(m)] != g {
                seenIn[Int(m)] = Int32(g)
                distinct += 1
            }
            counts[Int32(g)] = distinct
        }
        return counts
    }
}
