import Foundation
import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// Running the Kafka input against `scripts/kafka-mock`: each cut's lag, offsets committed to a group
/// for monitoring, a broker restart while the run reads, and partitions a resumed run reads for the
/// first time (docs/scale-out.md, the failure matrix).
@Suite(.serialized, .enabled(if: KafkaMock.available, KafkaMock.missing))
struct KafkaOperationsTests {
    private func newest(_ directory: String) throws -> SnapshotFile {
        try SnapshotLocator.open(directory) { _ in }
    }

    /// Every message is produced before the run, so each partition's end is known exactly: every cut
    /// must record it beside the offset, and the lag is what the cut had not read yet. Every
    /// partition is in every cut, even one not read from yet: its whole backlog is lag (the first
    /// cut follows the first batch, so it always has some).
    @Test func eachCutRecordsThePartitionsEndAndInspectShowsTheLag() throws {
        let workspace = TestWorkspace()
        let stream = try KafkaTestStream(workspace, events: TestScale.events(80_000), seed: 11)
        let mock = try KafkaMock(topic: "usage", partitions: 8)
        try mock.produce(stream.keyed, keyed: true)
        let run = try BinaryRunner.run(mock.arguments([
            // A cut at nearly every batch after the first (while the previous one is written, none).
            "--snapshot-dir", workspace.snapshotDirectory, "--snapshot-every", "1ms", "--keep", "100000", "--kafka-until-caught-up",
        ]), in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        let final = try newest(workspace.snapshotDirectory)
        let ends = Dictionary(uniqueKeysWithValues: final.header.kafka.map { ($0.partition, $0.offset) })
        #expect(ends.count == 8)
        #expect(KafkaLag(final.header.kafka) == KafkaLag(totalMessages: 0, worstPartition: 0, worstMessages: 0))
        // Each partition's clock is the newest event read from it: the newest of them is the run's
        // watermark, and `inspect` shows each.
        #expect(final.header.kafka.allSatisfy { $0.offset == 0 || $0.watermarkMs != nil })
        #expect(final.header.kafka.compactMap(\.watermarkMs).max() == final.header.watermarkMs)
        let finalTable = SnapshotInspection(file: final).render(.table)
        for p in final.header.kafka {
            let clock = p.watermarkMs.map { ", newest event \(Timestamp.format(ms: $0))" } ?? ""
            #expect(finalTable.contains("partition \(p.partition): offset \(p.offset), end \(p.offset), lag 0\(clock)"), "\(finalTable)")
        }
        var midStream = 0
        for snapshot in SnapshotDirectory(path: workspace.snapshotDirectory).snapshots() {
            let file = try SnapshotFile(path: snapshot.path)
            #expect(file.header.kafka.count == 8, "snapshot \(snapshot.sequence) lists \(file.header.kafka.count) partitions")
            for p in file.header.kafka {
                #expect(p.highWatermark == ends[p.partition], "snapshot \(snapshot.sequence) partition \(p.partition)")
            }
            let behind = file.header.kafka.map { (partition: $0.partition, messages: ends[$0.partition]! - $0.offset) }
            let total = behind.reduce(0) { $0 + $1.messages }
            guard total > 0, let worst = behind.max(by: { ($0.messages, -$0.partition) < ($1.messages, -$1.partition) }) else { continue }
            midStream += 1
            let table = SnapshotInspection(file: file).render(.table)
            #expect(table.contains("lag \(total) messages (partition \(worst.partition): \(worst.messages)) as of the cut"), "\(table)")
        }
        #expect(midStream > 0, "no snapshot was cut mid-stream: the test proved nothing")
    }

    @Test func eachDurableSnapshotsOffsetsAreCommittedToTheGroupAndResumeIgnoresThem() throws {
        let workspace = TestWorkspace()
        let stream = try KafkaTestStream(workspace, events: TestScale.events(20_000), seed: 13)
        let mock = try KafkaMock(topic: "usage", partitions: 4)
        try mock.produce(stream.keyed, keyed: true)
        let arguments = mock.arguments([
            "--resume", "--snapshot-dir", workspace.snapshotDirectory, "--kafka-group", "monitor", "--kafka-until-caught-up",
        ])
        let first = try BinaryRunner.run(arguments, in: workspace)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try mock.committed(group: "monitor") == newest(workspace.snapshotDirectory).header.kafka.map(\.offset))
        #expect(try mock.committed(group: "someone-else") == Array(repeating: -1001, count: 4))

        // More messages, a resumed run: the group follows the new snapshot.
        let more = workspace.write("more.txt", lines: Array(try String(contentsOfFile: stream.keyed, encoding: .utf8)
            .split(separator: "\n").prefix(3000).map(String.init)))
        try mock.produce(more, keyed: true)
        let second = try BinaryRunner.run(arguments, in: workspace)
        #expect(second.status == 0, "\(second.stderr)")
        let resumed = try newest(workspace.snapshotDirectory)
        #expect(resumed.header.kafka.reduce(0) { $0 + $1.offset } == Int64(stream.reference.header.counters.linesRead + 3000))
        #expect(try mock.committed(group: "monitor") == resumed.header.kafka.map(\.offset))

        // A new snapshot directory starts at the beginning, whatever the group has committed.
        let fresh = try BinaryRunner.run(mock.arguments([
            "--resume", "--snapshot-dir", workspace.path + "/fresh", "--kafka-group", "monitor", "--kafka-until-caught-up",
        ]), in: workspace)
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(try newest(workspace.path + "/fresh").header.counters.linesRead == stream.reference.header.counters.linesRead + 3000)
    }

