import Testing
@testable import TallyCore
@testable import TallyStages

/// The parts of a merge that a split stream rarely reaches: a task whose calls and status come from
/// different parts, and bucket sums that saturate.
@Suite struct SnapshotMergeTests {
    private func task(
        calls: Int64, firstMs: Int64?, lastMs: Int64?, status: String? = nil, statusMs: Int64? = nil, since: Int64 = 0,
        shippedMs: Int64? = nil
    ) -> InsightRows.Task {
        InsightRows.Task(task: "T1", firstMs: firstMs, lastMs: lastMs, calls: calls, tokens: calls * 10, costNanoUSD: calls * 100,
                         status: status, statusMs: statusMs, callsSinceStatus: since, tokensSinceStatus: since * 10, shippedMs: shippedMs)
    }

    @Test func aTaskWhoseOtherPartEndedBeforeItsStatusCombinesExactly() {
        // Part A: 5 calls, then `shipped` at 500 and 2 calls after it. Part B: 3 calls, all before 500.
        let a = task(calls: 5, firstMs: 100, lastMs: 700, status: "shipped", statusMs: 500, since: 2, shippedMs: 500)
        let b = task(calls: 3, firstMs: 50, lastMs: 400, since: 3)
        for (left, right) in [(a, b), (b, a)] {
            let combined = left.combined(with: right)
            #expect(combined.isExact)
            #expect(combined.task == task(calls: 8, firstMs: 50, lastMs: 700, status: "shipped", statusMs: 500, since: 2, shippedMs: 500))
        }
    }

    @Test func aTaskWithCallsAfterTheOtherPartsStatusIsCountedAsNotExact() {
        // Part B called at 600, after A's status at 500: whether before or after that status event
        // was read, no part can say.
        let a = task(calls: 5, firstMs: 100, lastMs: 700, status: "review", statusMs: 500, since: 2)
        let b = task(calls: 3, firstMs: 50, lastMs: 600, status: "started", statusMs: 80, since: 3)
        let combined = a.combined(with: b)
        #expect(!combined.isExact)
        #expect(combined.task.status == "review" && combined.task.statusMs == 500)
        #expect(combined.task.callsSinceStatus == 5 && combined.task.tokensSinceStatus == 50)

        let merged = try? InsightRows.merging([(rows(tasks: [a]), "a"), (rows(tasks: [b]), "b")])
        #expect(merged?.inexactTaskRuns == 1)
        #expect(merged?.rows.tasks.count == 1)
    }

    @Test func tasksWithoutAnyStatusAddTheirRunsExactly() {
        let combined = task(calls: 2, firstMs: 10, lastMs: 20, since: 2).combined(with: task(calls: 4, firstMs: 30, lastMs: 40, since: 4))
        #expect(combined.isExact && combined.task.callsSinceStatus == 6)
    }

    @Test func aPersonInTwoPartsIsRefused() {
        var a = InsightRows(), b = InsightRows()
        a.people = [.init(user: "alice", team: nil, org: nil, latestMs: 1)]
        b.people = [.init(user: "bob", team: nil, org: nil, latestMs: 1), .init(user: "alice", team: nil, org: nil, latestMs: 2)]
        #expect(throws: MergeError.self) { try InsightRows.merging([(a, "a"), (b, "b")]) }
        #expect((try? InsightRows.merging([(a, "a"), (InsightRows(), "c")]))?.rows.people.count == 1)
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
