import Testing
@testable import TallyCore
@testable import TallyStages

/// An activity record keeps its latest hour and the days before it as bits; its latest day is the
/// day of that hour, and rows that say otherwise are read against it.
@Suite struct ActivityRecordTests {
    private let id = ActivityRecord.ID(user: 1, team: 2, org: 3, model: 4, tool: 5)

    @Test func daysAreCountedBackFromTheDayOfTheLatestHour() {
        var record = ActivityRecord(id: id)
        #expect(record.lastDay == Int64.min)
        record.touch(hour: 10 * 24 + 5)
        record.touch(hour: 12 * 24 + 23)
        record.touch(hour: 11 * 24)
        #expect(record.lastHour == 12 * 24 + 23 && record.lastDay == 12 && record.dayBits == 0b111)
        // An hour earlier on the latest day moves neither the hour nor the bits.
        record.touch(hour: 12 * 24)
        #expect(record.lastHour == 12 * 24 + 23 && record.dayBits == 0b111)
        // 64 days or more back is beyond the bits.
        record.touch(hour: (12 - 64) * 24)
        #expect(record.dayBits == 0b111)
        record.touch(hour: 14 * 24 + 1)
        #expect(record.lastDay == 14 && record.dayBits == 0b11100 | 1)
        record.touch(hour: 200 * 24)
        #expect(record.lastDay == 200 && record.dayBits == 1)
        // Before 1970: days start at midnight UTC all the same.
        var early = ActivityRecord(id: id)
        early.touch(hour: -1)
        #expect(early.lastDay == -1 && early.dayBits == 1)
    }

    @Test func aRowsBitsAreReadFromTheDayOfItsLatestHour() {
        let hour: Int64 = 12 * 24 + 3
        #expect(ActivityRecord.dayBits(0b101, lastDay: 12, lastHour: hour) == 0b101)
        // Bit 0 was day 11, which is bit 1 counted from day 12.
        #expect(ActivityRecord.dayBits(0b101, lastDay: 11, lastHour: hour) == 0b1010)
        // Day 13 is after the latest hour: it goes, day 11 (bit 2) becomes bit 1.
        #expect(ActivityRecord.dayBits(0b101, lastDay: 13, lastHour: hour) == 0b10)
        #expect(ActivityRecord.dayBits(0b1, lastDay: 12 - 64, lastHour: hour) == 0)
        #expect(ActivityRecord.dayBits(0b1, lastDay: Int64.min, lastHour: hour) == 0)
        #expect(ActivityRecord.dayBits(0b1, lastDay: 5, lastHour: Int64.min) == 0)
        #expect(ActivityRecord.dayBits(0, lastDay: Int64.min, lastHour: Int64.min) == 0)
    }
}
