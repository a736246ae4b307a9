import Foundation
import Testing
@testable import TallyCore

@Suite struct TimestampTests {
    private func parse(_ text: String) -> Int64? {
        var copy = text
        return copy.withUTF8 { Timestamp.parseRFC3339($0.baseAddress!, count: $0.count) }
    }

    /// Expected values computed independently with Foundation's ISO 8601 parser and calendar.
    private func reference(_ text: String) -> Int64 {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return Int64(formatter.date(from: text)!.timeIntervalSince1970 * 1000)
    }

    @Test(arguments: [
        "2026-11-01T00:00:00Z", "2026-11-01T10:30:00+14:00", "2026-11-01T10:30:00-12:00", "2026-11-01T05:30:00+05:30",
        "2024-02-29T12:00:00Z", "2000-02-29T23:59:59Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
        "1900-03-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-12-31T23:59:59-01:00",
    ])
    func wholeSecondsMatchFoundation(text: String) {
        #expect(parse(text) == reference(text), "\(text)")
    }

    @Test func fractionsAreTruncatedToMilliseconds() {
        let base: Int64 = 1_793_491_200_000  // 2026-11-01T00:00:00Z
        #expect(parse("2026-11-01T00:00:00.5Z") == base + 500)
        #expect(parse("2026-11-01T00:00:00.05Z") == base + 50)
        #expect(parse("2026-11-01T00:00:00.123Z") == base + 123)
        #expect(parse("2026-11-01T00:00:00.123999Z") == base + 123)
        #expect(parse("2026-11-01T00:00:00.999999999Z") == base + 999)
        #expect(parse("1969-12-31T23:59:59.999Z") == -1)
        #expect(parse("1969-12-31T23:59:59.9999Z") == -1)
    }

    @Test func alternativeSeparatorsAndLeapSeconds() {
        let base: Int64 = 1_793_491_200_000
        #expect(parse("2026-11-01t00:00:00z") == base)
        #expect(parse("2026-11-01 00:00:00Z") == base)
        #expect(parse("2026-10-31T23:59:60Z") == base)
    }

    /// Foundation switches to the Julian calendar before 1582; RFC 3339 dates are proleptic Gregorian.
    @Test func datesBeforeTheGregorianReformAreProlepticGregorian() {
        #expect(parse("0001-01-01T00:00:00Z") == -62_135_596_800_000)
        #expect(parse("1582-10-04T00:00:00Z") == -12_220_243_200_000)
    }

    @Test func yearBoundsAreTheRFC3339Range() {
        #expect(parse("0000-01-01T00:00:00Z") == Timestamp.minMs)
        #expect(parse("9999-12-31T23:59:59.999Z") == Timestamp.maxMs)
        #expect(parse("0000-01-01T00:00:00+00:01") == nil)  // one minute before year 0
    }

    @Test func formattingRoundTrips() {
        for ms: Int64 in [0, -1, 1_793_491_200_123, Timestamp.minMs, Timestamp.maxMs, 951_782_400_000] {
            #expect(parse(Timestamp.format(ms: ms)) == ms)
        }
        #expect(Timestamp.format(ms: -1) == "1969-12-31T23:59:59.999Z")
    }

    @Test func floorDivisionRoundsTowardMinusInfinity() {
        #expect(Timestamp.floorDiv(-1, 3_600_000) == -1)
        #expect(Timestamp.floorDiv(-3_600_000, 3_600_000) == -1)
        #expect(Timestamp.floorDiv(-3_600_001, 3_600_000) == -2)
        #expect(Timestamp.floorDiv(3_599_999, 3_600_000) == 0)
    }

    @Test func civilDaysAgreeWithFoundationAcrossCenturies() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for (y, m, d) in [(1600, 2, 29), (1899, 12, 31), (1970, 1, 1), (2000, 3, 1), (2100, 2, 28), (2400, 2, 29)] {
            let date = calendar.date(from: DateComponents(year: y, month: m, day: d))!
            let days = Int64((date.timeIntervalSince1970 / 86_400).rounded(.down))
            #expect(Timestamp.daysFromCivil(year: Int64(y), month: Int64(m), day: Int64(d)) == days)
            let back = Timestamp.civilFromDays(days)
            #expect(back.year == Int64(y) && back.month == Int64(m) && back.day == Int64(d))
        }
    }
}
