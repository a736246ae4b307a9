import Testing
@testable import TallyCore
@testable import TallyStages

/// The parts of a merge that a split stream rarely reaches: a task whose calls and status come from
/// different parts, and sums that saturate.
@Suite struct SnapshotMergeTests {
    private static let hourMs: Int64 = 3_600_000

    private func task(
        lastHour: Int64?, status: String? = nil, statusMs: Int64? = nil, since: Int64 = 0, shippedMs: Int64? = nil
    ) -> InsightRows.Task {
        InsightRows.Task(task: "T1", lastHour: lastHour, status: status, statusMs: statusMs, callsSinceStatus: since,
                         tokensSinceStatus: since * 10, shippedMs: shippedMs)
    }

    @Test func aTaskWhoseOtherPartEndedBeforeItsStatusCombinesExactly() {
        // Part A: `shipped` at 5:00 and 2 calls after it, the last at 7:xx. Part B: 3 calls, the last at 4:xx.
        let a = task(lastHour: 7, status: "shipped", statusMs: 5 * Self.hourMs, since: 2, shippedMs: 5 * Self.hourMs)
        let b = task(lastHour: 4, since: 3)
        for (left, right) in [(a, b), (b, a)] {
            let combined = left.combined(with: right)
            #expect(combined.isExact)
            #expect(combined.task == task(lastHour: 7, status: "shipped", statusMs: 5 * Self.hourMs, since: 2, shippedMs: 5 * Self.hourMs))
        }
    }

    @Test func aTaskWithCallsAfterTheOtherPartsStatusIsCountedAsNotExact() {
        // Part B called at 6:xx, after A's status at 5:00: whether before or after that status event
        // was read, no part can say.
        let a = task(lastHour: 7, status: "review", statusMs: 5 * Self.hourMs, since: 2)
        let b = task(lastHour: 6, status: "started", statusMs: Self.hourMs, since: 3)
        let combined = a.combined(with: b)
        #expect(!combined.isExact)
        #expect(combined.task.status == "review" && combined.task.statusMs == 5 * Self.hourMs && combined.task.lastHour == 7)
        #expect(combined.task.callsSinceStatus == 5 && combined.task.tokensSinceStatus == 50)

        let merged = try? InsightRows.merging([(rows(tasks: [a]), "a"), (rows(tasks: [b]), "b")])
        #expect(merged?.inexactTaskRuns == 1)
        #expect(merged?.rows.tasks.count == 1)
    }

    @Test func callsInTheHourOfTheOtherPartsStatusAreNotExact() {
        // B's last call is at 5:xx and A's status at 5:30: records keep the hour, not the instant.
        let a = task(lastHour: 5, status: "review", statusMs: 5 * Self.hourMs + 1_800_000, since: 0)
        let b = task(lastHour: 5, since: 2)
        #expect(!a.combined(with: b).isExact && a.combined(with: b).task.callsSinceStatus == 2)
        // Without a run after its own (earlier) status, B has no call after A's either.
        let quiet = task(lastHour: 5, status: "started", statusMs: 5 * Self.hourMs, since: 0)
        #expect(a.combined(with: quiet).isExact && a.combined(with: quiet).task.callsSinceStatus == 0)
    }

    @Test func tasksWithoutAnyStatusAddTheirRunsExactly() {
        let combined = task(lastHour: 2, since: 2).combined(with: task(lastHour: 4, since: 4))
        #expect(combined.isExact && combined.task.callsSinceStatus == 6 && combined.task.lastHour == 4)
    }

    @Test func runsThatSaturateAreCounted() {
        let a = task(lastHour: 2, since: 1), b = InsightRows.Task(
            task: "T1", lastHour: 3, status: nil, statusMs: nil, callsSinceStatus: 1, tokensSinceStatus: .max, shippedMs: nil)
        let combined = a.combined(with: b)
        #expect(combined.saturatedSums == 1 && combined.task.tokensSinceStatus == .max && combined.task.callsSinceStatus == 2)
    }

    @Test func aPersonInTwoPartsIsRefused() {
        var a = InsightRows(), b = InsightRows()
        a.people = [.init(user: "alice", team: nil, org: nil, latestMs: 1)]
        b.people = [.init(user: "bob", team: nil, org: nil, latestMs: 1), .init(user: "alice", team: nil, org: nil, latestMs: 2)]
        #expect(throws: MergeError.self) { try InsightRows.merging([(a, "a"), (b, "b")]) }
        #expect((try? InsightRows.merging([(a, "a"), (InsightRows(), "c")]))?.rows.people.count == 1)
    }

    /// Ids that differ in bytes are different people and tasks, even when they are canonically
    /// equivalent Unicode (equal Swift strings): two parts each with one are merged, not refused,
    /// and their tasks stay two.
    @Test func canonicallyEquivalentIdsInTwoPartsAreTwoPeopleAndTwoTasks() throws {
        let composed = "jos\u{E9}", decomposed = "jose\u{301}"
        var a = InsightRows(), b = InsightRows()
        a.people = [.init(user: composed, team: nil, org: nil, latestMs: 1)]
        b.people = [.init(user: decomposed, team: nil, org: nil, latestMs: 1)]
        a.tasks = [InsightRows.Task(task: composed, lastHour: 2, status: nil, statusMs: nil, callsSinceStatus: 1,
                                    tokensSinceStatus: 10, shippedMs: nil)]
        b.tasks = [InsightRows.Task(task: decomposed, lastHour: 3, status: nil, statusMs: nil, callsSinceStatus: 2,
                                    tokensSinceStatus: 20, shippedMs: nil)]
        let merged = try InsightRows.merging([(a, "a"), (b, "b")])
        #expect(merged.rows.people.map { Array($0.user.utf8) } == [Array(composed.utf8), Array(decomposed.utf8)])
        #expect(merged.rows.tasks.map(\.callsSinceStatus) == [1, 2])
    }

    @Test func bucketSumsAddAndSaturate() {
        var slot: [Int64] = [7, 1, 2, 3, 4, CounterSlot.counts(events: 5, outcomes: 1), 60, 6]
        let other: [Int64] = [7, 10, 20, 30, 40, CounterSlot.counts(events: 2, outcomes: 3), 40, 4]
        #expect(!slot.withUnsafeMutableBufferPointer { CounterSlot.add(slot: other, at: $0.baseAddress!) })
        #expect(slot == [7, 11, 22, 33, 44, CounterSlot.counts(events: 7, outcomes: 4), 100, 10])

        let full: [Int64] = [7, .max, 0, 0, 0, CounterSlot.counts(events: CounterSlot.outcomeUnit - 1, outcomes: 0), 0, 0]
        #expect(slot.withUnsafeMutableBufferPointer { CounterSlot.add(slot: full, at: $0.baseAddress!) })
        #expect(slot[CounterSlot.inputTokens] == .max)
        #expect(CounterSlot.events(slot[CounterSlot.counts]) == CounterSlot.outcomeUnit - 1)
        #expect(CounterSlot.outcomes(slot[CounterSlot.counts]) == 4)
    }

    private func rows(tasks: [InsightRows.Task]) -> InsightRows {
        var rows = InsightRows()
        rows.tasks = tasks
        return rows
    }
}
