import TallyCore

/// `tokentally prices --resolve NAME`: how one model name resolves against a table (which model,
/// which alias, which parts of the name were removed and by which rule, and the model's dated
/// prices), or that it does not, and what to do then.
package struct ModelNameExplanation {
    package let name: String
    package let table: PriceTable
    package let resolution: PriceTable.NameResolution?

    package init(name: String, table: PriceTable) {
        self.name = name
        self.table = table
        resolution = table.resolution(name: name)
    }

    /// The table name or alias that matched, in the table's spelling.
    package var matchedName: String? {
        guard let r = resolution else { return nil }
        let key = PriceTable.foldedBytes(String(decoding: Array(name.utf8)[r.matched], as: UTF8.self))
        let model = table.models[r.model]
        return ([model.name] + model.aliases).first { PriceTable.foldedBytes($0) == key }
    }

    /// The steps that led to the match, in order, each naming the text it removed.
    package var steps: [String] {
        guard let r = resolution else { return [] }
        let bytes = Array(name.utf8)
        func text(_ range: Range<Int>) -> String { "\"" + String(decoding: bytes[range], as: UTF8.self) + "\"" }
        var steps: [String] = []
        if r.matched.lowerBound > 0 {
            steps.append("provider prefix \(text(0 ..< r.matched.lowerBound)) removed (a router or cloud naming the same model)")
        }
        if let cut = r.deploymentSuffixAt {
            steps.append("deployment suffix \(text(cut ..< bytes.count)) removed (Bedrock or Vertex id)")
        }
        if let cut = r.dateSuffixAt {
            steps.append("snapshot date \(text(cut ..< (r.deploymentSuffixAt ?? bytes.count))) removed")
        }
        if steps.isEmpty { steps.append("exact name, ignoring ASCII case") }
        return steps
    }

    package func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: text()
        case .csv: csv()
        case .json: json()
        }
    }

    private func text() -> String {
        guard let r = resolution, let matched = matchedName else {
            return TerminalText.escaped("\"\(name)\" does not resolve: no model or alias of the table has this name, even after "
                + "removing provider prefixes, Bedrock/Vertex suffixes and a snapshot date. Prefixes are never matched (a "
                + "longer name is another model at another price), so events with this model are counted as unpriced. "
                + "To price them, add the model or an alias in a --prices file.") + "\n"
        }
        let model = table.models[r.model]
        var lines = ["\"\(name)\" resolves to \(model.name)" + (matched == model.name ? "" : " (by its alias \"\(matched)\")")]
        lines += steps.map { "  rule: " + $0 }
        for entry in model.entries {
            lines.append("  from \(entry.effectiveFrom): " + zip(TokenPrices.fieldNames, PriceTableListing.texts(entry.prices))
                .map { "\($0) \($1)" }.joined(separator: ", ") + " USD per million tokens")
            if let tier = entry.longContext {
                lines.append("    prompts above \(tier.aboveInputTokens) tokens: "
                    + zip(TokenPrices.fieldNames, PriceTableListing.texts(tier.prices)).map { "\($0) \($1)" }.joined(separator: ", "))
            }
        }
        if let note = model.note { lines.append("  note: " + note) }
        return lines.map { TerminalText.escaped($0) }.joined(separator: "\n") + "\n"
    }

    /// A header and one row: the name, the model (empty when none), the name or alias matched,
    /// and the steps, separated by "; ".
    private func csv() -> String {
        let model = resolution.map { table.models[$0.model].name } ?? ""
        return "name,model,matched,rules\n" + [name, model, matchedName ?? "", steps.joined(separator: "; ")]
            .map(CSV.text).joined(separator: ",") + "\n"
    }

    private func json() -> String {
        var out = JSONOutput(capacity: 1024)
        out.raw("{\"name\":")
        out.string(name)
        guard let r = resolution else {
            out.raw(",\"resolves\":false}\n")
            return out.text
        }
        out.raw(",\"resolves\":true,\"matched\":")
        out.string(matchedName ?? "")
        out.raw(",\"rules\":[")
        for (k, step) in steps.enumerated() {
            if k > 0 { out.raw(",") }
            out.string(step)
        }
        out.raw("],\"model\":")
        PriceTableListing.writeModel(table.models[r.model], to: &out)
        out.raw("}\n")
        return out.text
    }
}
