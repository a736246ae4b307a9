import Testing
@testable import TallyReports

/// Numbers as the dashboard writes them, against hand-worked examples.
@Suite struct DashboardFormatTests {
    @Test func compactUnits() {
        let examples: [(Int64, String)] = [
            (0, "0"), (7, "7"), (999, "999"), (1_000, "1k"), (1_049, "1k"), (1_050, "1.1k"), (9_949, "9.9k"),
            (9_950, "10k"), (12_345, "12k"), (999_499, "999k"), (999_500, "1M"), (999_960, "1M"),
            (340_000_000, "340M"), (1_234_567_890, "1.2B"), (1_500_000_000, "1.5B"), (1_000_000_000, "1B"),
            (1_000_000_000_000, "1T"), (123_456_000_000_000_000, "123456T"), (123_456_000_000_000, "123T"), (Int64.max, "9223372T"),
            (-1_500, "-1.5k"), (Int64.min, "-9223372T"),
        ]
        for (value, text) in examples { #expect(DashboardFormat.compact(value) == text, "\(value)") }
    }

    @Test func groupedCountsMoneyAndShares() {
        #expect(DashboardFormat.grouped(0) == "0")
        #expect(DashboardFormat.grouped(999) == "999")
        #expect(DashboardFormat.grouped(1_000) == "1,000")
        #expect(DashboardFormat.grouped(1_234_567) == "1,234,567")
        #expect(DashboardFormat.grouped(-1_000) == "-1,000")
        #expect(DashboardFormat.grouped(.min) == "-9,223,372,036,854,775,808")

        #expect(DashboardFormat.usd(nano: 0) == "$0.00")
        #expect(DashboardFormat.usd(nano: 4_999_999) == "<$0.01")
        #expect(DashboardFormat.usd(nano: 5_000_000) == "$0.01")
        #expect(DashboardFormat.usd(nano: 46_580_000_000) == "$46.58")
        #expect(DashboardFormat.usd(nano: 46_584_999_999) == "$46.58")
        #expect(DashboardFormat.usd(nano: 1_234_500_000_000) == "$1,234.50")
        #expect(DashboardFormat.usd(nano: -2_000_000_000) == "-$2.00")

        #expect(DashboardFormat.percent(nil) == "n/a")
        #expect(DashboardFormat.percent(.nan) == "n/a")
        #expect(DashboardFormat.percent(.infinity) == "n/a")
        #expect(DashboardFormat.percent(0) == "0%")
        #expect(DashboardFormat.percent(0.001) == "<1%")
        #expect(DashboardFormat.percent(0.679) == "68%")
        #expect(DashboardFormat.percent(0.999) == ">99%")
        #expect(DashboardFormat.percent(1) == "100%")
        #expect(DashboardFormat.percent(1.7) == "100%")

        #expect(DashboardFormat.change(5) == "+5")
        #expect(DashboardFormat.change(-2) == "\u{2212}2")
        #expect(DashboardFormat.change(1_200) == "+1,200")
        #expect(DashboardFormat.change(0) == "0")
        #expect(DashboardFormat.change(nil) == "n/a")
    }

    @Test func datesAndCoordinates() {
        #expect(DashboardFormat.date(day: 0) == "1970-01-01")
        #expect(DashboardFormat.date(day: 19_723) == "2024-01-01")  // 1,704,067,200 s / 86,400
        #expect(DashboardFormat.date(day: 20_484) == "2026-01-31")
        #expect(DashboardFormat.date(day: -1) == "1969-12-31")

        #expect(DashboardFormat.number(60) == "60")
        #expect(DashboardFormat.number(12.5) == "12.5")
        #expect(DashboardFormat.number(0.25) == "0.25")
        #expect(DashboardFormat.number(0.05) == "0.05")
        #expect(DashboardFormat.number(-3.456) == "-3.46")
        #expect(DashboardFormat.number(.nan) == "0")
        #expect(DashboardFormat.number(.infinity) == "0")
        #expect(DashboardFormat.number(1e300) == "1000000000")
    }

    @Test func escapingCoversTheFiveSpecialCharacters() {
        #expect(HTMLText.escape("plain text é 🎉") == "plain text é 🎉")
        #expect(HTMLText.escape(#"<a href="x">Tom & 'Jerry'</a>"#)
            == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect(HTMLText.escape("&amp;") == "&amp;amp;")
    }
}

/// Axis ticks: 1, 2 or 5 × 10^k, at most six intervals, from 0 to the first tick at or above the max.
@Suite struct DashboardAxisTests {
    @Test func niceTicks() {
        #expect(AxisScale(max: 0).ticks == [0])
        #expect(AxisScale(max: -5).ticks == [0])
        #expect(AxisScale(max: 1).ticks == [0, 1])
        #expect(AxisScale(max: 6).ticks == [0, 1, 2, 3, 4, 5, 6])
        #expect(AxisScale(max: 7).ticks == [0, 2, 4, 6, 8])
        #expect(AxisScale(max: 400).ticks == [0, 100, 200, 300, 400])
        #expect(AxisScale(max: 401).ticks == [0, 100, 200, 300, 400, 500])
        let big = AxisScale(max: 1_234_567_890)
        #expect(big.step == 500_000_000 && big.top == 1_500_000_000)
    }

    @Test func extremeMaximaStayFiniteAndCoverTheMax() {
        for value in [Int64.max, Int64.max - 1, 5_000_000_000_000_000_001, 1_000_000_000_000_000_000] {
            let scale = AxisScale(max: value)
            #expect(scale.top >= value)
            #expect(scale.ticks.first == 0 && scale.ticks.last == scale.top)
            #expect(zip(scale.ticks, scale.ticks.dropFirst()).allSatisfy { $0 < $1 })
        }
    }
}
