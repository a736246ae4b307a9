/// Why entries of a LiteLLM price file were left out of the table, with how many and one example
/// name each, so that `tokentally prices` can say what a refresh did not load.
package struct LiteLLMIgnoredEntries: Sendable, Equatable {
    package enum Reason: String, Error, CaseIterable {
        case notChat = "not a chat model (mode is embedding, image, audio, rerank... or missing)"
        case noTokenPrices = "no input_cost_per_token and output_cost_per_token"
        case unrepresentablePrice = "a price that is negative, finer than a pico-dollar per token or above $10,000 per million"
        case reasoningPricedApart = "thinking priced apart from output (events count thinking as output)"
        case severalTiers = "more than one long-context threshold"
        case invalidName = "a name that is empty, over 256 bytes or holds a control character"
        case nameClash = "the same name as an earlier entry, ignoring case"
        case notAnObject = "not a JSON object"
    }

    /// Count and first example per reason, in `Reason.allCases` order; reasons that never
    /// occurred are absent.
    package private(set) var counts: [(reason: Reason, count: Int, example: String)] = []

    package init() {}

    package var total: Int { counts.reduce(0) { $0 + $1.count } }

    mutating func add(_ reason: Reason, name: String) {
        if let i = counts.firstIndex(where: { $0.reason == reason }) {
            counts[i].count += 1
        } else {
            counts.append((reason, 1, name))
            counts.sort { a, b in
                Reason.allCases.firstIndex(of: a.reason)! < Reason.allCases.firstIndex(of: b.reason)!
            }
        }
    }

    package static func == (a: Self, b: Self) -> Bool {
        a.counts.elementsEqual(b.counts) { $0.reason == $1.reason && $0.count == $1.count && $0.example == $1.example }
    }
}
