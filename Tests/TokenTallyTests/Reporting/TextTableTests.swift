import Testing
@testable import TallyCore

/// Tables for people: alignment, width cap and escaping.
@Suite struct TextTableTests {
    @Test func alignsTextLeftAndNumbersRight() {
        var table = TextTable(header: ["user", "tokens"], rightAligned: [false, true])
        table.rows = [["alice", "1,200"], ["bob", "7"]]
        #expect(table.render() == """
            user   tokens
            -----  ------
            alice   1,200
            bob         7

            """)
    }

    /// Issue 14: a 500-character name made `report` quadratic and every row as wide as the name.
    @Test func aLongNameIsCutToTheCapAndNoLineGrows() {
        let name = String(repeating: "n", count: 20_000)
        var table = TextTable(header: ["user", "tokens"], rightAligned: [false, true])
        table.rows = [[name, "1"]] + (0..<2_000).map { ["u\($0)", "2"] }
        let lines = table.render().split(separator: "\n")
        #expect(lines.count == 2_003)
        #expect(lines.allSatisfy { $0.count <= TextTable.cellColumnsMax + 2 + "tokens".count })
        #expect(lines[2] == String(repeating: "n", count: TextTable.cellColumnsMax - 1) + "…       1")
    }

    @Test func aNameCannotStartARowOrReachTheTerminal() {
        var table = TextTable(header: ["user", "tokens"], rightAligned: [false, true])
        table.rows = [["mallory\nceo  999,999,999", "1"], ["\u{1B}]8;;http://x\u{07}eve\u{1B}]8;;\u{07}", "2"]]
        let text = table.render()
        #expect(text.split(separator: "\n").count == 4)
        #expect(!OutputSafetyTests.hasTerminalControls(text))
        #expect(text.contains("mallory\\nceo  999,999,999"))
    }

    @Test func sentenceColumnsAreWider() {
        let evidence = String(repeating: "e", count: 300)
        var table = TextTable(header: ["subject", "evidence"], rightAligned: [false, false],
                              columnsMax: [TextTable.cellColumnsMax, TextTable.sentenceColumnsMax])
        table.rows = [["s", evidence]]
        let row = table.render().split(separator: "\n")[2]
        #expect(row == "s        " + String(repeating: "e", count: TextTable.sentenceColumnsMax - 1) + "…")
    }

    @Test func wideNamesStayAligned() {
        var table = TextTable(header: ["user", "n"], rightAligned: [false, true])
        table.rows = [["名前", "1"], ["ab", "2"]]
        #expect(table.render() == "user  n\n----  -\n名前  1\nab    2\n")
    }
}

extension TextTableTests {
    /// A short last cell under a wide header leaves no padding at the line's end, whatever the width
    /// of the characters before it.
    @Test func linesEndWithoutPadding() {
        var table = TextTable(header: ["who", String(repeating: "e", count: 200)], rightAligned: [false, false],
                              columnsMax: [TextTable.cellColumnsMax, TextTable.sentenceColumnsMax])
        table.rows = [["bob", "é"], ["zoë", ""], ["", ""]]
        let lines = table.render().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 6 && lines[5].isEmpty)
        #expect(lines[2] == "bob  é")
        #expect(lines[3] == "zoë")
        #expect(lines[4] == "")
        #expect(lines.allSatisfy { $0.last != " " })
    }
}
