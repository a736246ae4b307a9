/// Aligns rows in columns for people: text left, numbers right.
package struct TextTable {
    package var header: [String]
    package var rightAligned: [Bool]
    package var rows: [[String]] = []

    package init(header: [String], rightAligned: [Bool]) {
        precondition(header.count == rightAligned.count)
        self.header = header
        self.rightAligned = rightAligned
    }

    package func render() -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return rightAligned[i] ? pad + cell : cell + pad
            }.joined(separator: "  ").replacing(/\s+$/, with: "")
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line))
            .joined(separator: "\n") + "\n"
    }
}
