import TallyCore

/// Writing a table back in the price-file format: a starting point for a custom `--prices` file,
/// and the other half of the round-trip test. `PriceTable(json: t.jsonText()) == t`.
extension PriceTable {
    /// The table as price-file JSON: one model object per block, one dated entry per line, prices
    /// in their shortest exact decimal form.
    /// - Complexity: O(size of the table).
    package func jsonText() -> String {
        var out = JSONOutput(capacity: 1 << 14)
        out.raw("{\n  \"as_of\": ")
        out.string(asOf)
        out.raw(",\n  \"source\": ")
        out.string(source)
        out.raw(",\n  \"models\": [")
        for (m, model) in models.enumerated() {
            out.raw(m == 0 ? "\n    {\n      \"model\": " : ",\n    {\n      \"model\": ")
            out.string(model.name)
            if !model.aliases.isEmpty {
                out.raw(",\n      \"aliases\": [")
                for (k, alias) in model.aliases.enumerated() {
                    if k > 0 { out.raw(", ") }
                    out.string(alias)
                }
                out.raw("]")
            }
            if let note = model.note {
                out.raw(",\n      \"note\": ")
                out.string(note)
            }
            out.raw(",\n      \"prices\": [")
            for (k, entry) in model.entries.enumerated() {
                out.raw(k == 0 ? "\n        {\"effective_from\": " : ",\n        {\"effective_from\": ")
                out.string(entry.effectiveFrom)
                Self.writePrices(entry.prices, to: &out)
                if let tier = entry.longContext {
                    out.raw(",\n         \"long_context\": {\"above_input_tokens\": \(tier.aboveInputTokens)")
                    Self.writePrices(tier.prices, to: &out)
                    out.raw("}")
                }
                if let note = entry.note {
                    out.raw(", \"note\": ")
                    out.string(note)
                }
                out.raw("}")
            }
            out.raw("\n      ]\n    }")
        }
        out.raw("\n  ]\n}\n")
        return out.text
    }

    private static func writePrices(_ prices: TokenPrices, to out: inout JSONOutput) {
        for field in TokenPrices.fieldNames {
            out.raw(", \"\(field)\": ")
            out.raw(PriceDecimal.text(picoPerToken: prices[field: field]!))
        }
    }
}
