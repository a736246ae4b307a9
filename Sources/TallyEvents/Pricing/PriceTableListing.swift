import TallyCore

/// `tokentally prices`: the price table in force (where it comes from, its date, its entries) for
/// people, as CSV rows (one per dated entry) or as JSON. Prices are shown in USD per million tokens,
/// the unit of the price file, in their shortest exact form.
package struct PriceTableListing {
    package let table: PriceTable
    /// "bundled", or the file the table was read from.
    package let origin: String

    package init(table: PriceTable, origin: String) {
        self.table = table
        self.origin = origin
    }

    package static let csvHeader = "model,aliases,effective_from," + TokenPrices.fieldNames.joined(separator: ",")
        + ",long_context_above_input_tokens," + TokenPrices.fieldNames.map { "long_context_" + $0 }.joined(separator: ",")

    /// - Complexity: O(size of the table).
    package func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: text()
        case .csv: csv()
        case .json: json()
        }
    }

    /// What a table is, in a few lines: origin, format, date, counts, and for LiteLLM's file what
    /// was left out. Also the answer of `prices --check`.
    package func summaryLines() -> [String] {
        let entries = table.models.reduce(0) { $0 + $1.entries.count }
        var lines = [
            "prices      " + origin + " (" + (table.format == .litellm ? "LiteLLM model_prices_and_context_window.json" : "tokentally format") + ")",
            "as of       " + (table.format == .litellm ? "undated (LiteLLM's file has no dates: its prices apply to every event)" : table.asOf),
            "source      " + table.source,
            "models      \(table.modelCount) (\(entries) dated entries, \(table.models.filter { $0.entries.contains { $0.longContext != nil } }.count) with a long-context tier)",
        ]
        if table.format == .litellm {
            lines.append("ignored     \(table.liteLLMIgnored.total) entries")
            for item in table.liteLLMIgnored.counts {
                lines.append("  \(item.count) \(item.reason.rawValue), e.g. \"\(item.example)\"")
            }
        }
        return lines
    }

    private func text() -> String {
        var out = summaryLines().map { TerminalText.escaped($0) }.joined(separator: "\n") + "\n\n"
        var grid = TextTable(
            header: ["model", "from", "input", "output", "cache read", "5m write", "1h write", "long context (above N prompt tokens)"],
            rightAligned: [false, false, true, true, true, true, true, false],
            columnsMax: [TextTable.cellColumnsMax, 10, 12, 12, 12, 12, 12, TextTable.sentenceColumnsMax])
        for model in table.models {
            for entry in model.entries {
                let name = model.aliases.isEmpty ? model.name : model.name + " (" + model.aliases.joined(separator: ", ") + ")"
                grid.rows.append([name, entry.effectiveFrom] + Self.texts(entry.prices) + [Self.tierText(entry.longContext)])
            }
        }
        out += grid.render()
        out += "USD per million tokens; a request whose prompt (input + cache reads + cache writes) is above the "
            + "long-context threshold is priced whole at the tier.\n"
        return out
    }

    private func csv() -> String {
        var out = Self.csvHeader + "\n"
        for model in table.models {
            for entry in model.entries {
                var cells = [CSV.text(model.name), CSV.text(model.aliases.joined(separator: " ")), entry.effectiveFrom]
                cells += Self.texts(entry.prices)
                if let tier = entry.longContext {
                    cells += [String(tier.aboveInputTokens)] + Self.texts(tier.prices)
                } else {
                    cells += Array(repeating: "", count: 6)
                }
                out += cells.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    private func json() -> String {
        var out = JSONOutput(capacity: 1 << 16)
        out.raw("{\"origin\":")
        out.string(origin)
        out.raw(",\"format\":")
        out.string(table.format.rawValue)
        out.raw(",\"as_of\":")
        if table.format == .litellm { out.raw("null") } else { out.string(table.asOf) }
        out.raw(",\"source\":")
        out.string(table.source)
        out.raw(",\"model_count\":")
        out.int(table.modelCount)
        out.raw(",\"ignored\":[")
        for (k, item) in table.liteLLMIgnored.counts.enumerated() {
            out.raw(k == 0 ? "{\"reason\":" : ",{\"reason\":")
            out.string(item.reason.rawValue)
            out.raw(",\"count\":")
            out.int(item.count)
            out.raw(",\"example\":")
            out.string(item.example)
            out.raw("}")
        }
        out.raw("],\"models\":[")
        for (m, model) in table.models.enumerated() {
            if m > 0 { out.raw(",") }
            Self.writeModel(model, to: &out)
        }
        out.raw("]}\n")
        return out.text
    }

    /// One model as JSON: the price-file field names, prices as exact JSON numbers.
    package static func writeModel(_ model: PricedModel, to out: inout JSONOutput) {
        out.raw("{\"model\":")
        out.string(model.name)
        out.raw(",\"aliases\":[")
        for (k, alias) in model.aliases.enumerated() {
            if k > 0 { out.raw(",") }
            out.string(alias)
        }
        out.raw("],\"prices\":[")
        for (k, entry) in model.entries.enumerated() {
            out.raw(k == 0 ? "{\"effective_from\":" : ",{\"effective_from\":")
            out.string(entry.effectiveFrom)
            writePrices(entry.prices, to: &out)
            if let tier = entry.longContext {
                out.raw(",\"long_context\":{\"above_input_tokens\":")
                out.int(tier.aboveInputTokens)
                writePrices(tier.prices, to: &out)
                out.raw("}")
            }
            out.raw("}")
        }
        out.raw("]}")
    }

    private static func writePrices(_ prices: TokenPrices, to out: inout JSONOutput) {
        for field in TokenPrices.fieldNames {
            out.raw(",\"\(field)\":")
            out.raw(PriceDecimal.text(picoPerToken: prices[field: field]!))
        }
    }

    static func texts(_ prices: TokenPrices) -> [String] {
        TokenPrices.fieldNames.map { PriceDecimal.text(picoPerToken: prices[field: $0]!) }
    }

    static func tierText(_ tier: LongContextTier?) -> String {
        guard let tier else { return "" }
        return "above \(tier.aboveInputTokens): " + texts(tier.prices).joined(separator: " / ")
    }
}
