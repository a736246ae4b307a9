import Foundation
import Testing
@testable import TallyCore
@testable import TallyStages

/// The fleet of docs/scale-out.md on librdkafka's mock cluster: four `ingest` instances of two
/// partitions each run at once, one is killed with SIGKILL mid-stream and resumed, a batch is sent
/// twice, a broker goes down and comes back; then `merge` of their snapshots equals one ingest of
/// the same lines from a file.
@Suite(.serialized, .enabled(if: KafkaMock.available, KafkaMock.missing))
struct KafkaFleetTests {
    private static let instances = 4
    /// Each round of producing a slice and waiting for every instance to read it takes about half
    /// a second (the mock answers a fetch that found nothing after 500 ms, not when data comes).
    private static let slices = 16
    /// What happens in which slice: each well inside the stream, so that each lands mid-stream.
    private static let (killSlice, resendSlice, brokerSlice) = (4, 8, 12)

    @Test func fourInstancesOneKilledAndResumedMergeToOneIngestOfTheWholeStream() throws {
        let workspace = TestWorkspace()
        let stream = try KafkaFleetStream(workspace, events: TestScale.events(20_000), slices: Self.slices, seed: 23)
        let mock = try KafkaMock(topic: "usage", partitions: 2 * Self.instances)
        let directories = (0..<Self.instances).map { workspace.path + "/instance-\($0)" }
        func start(_ i: Int, _ extra: [String] = []) throws -> LiveRun {
            try LiveRun(workspace, mock.arguments([
                "--allow-leaderboard", "--resume", "--kafka-partitions", "\(2 * i)-\(2 * i + 1)", "--snapshot-every", "100ms",
                "--snapshot-dir", directories[i],
            ] + extra), snapshotDirectory: directories[i])
        }
        var runs = try (0..<Self.instances).map { try start($0) }

        // Each slice is produced once every instance has read the ones before it, so that no
        // instance reads past the newest event produced (KafkaFleetStream). The last one is not
        // waited for: the instances are stopped while they may still be reading it.
        var produced: [String] = []
        for (slice, lines) in stream.slices.enumerated() {
            // A producer that retried a batch it could not see through: the previous slice again.
            let batch = lines + (slice == Self.resendSlice ? stream.slices[slice - 1] : [])
            let path = workspace.write("slice-\(slice).txt", lines: batch)
            let before = produced.count
            produced += batch
            switch slice {
            case Self.killSlice: runs[1] = try killAndResume(runs[1], producing: path, on: mock) { try start(1) }
            case Self.brokerSlice:
                try restartBroker(producing: path, on: mock, read: { linesRead(directories) }, before: before, total: produced.count)
            default: try mock.produce(path, keyed: true)
            }
            if slice < Self.slices - 1 {
                #expect(waitUntil { linesRead(directories) >= produced.count }, "slice \(slice): \(runs.map(\.stderr))")
            }
        }
        // All stop (SIGTERM: a final snapshot and 143) and finish with --kafka-until-caught-up, at once.
        for run in runs { _ = try run.stop() }
        let finals = try (0..<Self.instances).map { try start($0, ["--kafka-until-caught-up"]) }
        for run in finals {
            run.process.waitUntilExit()
            #expect(run.process.terminationStatus == 0, "\(run.stderr)")
        }

        let parts = try directories.map { try SnapshotLocator.open($0) { _ in } }
        for (i, part) in parts.enumerated() {
            let owned = [Int32(2 * i), Int32(2 * i + 1)]
            #expect(part.header.kafka.map(\.partition) == owned)
        }
        #expect(parts.flatMap(\.header.kafka).reduce(0) { $0 + $1.offset } == Int64(produced.count))
        let merged = workspace.path + "/merged"
        let merge = try BinaryRunner.run(["merge"] + directories + ["-o", merged], in: workspace)
        #expect(merge.status == 0, "merge: \(merge.stderr)")

        // One ingest of the messages' values, in the order they were produced.
        let values = produced.map { String($0[$0.index(after: $0.firstIndex(of: ":")!)...]) }
        let single = workspace.path + "/single"
        let file = try BinaryRunner.run(["ingest", "--quiet", "--prices", "none", "--allow-leaderboard", "--snapshot-dir", single,
                                         workspace.write("produced.ndjson", lines: values)], in: workspace)
        #expect(file.status == 0, "\(file.stderr)")
        try SnapshotComparison.expectSameSummary(merged, single)
        try SnapshotComparison.expectSameReadings(merged, single, workspace)
        // Readers given the four directories merge them in memory to the same figures.
        let report = ["report", "--by", "team", "--window", "24h", "--format", "csv"]
        #expect(try BinaryRunner.output(report + directories, in: workspace) == BinaryRunner.output(report + [single], in: workspace))

        // Exactly once: every message read once, the resent batch counted once, nothing else dropped.
        let header = try SnapshotLocator.open(merged) { _ in }.header
        let resent = stream.slices[Self.resendSlice - 1].count
        #expect(header.counters.linesRead == produced.count)
        #expect(header.counters.duplicateEvents == resent)
        #expect(header.counters.eventsAccepted == produced.count - resent)
        #expect(header.mergedParts.map(\.kafka) == parts.map(\.header.kafka))
        #expect(header.inexactTaskRuns == 0)
    }

    /// Produces the slice at `path`, waits for a snapshot of `run` that shows some of it, kills the
    /// run with SIGKILL (later slices do not exist yet: the kill is mid-stream however fast it
    /// reads) and starts it again with `--resume`.
    private func killAndResume(
        _ run: LiveRun, producing path: String, on mock: KafkaMock, restart: () throws -> LiveRun
    ) throws -> LiveRun {
        let before = run.newestHeader?.counters.linesRead ?? 0
        try mock.produce(path, keyed: true)
        let progressed = run.waitFor { $0.counters.linesRead > before } != nil
        var random = SystemRandomNumberGenerator()
        usleep(UInt32.random(in: 0...200, using: &random) * 1000)
        kill(run.process.processIdentifier, SIGKILL)
        run.process.waitUntilExit()
        #expect(run.process.terminationReason == .uncaughtSignal && run.process.terminationStatus == SIGKILL)
        #expect(progressed && (run.newestHeader?.counters.linesRead ?? 0) > before, "no snapshot showed progress: \(run.stderr)")
        return try restart()
    }

    /// Takes broker 1 down, produces the slice at `path` (the partitions broker 1 leads get none of
    /// it meanwhile), expects the others to be read, and brings the broker back.
    private func restartBroker(producing path: String, on mock: KafkaMock, read: () -> Int, before: Int, total: Int) throws {
        try mock.down(broker: 1)
        let producer = try mock.startProducing(path, keyed: true, quiet: true)
        #expect(waitUntil { read() > before }, "nothing was read while broker 1 was down")
        #expect(read() < total, "broker 1's partitions were read while it was down")
        try mock.up(broker: 1)
        producer.waitUntilExit()
        #expect(producer.terminationStatus == 0)
    }

    /// The lines the newest snapshots in `directories` have read, together.
    private func linesRead(_ directories: [String]) -> Int {
        directories.reduce(0) { $0 + (LiveRun.newestHeader(in: $1)?.counters.linesRead ?? 0) }
    }

    /// Waits until `condition` holds (60 s at most).
    private func waitUntil(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return false
    }
}
