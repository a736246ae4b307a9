import TallyCore
import TallyStages

/// `tokentally flags`: the red flags of one window, rendered.
public struct FlagsReport: Sendable {
    public var window: String
    public var flags: [RedFlag]
    public var scopeNote: String
    /// What the snapshot's limits left out (in a table under the count; on stderr beside CSV and JSON).
    public var limitNotes: LimitNotes?

    public init(window: String, flags: [RedFlag], scopeNote: String, limitNotes: LimitNotes? = nil) {
        self.window = window
        self.flags = flags
        self.scopeNote = scopeNote
        self.limitNotes = limitNotes
    }

    /// The flags read people's and teams' token totals and the insights records, and show tasks'
    /// runs since their latest status.
    public static func limitNotes(_ header: SnapshotHeader) -> LimitNotes {
        LimitNotes(header: header, dimensions: [.user, .team], insights: true).adding(LimitNotes.inexactTaskRuns(header))
    }

    public func render(_ format: OutputFormat) -> String {
        let columns = ["kind", "subject", "evidence", "threshold"]
        func values(_ f: RedFlag) -> [String] { [f.kind.rawValue, f.subject, f.evidence, f.threshold] }
        switch format {
        case .csv:
            return (columns.joined(separator: ",") + "\n")
                + flags.map { values($0).map(CSV.text).joined(separator: ",") + "\n" }.joined()
        case .json:
            var out = JSONOutput()
            out.raw("[")
            for (i, f) in flags.enumerated() {
                out.raw(i == 0 ? "\n  {" : ",\n  {")
                for (n, (column, value)) in zip(columns, values(f)).enumerated() {
                    out.raw(n == 0 ? "\"" : ",\"")
                    out.raw(column)
                    out.raw("\":")
                    out.string(value)
                }
                out.raw(",\"people\":[")
                for (n, p) in f.people.enumerated() {
                    if n > 0 { out.raw(",") }
                    out.string(p)
                }
                out.raw("]}")
            }
            out.raw(flags.isEmpty ? "]\n" : "\n]\n")
            return out.text
        case .table:
            var text = "Red flags in \(window): \(flags.count)\n" + (limitNotes?.text ?? "")
            for kind in RedFlag.Kind.allCases {
                let ofKind = flags.filter { $0.kind == kind }
                text += "\n\(kind.title) (\(ofKind.count))"
                if let first = ofKind.first { text += ": \(first.threshold)" }
                text += "\n"
                var table = TextTable(header: ["subject", "evidence"], rightAligned: [false, false],
                                      columnsMax: [TextTable.cellColumnsMax, TextTable.sentenceColumnsMax])
                for f in ofKind { table.rows.append([f.subject, f.evidence]) }
                if !ofKind.isEmpty { text += table.render() }
            }
            return text + "\n\(TerminalText.escaped(scopeNote))\n"
        }
    }
}
