import TallyCore
import TallyStages

/// `tokentally leaderboard`: the ranking, its badges and its caveat, rendered.
public struct LeaderboardReport: Sendable {
    public var board: Leaderboard
    public var scopeNote: String
    /// What the snapshot's limits left out: under the caveat in a table, a `dropped` object in JSON
    /// (the command prints them on stderr beside CSV).
    public var limitNotes: LimitNotes?

    public init(board: Leaderboard, scopeNote: String, limitNotes: LimitNotes? = nil) {
        self.board = board
        self.scopeNote = scopeNote
        self.limitNotes = limitNotes
    }

    /// The ranking reads people's token totals and the insights records.
    public static func limitNotes(_ header: SnapshotHeader) -> LimitNotes {
        LimitNotes(header: header, dimensions: [.user], insights: true)
    }

    static let columns = ["rank", "user", "tokens", "tasks_shipped", "tokens_per_shipped_task", "shipped_token_share"]

    /// A CSV row: the user is text, the rest numbers.
    static func csvValues(_ r: Leaderboard.Row) -> [String] {
        [String(r.rank), CSV.text(r.user), String(r.tokens), String(r.tasksShipped),
         r.tokensPerShippedTask.map(String.init) ?? "", r.shippedTokenShare.map { Format.format1($0 * 100) + "%" } ?? ""]
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .csv:
            return (Self.columns.joined(separator: ",") + "\n")
                + board.rows.map { Self.csvValues($0).joined(separator: ",") + "\n" }.joined()
        case .json:
            var out = JSONOutput()
            out.raw("{\"window\":")
            out.string(board.window)
            out.raw(",\"caveat\":")
            out.string(Leaderboard.caveat)
            out.raw(",\"rows\":[")
            for (i, r) in board.rows.enumerated() {
                out.raw(i == 0 ? "\n  {\"rank\":" : ",\n  {\"rank\":")
                out.int(r.rank)
                out.raw(",\"user\":")
                out.string(r.user)
                out.member("tokens", r.tokens)
                out.member("tasks_shipped", r.tasksShipped)
                out.raw(",\"tokens_per_shipped_task\":")
                if let v = r.tokensPerShippedTask { out.int(v) } else { out.raw("null") }
                out.raw("}")
            }
            out.raw("],\"badges\":[")
            for (i, b) in board.badges.enumerated() {
                out.raw(i == 0 ? "\n  {\"badge\":" : ",\n  {\"badge\":")
                out.string(b.name)
                out.raw(",\"user\":")
                out.string(b.user)
                out.raw(",\"value\":")
                out.string(b.value)
                out.raw(",\"rule\":")
                out.string(b.rule)
                out.raw("}")
            }
            out.raw("]")
            limitNotes?.writeMember(into: &out)
            out.raw("}\n")
            return out.text
        case .table:
            var text = "Leaderboard, \(board.window), by tokens\n\nNOTE: \(Leaderboard.caveat)\n"
            text += (limitNotes?.text ?? "") + "\n"
            var table = TextTable(
                header: ["rank", "user", "tokens", "tasks shipped", "tokens/shipped task", "on shipped"],
                rightAligned: [true, false, true, true, true, true])
            for r in board.rows {
                table.rows.append([
                    String(r.rank), r.user, Format.tokens(r.tokens), String(r.tasksShipped),
                    r.tokensPerShippedTask.map(Format.tokens) ?? "-",
                    r.shippedTokenShare.map(Format.percent) ?? "-",
                ])
            }
            text += table.render() + "\nBadges\n"
            var badges = TextTable(header: ["badge", "user", "value", "rule"], rightAligned: [false, false, false, false],
                                   columnsMax: [TextTable.cellColumnsMax, TextTable.cellColumnsMax,
                                                TextTable.sentenceColumnsMax, TextTable.sentenceColumnsMax])
            for b in board.badges { badges.rows.append([b.name, b.user, b.value, b.rule]) }
            return text + badges.render() + "\n\(TerminalText.escaped(scopeNote))\n"
        }
    }
}
