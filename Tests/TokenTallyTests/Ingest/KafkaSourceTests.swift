import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// `--kafka-partitions`: `all`, numbers and ranges; anything else is refused rather than guessed.
struct KafkaSourceTests {
    @Test func partitionListsParse() {
        #expect(KafkaSource.partitions(parsing: "all") == .some(nil))
        #expect(KafkaSource.partitions(parsing: "3") == .some([3]))
        #expect(KafkaSource.partitions(parsing: "4-7,0,2,5") == .some([0, 2, 4, 5, 6, 7]))
    }

    @Test(arguments: ["", "-1", "3-1", "a", "1,,2", "1-2-3", "0-70000", "2147483648"])
    func malformedPartitionListsAreRefused(_ text: String) {
        #expect(KafkaSource.partitions(parsing: text) == nil)
    }
}
