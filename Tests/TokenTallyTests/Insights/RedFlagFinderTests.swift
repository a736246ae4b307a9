import Testing
@testable import TallyReports
@testable import TallyStages

/// The flags' order and a task's contributors, as `flags` and the dashboard list them.
@Suite struct RedFlagFinderTests {
    static func flag(_ kind: RedFlag.Kind, _ subject: String, severity: Double, detail: String = "d", people: [String] = []) -> RedFlag {
        RedFlag(kind: kind, subject: subject, people: people, detail: detail, threshold: "t", severity: severity)
    }

    @Test func flagsGoByKindThenSeverityThenSubjectAndEvidence() {
        let flags = [
            Self.flag(.idleLoop, "a", severity: 1),
            Self.flag(.runInflation, "T-2", severity: 12, people: ["bob"]),
            Self.flag(.runInflation, "T-1", severity: 12, people: ["carol"]),
            Self.flag(.runInflation, "T-1", severity: 12, people: ["alice"]),
            Self.flag(.runInflation, "T-9", severity: 40),
            Self.flag(.highSpendNoDeliverable, "z", severity: 5),
            Self.flag(.highSpendNoDeliverable, "y", severity: 9),
        ]
        let ordered = RedFlagFinder.ordered(flags)
        #expect(ordered.map(\.subject) == ["y", "z", "T-9", "T-1", "T-1", "T-2", "a"])
        // Equal subjects go by their evidence, which names the contributors.
        #expect(ordered[3].people == ["alice"] && ordered[4].people == ["carol"])
    }

    @Test func flagsEqualInEveryKeyKeepTheirOrder() {
        let flags = (0..<50).map { Self.flag(.concentration, "same", severity: 0.5, detail: "d", people: ["p\($0)"]) }
        #expect(RedFlagFinder.ordered(flags).map(\.people) == flags.map(\.people))
    }

    @Test func contributorsAreEachTasksPeopleOnceInByteOrder() {
        func task(_ name: String) -> InsightRows.Task {
            .init(task: name, lastHour: 0, status: nil, statusMs: nil, callsSinceStatus: 20, tokensSinceStatus: 1, shippedMs: nil)
        }
        func work(_ user: String, _ task: String) -> InsightRows.Work {
            .init(user: user, task: task, unit: .hour, bucket: 0, team: nil, org: nil, tokens: 1)
        }
        let work = [work("bob", "T-1"), work("bob", "T-1"), work("Ann", "T-2"), work("alice", "T-1"), work("bob", "T-1"),
                    work("zed", "T-3")]
        let people = RedFlagFinder.contributors(of: [task("T-1"), task("T-4"), task("T-2")], in: work)
        #expect(people == [["alice", "bob"], [], ["Ann"]])
    }
}
