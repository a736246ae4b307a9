/// CSV fields per RFC 4180 for text cells (names, evidence), made safe for spreadsheets and
/// terminals. Numeric cells are written as they are: only text is ever changed, so a negative number
/// stays a number.
package enum CSV {
    /// Control and bidi characters are escaped as on a terminal (`TerminalText`), except tab and line
    /// feed, which are data a quoted field can hold; a carriage return is escaped too, since `cat`
    /// would let it overwrite the line on screen. A cell a spreadsheet would run as a formula (first
    /// character `=`, `+`, `-`, `@` or tab, as OWASP lists; a leading CR is already `\r`) gets a
    /// single quote in front and is quoted, as OWASP recommends for CSV injection.
    package static func text(_ value: String) -> String {
        let text = TerminalText.escaped(value, keeping: ["\t", "\n"])
        if let first = text.unicodeScalars.first, "=+-@\t".unicodeScalars.contains(first) {
            return quoted("'" + text)
        }
        return text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? quoted(text) : text
    }

    private static func quoted(_ text: String) -> String { "\"" + text.replacing("\"", with: "\"\"") + "\"" }
}
