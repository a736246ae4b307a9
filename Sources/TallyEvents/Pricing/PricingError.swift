import TallyCore

/// An error reading a price table (`--prices FILE` or the bundled table). Each message says where
/// the problem is (line and column for JSON syntax; the model, the dated entry and the field
/// otherwise), what is wrong and what a valid value looks like.
package struct PricingError: Error, CustomStringConvertible, Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case notUTF8(byteOffset: Int)
        /// The file could not be read (`errno`), or is larger than any price table needs.
        case unreadable(errno: Int32)
        case tooLarge(bytesMax: Int)
        /// JSON syntax, at a 1-based line and column (in characters).
        case syntax(line: Int, column: Int, problem: String)
        /// `at` names the place, e.g. `model "o3" prices[1]`; `expected` says what belongs there.
        case wrongType(at: String, expected: String)
        case missingField(at: String, field: String)
        case unknownField(at: String, field: String, allowed: [String])
        case duplicateField(at: String, field: String)
        case noModels
        /// A LiteLLM price file in which no entry is a chat model with exact token prices.
        case noLiteLLMModels(ignored: Int)
        case noPrices(at: String)
        case invalidName(at: String, problem: String)
        /// A model name or alias given twice (compared ignoring ASCII case), at two places.
        case nameClash(name: String, first: String, second: String)
        case invalidDate(at: String, field: String, text: String)
        case duplicateDate(model: String, date: String)
        case priceNegative(at: String, field: String, text: String)
        case priceInexact(at: String, field: String, text: String)
        case priceTooLarge(at: String, field: String, text: String)
    }

    package let kind: Kind
    /// The file the error concerns; nil for text given directly (the bundled table, tests).
    package let path: String?

    package init(_ kind: Kind, path: String? = nil) {
        self.kind = kind
        self.path = path
    }

    /// The same error, naming `path` (the parser reads bytes and does not know the file name).
    package func naming(_ path: String) -> PricingError { PricingError(kind, path: path) }

    package var description: String {
        let prefix = "\(path ?? "price table"): "
        let unit = "a JSON number of USD per million tokens, e.g. 3 or 0.3"
        switch kind {
        case .unreadable(let code):
            return prefix + "cannot read: \(SystemError.message(code))"
        case .tooLarge(let bytesMax):
            return prefix + "larger than \(bytesMax) bytes; a price table is a few kilobytes"
        case .notUTF8(let offset):
            return prefix + "not UTF-8 text (invalid byte at offset \(offset)); save the file as UTF-8"
        case .syntax(let line, let column, let problem):
            return prefix + "line \(line), column \(column): \(problem)"
        case .wrongType(let at, let expected):
            return prefix + "\(at): expected \(expected)"
        case .missingField(let at, let field):
            let hint = field.hasPrefix("cache_")
                ? " (write 0 if the provider does not charge for it: every price is required so that none is zero by accident)"
                : ""
            return prefix + "\(at): missing \"\(field)\"\(hint)"
        case .unknownField(let at, let field, let allowed):
            return prefix + "\(at): unknown field \"\(field)\"; the fields here are "
                + allowed.map { "\"\($0)\"" }.joined(separator: ", ")
        case .duplicateField(let at, let field):
            return prefix + "\(at): \"\(field)\" is given twice; keep one"
        case .noModels:
            return prefix + "\"models\" is empty; list at least one model with its prices"
        case .noLiteLLMModels(let ignored):
            return prefix + "read as LiteLLM's model_prices_and_context_window.json, but none of its \(ignored) entries is a chat "
                + "model with input_cost_per_token and output_cost_per_token; `tokentally prices --check FILE` lists why"
        case .noPrices(let at):
            return prefix + "\(at): \"prices\" is empty; give at least one dated entry"
        case .invalidName(let at, let problem):
            return prefix + "\(at): \(problem)"
        case .nameClash(let name, let first, let second):
            return prefix + "the name \"\(name)\" is given at \(first) and again at \(second); each model name and "
                + "alias must be unique (names are compared ignoring ASCII case); put every dated price of a model "
                + "under one entry"
        case .invalidDate(let at, let field, let text):
            return prefix + "\(at): \(field) \(text) is not a date; write a UTC calendar date as \"YYYY-MM-DD\", e.g. \"2025-06-10\""
        case .duplicateDate(let model, let date):
            return prefix + "model \(model) has two entries with effective_from \(date); merge them or change one date"
        case .priceNegative(let at, let field, let text):
            return prefix + "\(at): \(field) is \(text); prices cannot be negative (\(unit))"
        case .priceInexact(let at, let field, let text):
            return prefix + "\(at): \(field) \(text) has more than 6 decimal places in USD per million tokens; prices are "
                + "kept exactly in pico-dollars per token ($0.000001 per million), so round it to 6 places"
        case .priceTooLarge(let at, let field, let text):
            return prefix + "\(at): \(field) \(text) is more than $\(PriceDecimal.picoPerTokenMax / 1_000_000) per million "
                + "tokens; prices are USD per million tokens (not per token or per thousand)"
        }
    }
}