    /// Broker 1 goes down before the second half is produced, so the partitions it leads get none of
    /// it until it is back; the others are read meanwhile. The run goes on and counts everything once.
    @Test func aBrokerRestartWhileReadingLosesAndRepeatsNothing() throws {
        let workspace = TestWorkspace()
        let stream = try KafkaTestStream(workspace, events: TestScale.events(20_000), seed: 17)
        let mock = try KafkaMock(topic: "usage", partitions: 6, brokers: 3)
        let keyed = try String(contentsOfFile: stream.keyed, encoding: .utf8).split(separator: "\n").map(String.init)
        let total = stream.reference.header.counters.linesRead
        try mock.produce(workspace.write("first.txt", lines: Array(keyed.prefix(keyed.count / 2))), keyed: true)
        let run = try LiveRun(workspace, mock.arguments(["--snapshot-dir", workspace.snapshotDirectory, "--snapshot-every", "100ms"]))
        #expect(run.waitFor { $0.counters.linesRead >= keyed.count / 2 } != nil, "\(run.stderr)")

        try mock.down(broker: 1)
        let producer = try mock.startProducing(workspace.write("second.txt", lines: Array(keyed.suffix(keyed.count - keyed.count / 2))), keyed: true, quiet: true)
        let whileDown = run.waitFor { $0.counters.linesRead > keyed.count / 2 }
        #expect(whileDown != nil, "nothing was read while broker 1 was down: \(run.stderr)")
        #expect((whileDown?.counters.linesRead ?? total) < total, "broker 1's partitions were read while it was down")
        try mock.up(broker: 1)
        producer.waitUntilExit()
        #expect(producer.terminationStatus == 0)

        #expect(run.waitFor { $0.counters.linesRead >= total } != nil, "\(run.stderr)")
        let final = try run.stop()
        #expect(final.header.counters == stream.reference.header.counters)
        #expect(try final.totals() == stream.reference.totals())
        #expect(final.header.kafka.reduce(0) { $0 + $1.offset } == Int64(total))
    }

    /// `--kafka-partitions all` takes the partitions the topic has when a run starts: a partition the
    /// last snapshot does not know is read from its beginning, the others go on from their offsets.
    /// (librdkafka 2.0's mock cannot add partitions to a topic; a run that read fewer stands in.)
    @Test func partitionsNewToAResumedRunAreReadFromTheirBeginning() throws {
        let workspace = TestWorkspace()
        let stream = try KafkaTestStream(workspace, events: TestScale.events(20_000), seed: 19)
        let mock = try KafkaMock(topic: "usage", partitions: 4)
        try mock.produce(stream.keyed, keyed: true)
        let arguments = mock.arguments(["--resume", "--snapshot-dir", workspace.snapshotDirectory, "--kafka-until-caught-up"])
        let first = try BinaryRunner.run(arguments + ["--kafka-partitions", "0-1"], in: workspace)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try newest(workspace.snapshotDirectory).header.kafka.map(\.partition) == [0, 1])
        let second = try BinaryRunner.run(arguments, in: workspace)
        #expect(second.status == 0, "\(second.stderr)")
        let final = try newest(workspace.snapshotDirectory)
        #expect(final.header.kafka.map(\.partition) == [0, 1, 2, 3])
        #expect(final.header.counters == stream.reference.header.counters)
        #expect(try final.totals() == stream.reference.totals())
    }
}
