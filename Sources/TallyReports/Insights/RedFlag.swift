/// One red flag: what kind, about whom or what, the evidence that triggered it, and the threshold
/// in force, so that a reader can judge it rather than take it on trust.
public struct RedFlag: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case highSpendNoDeliverable = "high_spend_no_deliverable"
        case runInflation = "run_inflation"
        case concentration = "concentration"
        case idleLoop = "idle_loop"

        public var title: String {
            switch self {
            case .highSpendNoDeliverable: "high spend, no deliverable"
            case .runInflation: "run inflation"
            case .concentration: "concentration"
            case .idleLoop: "idle looping"
            }
        }
    }

    public var kind: Kind
    /// A person, or a task for run inflation.
    public var subject: String
    /// The people the flag concerns (for scoping): the subject, or a task's contributors.
    public var people: [String]
    /// Contributors left out of `people` because the reader's scope does not show them.
    public var hiddenPeople = 0
    /// The evidence, without the task's contributors (which `evidence` adds).
    var detail: String
    public var evidence: String {
        guard kind == .runInflation else { return detail }
        let named = people.isEmpty ? "no recorded contributor" : people.joined(separator: ", ")
        return detail + "; by " + named + (hiddenPeople > 0 ? " and \(hiddenPeople) others" : "")
    }
    public var threshold: String
    /// For ordering within a kind: larger is more severe.
    public var severity: Double
}

/// The thresholds of the four red flags; each is a `flags` option.
public struct RedFlagThresholds: Sendable {
    /// Flag 1: people in this top share of the window's spend (tokens) with no shipped task.
    public var spendTopShare = 0.10
    /// Flag 2: tasks with at least this many AI calls since their last status change.
    public var runCallsMin: Int64 = 10
    /// Flag 3: a person holding more than this share of their team's tokens...
    public var concentrationShare = 0.5
    /// ...while shipping at most this many tasks, in a team of at least `concentrationTeamUsersMin`.
    public var concentrationShippedMax = 0
    public var concentrationTeamUsersMin = 3
    /// Flag 4: loop streaks of at least this many calls lasting at least this long.
    public var loopCallsMin: Int64 = 30
    public var loopMinutesMin: Int64 = 20

    public init() {}
}
