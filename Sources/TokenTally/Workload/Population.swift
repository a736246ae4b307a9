/// The people of a synthetic workload: names, teams, orgs, favourite tool and model, and how
/// intensely each uses AI. Built once per run; O(users) memory.
struct Population {
    var userNames: [[UInt8]]
    var teamNames: [[UInt8]]
    var orgNames: [[UInt8]]
    var teamOfUser: [Int]
    var orgOfTeam: [Int]
    var toolOfUser: [Int]
    var modelOfUser: [Int]
    /// Per-call size multiplier: heavy users also make bigger calls.
    var intensityOfUser: [Double]
    /// Cumulative Zipf weights over `rankedUsers`, for sampling by binary search.
    private var cumulative: [Double]
    private var rankedUsers: [Int]

    init(config: WorkloadConfig, random: inout SplitMix64) {
        let users = config.users
        let orgs = max(1, config.teams / 8)
        userNames = (0..<users).map { Array(("u" + Self.pad($0 + 1, 6)).utf8) }
        teamNames = (0..<config.teams).map { Array(("team-" + Self.pad($0, 4)).utf8) }
        orgNames = (0..<orgs).map { Array(("org-" + Self.pad($0, 2)).utf8) }
        teamOfUser = (0..<users).map { _ in random.next(below: config.teams) }
        orgOfTeam = (0..<config.teams).map { $0 % orgs }
        toolOfUser = (0..<users).map { _ in random.next(below: WorkloadGenerator.tools.count) }
        modelOfUser = (0..<users).map { _ in random.next(below: WorkloadGenerator.models.count) }
        // Shuffle who is heavy, so the ranking is not simply the id order.
        rankedUsers = Array(0..<users)
        for i in stride(from: users - 1, to: 0, by: -1) { rankedUsers.swapAt(i, random.next(below: i + 1)) }
        cumulative = []
        cumulative.reserveCapacity(users)
        var sum = 0.0
        intensityOfUser = [Double](repeating: 1, count: users)
        for rank in 0..<users {
            // Zipf with exponent 1: the top user makes tens of thousands of times the median's calls.
            let weight = 1.0 / Double(rank + 1)
            sum += weight
            cumulative.append(sum)
            intensityOfUser[rankedUsers[rank]] = 1 + 4 / Double(rank + 1).squareRoot()
        }
        for i in cumulative.indices { cumulative[i] /= sum }
    }

    /// A user drawn with Zipf weights. O(log users).
    @inline(__always)
    func sampleUser(_ random: inout SplitMix64) -> Int {
        let u = random.unit()
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) >> 1
            if cumulative[mid] < u { low = mid + 1 } else { high = mid }
        }
        return rankedUsers[low]
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
