/// One model of a price table, as the table lists it: a name, other names that mean the same
/// model, and dated prices.
package struct PricedModel: Sendable, Equatable {
    package var name: String
    package var aliases: [String]
    package var note: String?
    /// In increasing `startMs` order, at most one per day; never empty.
    package var entries: [DatedPrices]

    package init(name: String, aliases: [String] = [], note: String? = nil, entries: [DatedPrices]) {
        self.name = name
        self.aliases = aliases
        self.note = note
        self.entries = entries
    }
}
