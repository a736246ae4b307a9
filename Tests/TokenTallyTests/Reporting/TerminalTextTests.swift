import Testing
@testable import TallyCore

/// Escaping for the terminal and display widths, against hand-written expectations.
@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("\u{1B}[31mred\u{1B}[0m", "\\x1b[31mred\\x1b[0m"),  // colour
        ("\u{1B}]8;;https://evil.example\u{07}click\u{1B}]8;;\u{07}",
         "\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07"),  // OSC 8 link ended by BEL
        ("ring\u{07}", "ring\\x07"),
        ("good\rbad", "good\\rbad"),
        ("nul\u{0}", "nul\\x00"),
        ("csi\u{9B}31m", "csi\\x9b31m"),  // C1 CSI
        ("del\u{7F}", "del\\x7f"),
        ("tab\there", "tab\\there"),
        ("alice\nbob    fake row", "alice\\nbob    fake row"),
        ("\u{202E}gnp.exe", "\\u{202E}gnp.exe"),  // right-to-left override
        ("a\u{2066}b\u{2069}\u{200F}\u{061C}", "a\\u{2066}b\\u{2069}\\u{200F}\\u{61C}"),
        ("line\u{2028}sep", "line\\u{2028}sep"),
    ])
    func controlAndBidiCharactersBecomeVisibleEscapes(input: String, shown: String) {
        #expect(TerminalText.escaped(input) == shown)
    }

    @Test func printableTextIsUnchanged() {
        for text in ["alice@example.com", "Zoë Ödön", "名前", "👩‍💻 dev", "back\\slash", "", "a b"] {
            #expect(TerminalText.escaped(text) == text)
        }
    }

    @Test func keptCharactersPassThrough() {
        #expect(TerminalText.escaped("one\ntwo\r\u{1B}", keeping: ["\n"]) == "one\ntwo\\r\\x1b")
        #expect(TerminalText.escaped("a\tb\nc\r", keeping: ["\t", "\n"]) == "a\tb\nc\\r")
    }

    @Test func wideCharactersTakeTwoColumns() {
        #expect(TerminalText.fitted("abc", columnsMax: 10) == ("abc", 3))
        #expect(TerminalText.fitted("名前", columnsMax: 10) == ("名前", 4))
        #expect(TerminalText.fitted("e\u{301}", columnsMax: 10) == ("e\u{301}", 1))  // one grapheme
    }

    @Test func longTextIsCutWithAnEllipsis() {
        #expect(TerminalText.fitted("abcdef", columnsMax: 6) == ("abcdef", 6))
        #expect(TerminalText.fitted("abcdefg", columnsMax: 6) == ("abcde…", 6))
        #expect(TerminalText.fitted("名前名前", columnsMax: 6) == ("名前…", 5))  // a wide character does not fit in one column
        #expect(TerminalText.fitted("ab", columnsMax: 1) == ("…", 1))
        let huge = String(repeating: "x", count: 20_000)
        #expect(TerminalText.fitted(huge, columnsMax: 64) == (String(repeating: "x", count: 63) + "…", 64))
    }
}
