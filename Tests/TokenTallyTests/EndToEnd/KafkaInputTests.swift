import Foundation
import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// The Kafka input against librdkafka's mock cluster (`scripts/kafka-mock`), with messages produced
/// by kcat keyed by person: the same events as a file count the same, a run killed with SIGKILL and
/// resumed counts every message exactly once, resent ids count once, and rejects name their message.
@Suite(.serialized, .enabled(if: KafkaMock.available, KafkaMock.missing))
struct KafkaInputTests {
    private func newest(_ directory: String) throws -> SnapshotFile {
        try SnapshotLocator.open(directory) { _ in }
    }

    @Test func aTopicReadUntilCaughtUpCountsLikeTheFile() throws {
        let workspace = TestWorkspace()
        let stream = try KafkaTestStream(workspace, events: TestScale.events(60_000), seed: 3)
        let mock = try KafkaMock(topic: "usage", partitions: 8)
        try mock.produce(stream.keyed, keyed: true)
        let run = try BinaryRunner.run(
            mock.arguments(["--snapshot-dir", workspace.snapshotDirectory, "--kafka-until-caught-up"]), in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        let snapshot = try newest(workspace.snapshotDirectory)
        #expect(snapshot.header.counters == stream.reference.header.counters)
        #expect(try snapshot.totals() == stream.reference.totals())
        // Every partition got messages, and each is recorded at its end (the offsets add up to the lines).
        #expect(snapshot.header.kafka.map(\.partition) == Array(0..<8))
        #expect(snapshot.header.kafka.reduce(0) { $0 + $1.offset } == Int64(stream.reference.header.counters.linesRead))
        #expect(snapshot.header.sources.map(\.name) == ["kafka:usage"])
    }

    @Test func killedMidStreamAndResumedCountsEveryMessageOnce() throws {
        let workspace = TestWorkspace()
        let stream = try KafkaTestStream(workspace, events: TestScale.events(80_000), seed: 5)
        let mock = try KafkaMock(topic: "usage", partitions: 8)
        // The topic is produced in slices, one before each run, and each run is killed once a
        // snapshot shows it made progress: every kill but the last lands before later slices exist,
        // so it is mid-stream however fast the binary reads (a timed kill missed a release build).
        let lines = try String(contentsOfFile: stream.keyed, encoding: .utf8).split(separator: "\n")
        let slices = 5
        let snapshots = workspace.snapshotDirectory
        let arguments = mock.arguments(["--resume", "--snapshot-every", "100ms", "--snapshot-dir", snapshots])
        var random = SystemRandomNumberGenerator()
        var linesBefore = 0
        for slice in 0..<slices {
            let part = lines[(lines.count * slice / slices)..<(lines.count * (slice + 1) / slices)]
            try mock.produce(workspace.write("slice-\(slice)", Array((part.joined(separator: "\n") + "\n").utf8)), keyed: true)
            let run = try LiveRun(workspace, arguments)
            let progressed = run.waitFor { $0.counters.linesRead > linesBefore } != nil
            usleep(UInt32.random(in: 0...200, using: &random) * 1000)
            kill(run.process.processIdentifier, SIGKILL)
            run.process.waitUntilExit()
            let read = (try? newest(snapshots))?.header.counters.linesRead ?? 0
            #expect(progressed && read > linesBefore, "slice \(slice): no snapshot showed progress")
            #expect(read <= stream.reference.header.counters.linesRead, "slice \(slice)")
            linesBefore = read
        }
        let last = try BinaryRunner.run(arguments + ["--kafka-until-caught-up"], in: workspace)
        #expect(last.status == 0, "\(last.stderr)")
        let final = try newest(snapshots)
        #expect(final.header.counters == stream.reference.header.counters)
        #expect(try final.totals() == stream.reference.totals())
        #expect(final.header.kafka.reduce(0) { $0 + $1.offset } == Int64(stream.reference.header.counters.linesRead))
    }

    @Test func eventsResentWithTheSameIdsCountOnce() throws {
        let workspace = TestWorkspace()
        let stream = try KafkaTestStream(workspace, events: TestScale.events(20_000), seed: 7)
        let mock = try KafkaMock(topic: "usage", partitions: 4)
        try mock.produce(stream.keyed, keyed: true)
        // A producer that retried its last quarter of messages (5,000 unsanitized) after a failure it
        // could not see through: the last 18 of the stream's 72 hours, within the duplicate filter's 48.
        let lines = try String(contentsOfFile: stream.keyed, encoding: .utf8).split(separator: "\n")
        let resentCount = lines.count / 4
        try mock.produce(workspace.write("resent.txt", lines: lines.suffix(resentCount).map(String.init)), keyed: true)
        let run = try BinaryRunner.run(
            mock.arguments(["--snapshot-dir", workspace.snapshotDirectory, "--kafka-until-caught-up"]), in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        let snapshot = try newest(workspace.snapshotDirectory)
        let reference = stream.reference.header.counters
        #expect(snapshot.header.counters.eventsAccepted == reference.eventsAccepted)
        #expect(snapshot.header.counters.duplicateEvents == reference.duplicateEvents + resentCount)
        #expect(try snapshot.totals() == stream.reference.totals())
    }

    @Test func aRejectedMessageIsNamedByTopicPartitionAndOffset() throws {
        let workspace = TestWorkspace()
        let mock = try KafkaMock(topic: "raw", partitions: 2)
        let good = usageLine(utcMs(2026, 11, 1))
        let arguments = mock.arguments(["--resume", "--snapshot-dir", workspace.snapshotDirectory, "--kafka-until-caught-up"])
        // Two runs, so that the rejected message is not the first its run reads (offset 3, the second line).
        try mock.produce(workspace.write("first.txt", lines: [good, good]), keyed: false, partition: 1)
        #expect(try BinaryRunner.run(arguments, in: workspace).status == 0)
        try mock.produce(workspace.write("second.txt", lines: [good, "{\"ts\":\"yesterday\"}", good]), keyed: false, partition: 1)
        let run = try BinaryRunner.run(arguments, in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        let rejects = try String(contentsOfFile: workspace.snapshotDirectory + "/rejects.ndjson", encoding: .utf8)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(rejects.utf8)) as? [String: Any])
        #expect(record["input"] as? String == "kafka:raw")
        #expect(record["topic"] as? String == "raw")
        #expect(record["partition"] as? Int == 1)
        #expect(record["offset"] as? Int == 3)
        #expect(record["line"] == nil)
        let snapshot = try newest(workspace.snapshotDirectory)
        #expect(snapshot.header.counters.eventsAccepted == 4)
        // Partition 0 is assigned but empty: listed, with nothing to read and no clock. Partition 1's
        // clock is its newest event's time, carried over the resume.
        #expect(snapshot.header.kafka == [
            KafkaPosition(topic: "raw", partition: 0, offset: 0, highWatermark: 0),
            KafkaPosition(topic: "raw", partition: 1, offset: 5, highWatermark: 5, watermarkMs: utcMs(2026, 11, 1)),
        ])
    }

    @Test func anUnknownTopicOrUnreachableBrokersFailWithAMessage() throws {
        let workspace = TestWorkspace()
        let mock = try KafkaMock(topic: "usage", partitions: 1)
        let unknown = try BinaryRunner.run(
            ["ingest", "--kafka-brokers", mock.bootstrap, "--kafka-topic", "nope", "--snapshot-dir", workspace.snapshotDirectory, "--quiet"],
            in: workspace)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("have no topic nope"), "\(unknown.stderr)")
        let missing = try BinaryRunner.run(
            mock.arguments(["--kafka-partitions", "0,3", "--snapshot-dir", workspace.snapshotDirectory]), in: workspace)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("has no partition 3"), "\(missing.stderr)")
        // Port 1 on this machine: nothing listens; the wait is bounded by --kafka-timeout.
        let unreachable = try BinaryRunner.run(
            ["ingest", "--kafka-brokers", "127.0.0.1:1", "--kafka-topic", "usage", "--kafka-timeout", "1s",
             "--snapshot-dir", workspace.snapshotDirectory, "--quiet"], in: workspace)
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.contains("no answer from the brokers 127.0.0.1:1 within 1000 ms"), "\(unreachable.stderr)")
    }
}
