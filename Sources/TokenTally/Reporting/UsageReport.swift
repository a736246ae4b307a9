/// `tokentally report`: one dimension's totals over one window, ranked.
public struct UsageReport: Sendable {
    public static let columns = [
        "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "total_tokens",
        "events", "outcomes", "cost_usd",
    ]

    public let dimension: KeyDimension
    public let window: String
    /// Sorted by `total_tokens` descending, ties by key ascending (byte order).
    public let rows: [SnapshotTotal]

    /// - Complexity: O(rows log rows).
    public init(snapshot: SnapshotFile, dimension: KeyDimension, window: String, top: Int?) throws(ReportError) {
        guard snapshot.header.windows.contains(where: { $0.name == window }) else {
            throw ReportError.unknownWindow(window, available: snapshot.header.windows.map(\.name))
        }
        let totals: [SnapshotTotal]
        do { totals = try snapshot.totals(dimension: dimension, window: window) } catch { throw ReportError.snapshot(error) }
        var sorted = totals.sorted {
            $0.totalTokens != $1.totalTokens ? $0.totalTokens > $1.totalTokens
                : $0.key.utf8.lexicographicallyPrecedes($1.key.utf8)
        }
        if let top, sorted.count > top { sorted.removeSubrange(top...) }
        self.dimension = dimension
        self.window = window
        rows = sorted
    }

    static func values(_ t: SnapshotTotal) -> [String] {
        [t.inputTokens, t.outputTokens, t.cacheReadTokens, t.cacheWriteTokens, t.totalTokens, t.events, t.outcomes]
            .map { String($0) } + [JSONOutput.nanoText(t.costNanoUSD)]
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .csv:
            var text = ([dimension.name] + Self.columns).joined(separator: ",") + "\n"
            for row in rows { text += ([CSV.field(row.key)] + Self.values(row)).joined(separator: ",") + "\n" }
            return text
        case .json:
            var out = JSONOutput()
            out.raw("[")
            for (i, row) in rows.enumerated() {
                out.raw(i == 0 ? "\n  {\"" : ",\n  {\"")
                out.raw(dimension.name)
                out.raw("\":")
                out.string(row.key)
                for (column, value) in zip(Self.columns, Self.values(row)) {
                    out.raw(",\"")
                    out.raw(column)
                    out.raw("\":")
                    out.raw(value)
                }
                out.raw("}")
            }
            out.raw(rows.isEmpty ? "]\n" : "\n]\n")
            return out.text
        case .table:
            var table = TextTable(header: [dimension.name] + Self.columns, rightAligned: [false] + Self.columns.map { _ in true })
            for row in rows {
                var values = Self.values(row).dropLast().map(Self.grouped)
                values.append(Self.dollars(row.costNanoUSD))
                table.rows.append([row.key] + values)
            }
            return table.render()
        }
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ digits: String) -> String {
        var result = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0, i % 3 == 0, c != "-" { result.append(",") }
            result.append(c)
        }
        return String(result.reversed())
    }

    /// Nano-dollars rounded to cents, for people.
    static func dollars(_ nano: Int64) -> String {
        let cents = (nano + 5_000_000) / 10_000_000
        let c = cents % 100
        return grouped(String(cents / 100)) + "." + (c < 10 ? "0" : "") + String(c)
    }
}

/// CSV quoting per RFC 4180.
enum CSV {
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
