import Testing
@testable import TallyEvents
@testable import TallyIngest

@Suite struct KafkaLagTests {
    private func at(_ partition: Int32, _ offset: Int64, end: Int64?) -> KafkaPosition {
        KafkaPosition(topic: "usage", partition: partition, offset: offset, highWatermark: end)
    }

    @Test func sumsThePartitionsAndNamesTheFurthestBehind() {
        let lag = KafkaLag([at(0, 10, end: 15), at(1, 0, end: 40), at(2, 7, end: 7)])
        #expect(lag == KafkaLag(totalMessages: 45, worstPartition: 1, worstMessages: 40))
        #expect(lag?.text == "lag 45 messages (partition 1: 40)")
    }

    @Test func aTieGoesToTheLowestPartitionAndUnknownEndsAreLeftOut() {
        #expect(KafkaLag([at(3, 0, end: 5), at(1, 5, end: 10), at(0, 0, end: nil)])
            == KafkaLag(totalMessages: 10, worstPartition: 1, worstMessages: 5))
        #expect(KafkaLag([at(0, 3, end: nil)]) == nil)
        #expect(KafkaLag([KafkaPosition]()) == nil)
    }

    @Test func anEndBehindTheOffsetIsNoLag() {
        #expect(at(0, 10, end: 4).lagMessages == 0)
    }

    @Test func theProgressLineEndsWithTheLag() {
        var sample = ProgressSample(linesRead: 10, decodedBytes: 100, rejected: 0, watermarkMs: .min, elapsedNs: 1_000_000_000)
        let previous = sample
        #expect(!sample.line(since: previous).contains("lag"))
        sample.kafkaLag = KafkaLag(totalMessages: 12, worstPartition: 3, worstMessages: 9)
        #expect(sample.line(since: previous).hasSuffix("rejected 0  lag 12 messages (partition 3: 9)"))
    }
}
