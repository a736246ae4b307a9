import Testing
@testable import TallyCore
@testable import TallyReports

/// CSV text cells: RFC 4180 quoting, formula neutralising (OWASP) and terminal escapes.
@Suite struct CSVTests {
    @Test(arguments: [
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("+1", "\"'+1\""),
        ("-2+3", "\"'-2+3\""),
        ("@SUM(A1)", "\"'@SUM(A1)\""),
        ("\tcmd", "\"'\tcmd\""),
        ("\r=1", "\\r=1"),  // CR is escaped, so nothing starts a formula
    ])
    func formulaTriggersGetAQuote(cell: String, written: String) {
        #expect(CSV.text(cell) == written)
    }

    @Test func otherCellsKeepTheirValue() {
        #expect(CSV.text("alice") == "alice")
        #expect(CSV.text("a=b") == "a=b")
        #expect(CSV.text("'quoted") == "'quoted")
        #expect(CSV.text("smith, j") == "\"smith, j\"")
        #expect(CSV.text("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.text("two\nlines") == "\"two\nlines\"")
        #expect(CSV.text("") == "")
    }

    @Test func terminalEscapesAreEscaped() {
        #expect(CSV.text("\u{1B}[2Jwiped") == "\\x1b[2Jwiped")
        #expect(CSV.text("\u{202E}txt.exe") == "\\u{202E}txt.exe")
        #expect(CSV.text("a\tb") == "a\tb")
    }

    /// Numbers are never passed through `CSV.text`: a negative value stays a number.
    @Test func leaderboardNumbersAreNotNeutralised() {
        let row = Leaderboard.Row(rank: 1, user: "-eve", tokens: -5, tasksShipped: 0, tokensPerShippedTask: nil, shippedTokenShare: nil)
        #expect(LeaderboardReport.csvValues(row).prefix(3) == ["1", "\"'-eve\"", "-5"])
    }
}
