import Foundation
import Testing
@testable import TallyCore
@testable import TallyIngest
@testable import TallySnapshot
@testable import TallyStages

/// The coordinator's side of a periodic cut: the insights stage gets its records back whatever
/// becomes of the write, and periodic snapshots keep a gap after each write in proportion to it.
@Suite struct SnapshotCoordinatorTests {
    private static func coordinator(_ workspace: TestWorkspace) throws -> SnapshotCoordinator {
        try SnapshotCoordinator(
            directory: SnapshotDirectory(path: workspace.snapshotDirectory), keep: 10, shardCount: 1, compressionLevel: 1)
    }

    /// Waits until `done` (at most 30 s: a test that would hang fails at its next expectation).
    private static func waitUntil(_ done: () -> Bool) {
        for _ in 0..<3_000 where !done() { usleep(10_000) }
    }

    @Test func aPeriodicCutGivesItsLoansBackWhenItsWriteFailsFirst() throws {
        let workspace = TestWorkspace()
        try FileManager.default.createDirectory(atPath: workspace.snapshotDirectory, withIntermediateDirectories: true)
        // One below the largest sequence is taken: one snapshot is written, and then the next
        // write fails before any section is encoded.
        _ = FileManager.default.createFile(
            atPath: workspace.snapshotDirectory + "/snapshot-9223372036854775805.ndjson.zst", contents: Data([1]))
        let coordinator = try Self.coordinator(workspace)
        coordinator.start()
        _ = try #require(coordinator.beginFinalCut())
        coordinator.submit()
        Self.waitUntil { coordinator.snapshotsWritten >= 1 }
        let staging = try #require(coordinator.tryBeginCut(nowNs: .max))
        let (state, _) = InsightStateSectionTests.fedState()
        staging.holdInsights([state.image()])
        coordinator.submit()
        Self.waitUntil { !staging.isHoldingInsights }
        #expect(!staging.isHoldingInsights && staging.insights.isEmpty, "the stage would wait for ever")
        #expect(!staging.countersLoan.isOut, "the counter shards would wait for ever")
        coordinator.finish()
        #expect(coordinator.snapshotsWritten == 1)
        #expect(coordinator.error?.description.contains("leaves no number") == true)
    }

    @Test func aPeriodicCutWaitsAfterAWriteForSevenTimesItsDuration() throws {
        let workspace = TestWorkspace()
        let coordinator = try Self.coordinator(workspace)
        coordinator.start()
        defer { coordinator.finish() }
        let beforeNs = SystemClock.monotonicNs()
        let staging = try #require(coordinator.tryBeginCut(nowNs: 0), "no write yet: no gap")
        let (state, _) = InsightStateSectionTests.fedState()
        let lending = staging.holdInsights([state.image()])
        coordinator.submit()
        lending.waitForRelease()
        Self.waitUntil { coordinator.snapshotsWritten >= 1 }
        let afterNs = SystemClock.monotonicNs()
        try #require(coordinator.snapshotsWritten == 1)

        // The gap runs from the write's end, which lies between the write's duration after the cut
        // and the moment it was seen done.
        let nextNs = coordinator.nextPeriodicCutNs
        let writeNs = coordinator.slowestWriteNs
        let endNs = nextNs - SnapshotCoordinator.periodicGapFactor * writeNs
        #expect(writeNs > 0)
        #expect(endNs >= beforeNs + writeNs && endNs <= afterNs)
        #expect(coordinator.tryBeginCut(nowNs: nextNs - 1) == nil)
        let next = try #require(coordinator.tryBeginCut(nowNs: nextNs))
        next.holdInsights([])
        coordinator.submit()
    }

    /// The summary line says how much CPU the snapshots took: the writer thread's and its section
    /// threads', counted once they have ended.
    @Test func theSummarySaysTheCPUTheSnapshotsTook() throws {
        let workspace = TestWorkspace()
        var configuration = IngestConfiguration()
        configuration.inputs = [.file(workspace.write("in.ndjson", lines: InsightScenario.lines))]
        configuration.snapshotDirectory = workspace.snapshotDirectory
        let summary = try IngestPipeline(configuration: configuration).run()
        #expect(summary.error == nil && summary.snapshotsWritten == 1)
        #expect(summary.snapshotCPUNs > 0)
        let seconds = IngestSummary.fixed(Double(summary.snapshotCPUNs) / 1e9, 2)
        #expect(summary.line.hasSuffix("(1 snapshot written, slowest in \(IngestSummary.fixed(Double(summary.slowestSnapshotWriteNs) / 1e9, 2)) s, \(seconds) s of CPU)"))
    }
}
