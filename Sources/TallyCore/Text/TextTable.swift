/// Aligns rows in columns for people: text left, numbers right. Each cell is escaped for the
/// terminal (`TerminalText`), so a name can neither act on the terminal nor start a row, and cut to
/// its column's widest with "…" (CSV and JSON keep the whole value), so one long name cannot stretch
/// every row. Rendering is linear in the cells' length.
package struct TextTable {
    /// Widest cell shown, in terminal columns, for names: users, teams, models, tasks, sessions.
    package static let cellColumnsMax = 64
    /// Widest cell for sentences tokentally writes around names, such as a flag's evidence.
    package static let sentenceColumnsMax = 240

    package var header: [String]
    package var rightAligned: [Bool]
    package var columnsMax: [Int]
    package var rows: [[String]] = []

    package init(header: [String], rightAligned: [Bool], columnsMax: [Int]? = nil) {
        precondition(header.count == rightAligned.count && (columnsMax?.count ?? header.count) == header.count)
        self.header = header
        self.rightAligned = rightAligned
        self.columnsMax = columnsMax ?? header.map { _ in Self.cellColumnsMax }
    }

    package func render() -> String {
        let cells = ([header] + rows).map { row in
            row.enumerated().map { i, cell in TerminalText.fitted(TerminalText.escaped(cell), columnsMax: columnsMax[i]) }
        }
        var widths = header.map { _ in 0 }
        for row in cells {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.columns) }
        }
        let rule = widths.map { (text: String(repeating: "-", count: $0), columns: $0) }
        var out = ""
        for row in [cells[0], rule] + cells.dropFirst() {
            var line = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.columns)
                line += (i == 0 ? "" : "  ") + (rightAligned[i] ? pad + cell.text : cell.text + pad)
            }
            // Trailing padding goes in one cut: removing it a space at a time copied the line each time.
            let end = line.utf8.lastIndex { $0 != UInt8(ascii: " ") }.map { line.utf8.index(after: $0) } ?? line.startIndex
            out += line[..<end] + "\n"
        }
        return out
    }
}
