import TallyCore

/// Reading a price table from its JSON text (docs/pricing.md, "File format"), or from LiteLLM's
/// file when the text has that shape (PriceTable+LiteLLM.swift). Strict: an unknown
/// field, a missing price or an inexact one is an error that names the model, the entry and the
/// field, because a price file that is silently half-read gives wrong costs that look right.
extension PriceTable {
    static let tableFields = ["as_of", "source", "models"]
    static let modelFields = ["model", "aliases", "note", "prices"]
    static let entryFields = ["effective_from"] + TokenPrices.fieldNames + ["long_context", "note"]
    static let tierFields = ["above_input_tokens"] + TokenPrices.fieldNames

    /// Reads a price table: one JSON object, UTF-8 (a leading byte order mark is ignored).
    /// - Complexity: O(n) in the text's bytes plus O(m log m) in the entries; reads once at startup.
    package init(json bytes: UnsafeRawBufferPointer) throws(PricingError) {
        var body = bytes
        if body.count >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF {
            body = UnsafeRawBufferPointer(rebasing: body[3...])
        }
        guard let root = JSONValue.parse(body) else { throw Self.syntaxError(body) }
        if Self.isLiteLLM(root) {
            self = try Self.fromLiteLLM(root)
            return
        }
        let parts = try Reader.table(root)
        self.init(asOf: parts.asOf, source: parts.source, models: parts.models)
    }

    package init(json text: String) throws(PricingError) {
        var copy = text
        let result: Result<PriceTable, PricingError> = copy.withUTF8 { utf8 in
            do throws(PricingError) {
                return .success(try PriceTable(json: UnsafeRawBufferPointer(utf8)))
            } catch {
                return .failure(error)
            }
        }
        self = try result.get()
    }

    private static func syntaxError(_ body: UnsafeRawBufferPointer) -> PricingError {
        if let base = body.baseAddress?.assumingMemoryBound(to: UInt8.self),
           !UTF8Validation.isValid(base, count: body.count)
        {
            let end = base + body.count
            var p = base
            while p < end {
                if p.pointee < 0x80 {
                    p += 1
                } else {
                    let width = UTF8Validation.sequenceWidth(p, end)
                    if width == 0 { break }
                    p += width
                }
            }
            return PricingError(.notUTF8(byteOffset: p - base))
        }
        let problem = JSONSyntaxLocator.firstProblem(in: body)
            ?? .init(line: 1, column: 1, message: "not a valid JSON text")
        return PricingError(.syntax(line: problem.line, column: problem.column, problem: problem.message))
    }

    /// Walks the parsed document; each function names the place it reads in its errors.
    private enum Reader {
        static func table(_ root: JSONValue) throws(PricingError) -> (asOf: String, source: String, models: [PricedModel]) {
            let top = "the top level"
            let fields = try object(root, at: top, expected: "a JSON object with \"as_of\", \"source\" and \"models\"",
                                    allowed: PriceTable.tableFields)
            let asOf = try required(fields, "as_of", at: top)
            guard case .string(let asOfText) = asOf, day(asOfText) != nil else {
                throw PricingError(.invalidDate(at: top, field: "as_of", text: shown(asOf)))
            }
            let source = try nonEmptyString(try required(fields, "source", at: top), at: top, field: "source")
            guard case .array(let items) = try required(fields, "models", at: top) else {
                throw PricingError(.wrongType(at: "\"models\"", expected: "an array of model objects"))
            }
            guard !items.isEmpty else { throw PricingError(.noModels) }
            var models: [PricedModel] = []
            // Folded name -> where it was first given, to report both places of a clash.
            var seen: [[UInt8]: String] = [:]
            for (i, item) in items.enumerated() {
                let model = try self.model(item, index: i)
                for (k, name) in ([model.name] + model.aliases).enumerated() {
                    let place = k == 0 ? "models[\(i)] \"model\"" : "models[\(i)] \"aliases\"[\(k - 1)]"
                    let folded = PriceTable.foldedBytes(name)
                    if let first = seen[folded] {
                        throw PricingError(.nameClash(name: name, first: first, second: place))
                    }
                    seen[folded] = place
                }
                models.append(model)
            }
            return (asOfText, source, models)
        }

        static func model(_ value: JSONValue, index: Int) throws(PricingError) -> PricedModel {
            let unnamed = "models[\(index)]"
            let fields = try object(value, at: unnamed, expected: "a model object with \"model\" and \"prices\"",
                                    allowed: PriceTable.modelFields)
            let name = try modelName(try required(fields, "model", at: unnamed), at: unnamed, field: "model")
            let at = "model \(quoted(name)) (models[\(index)])"
            var aliases: [String] = []
            if let list = fields["aliases"] {
                guard case .array(let items) = list else {
                    throw PricingError(.wrongType(at: at, expected: "\"aliases\" to be an array of strings (omit it for none)"))
                }
                for (k, item) in items.enumerated() {
                    aliases.append(try modelName(item, at: at, field: "aliases[\(k)]"))
                }
            }
            var note: String?
            if let value = fields["note"] { note = try nonEmptyString(value, at: at, field: "note") }
            guard case .array(let items) = try required(fields, "prices", at: at) else {
                throw PricingError(.wrongType(at: at, expected: "\"prices\" to be an array of dated price objects"))
            }
            guard !items.isEmpty else { throw PricingError(.noPrices(at: at)) }
            var entries: [DatedPrices] = []
            for (k, item) in items.enumerated() {
                entries.append(try entry(item, at: "\(at) prices[\(k)]"))
            }
            entries.sort { $0.startMs < $1.startMs }
            for k in entries.indices.dropFirst() where entries[k].startMs == entries[k - 1].startMs {
                throw PricingError(.duplicateDate(model: quoted(name), date: entries[k].effectiveFrom))
            }
            return PricedModel(name: name, aliases: aliases, note: note, entries: entries)
        }

        static func entry(_ value: JSONValue, at: String) throws(PricingError) -> DatedPrices {
            let fields = try object(value, at: at, expected: "an object with \"effective_from\" and the five prices",
                                    allowed: PriceTable.entryFields)
            let dateValue = try required(fields, "effective_from", at: at)
            guard case .string(let date) = dateValue, let days = day(date) else {
                throw PricingError(.invalidDate(at: at, field: "effective_from", text: shown(dateValue)))
            }
            let place = "\(at) (effective_from \(date))"
            var tier: LongContextTier?
            if let value = fields["long_context"] { tier = try longContext(value, at: "\(place) long_context") }
            var note: String?
            if let value = fields["note"] { note = try nonEmptyString(value, at: place, field: "note") }
            return DatedPrices(
                effectiveFrom: date, startMs: days * Timestamp.msPerDay, prices: try prices(fields, at: place),
                longContext: tier, note: note)
        }

        /// The five prices of an entry or a tier, all required.
        static func prices(_ fields: [String: JSONValue], at place: String) throws(PricingError) -> TokenPrices {
            var picos: [Int64] = []
            for field in TokenPrices.fieldNames {
                picos.append(try price(try required(fields, field, at: place), at: place, field: field))
            }
            return TokenPrices(input: picos[0], output: picos[1], cacheRead: picos[2], cacheWrite5m: picos[3], cacheWrite1h: picos[4])
        }

        /// `{"above_input_tokens": 200000, "input": 6, ...}`: the whole-request prices above a prompt size.
        static func longContext(_ value: JSONValue, at place: String) throws(PricingError) -> LongContextTier {
            let fields = try object(value, at: place, expected: "an object with \"above_input_tokens\" and the five prices",
                                    allowed: PriceTable.tierFields)
            let thresholdValue = try required(fields, "above_input_tokens", at: place)
            guard case .number(let text) = thresholdValue, let threshold = Int64(text), threshold > 0,
                  threshold <= LongContextTier.aboveInputTokensMax
            else {
                throw PricingError(.wrongType(at: place, expected: "\"above_input_tokens\" to be a whole number of prompt tokens "
                    + "from 1 to \(LongContextTier.aboveInputTokensMax), e.g. 200000, not \(shown(thresholdValue))"))
            }
            return LongContextTier(aboveInputTokens: threshold, prices: try prices(fields, at: place))
        }

        static func price(_ value: JSONValue, at: String, field: String) throws(PricingError) -> Int64 {
            guard case .number(let text) = value else {
                throw PricingError(.wrongType(at: at, expected: "\"\(field)\" to be a JSON number of USD per million tokens "
                    + "(e.g. 3 or 0.3, not quoted; 0 for no charge), not \(shown(value))"))
            }
            switch PriceDecimal.read(text) {
            case .picoPerToken(let pico): return pico
            case .negative: throw PricingError(.priceNegative(at: at, field: field, text: text))
            case .inexact: throw PricingError(.priceInexact(at: at, field: field, text: text))
            case .tooLarge: throw PricingError(.priceTooLarge(at: at, field: field, text: text))
            }
        }

        /// The members of an object, with duplicates and unknown names rejected.
        static func object(_ value: JSONValue, at: String, expected: String, allowed: [String]) throws(PricingError) -> [String: JSONValue] {
            guard case .object(let members) = value else {
                throw PricingError(.wrongType(at: at, expected: "\(expected), not \(shown(value))"))
            }
            var fields: [String: JSONValue] = [:]
            for (name, member) in members {
                guard allowed.contains(name) else {
                    throw PricingError(.unknownField(at: at, field: name, allowed: allowed))
                }
                guard fields.updateValue(member, forKey: name) == nil else {
                    throw PricingError(.duplicateField(at: at, field: name))
                }
            }
            return fields
        }

        static func required(_ fields: [String: JSONValue], _ name: String, at: String) throws(PricingError) -> JSONValue {
            guard let value = fields[name] else { throw PricingError(.missingField(at: at, field: name)) }
            return value
        }

        static func nonEmptyString(_ value: JSONValue, at: String, field: String) throws(PricingError) -> String {
            guard case .string(let text) = value, !text.isEmpty else {
                throw PricingError(.wrongType(at: at, expected: "\"\(field)\" to be a non-empty string, not \(shown(value))"))
            }
            return text
        }

        /// A model name or alias: non-empty, no control characters, at most `modelNameBytesMax` bytes
        /// (longer names never resolve, so such an entry could never be used).
        static func modelName(_ value: JSONValue, at: String, field: String) throws(PricingError) -> String {
            guard case .string(let name) = value else {
                throw PricingError(.wrongType(at: at, expected: "\"\(field)\" to be a string (a model name), not \(shown(value))"))
            }
            if name.isEmpty {
                throw PricingError(.invalidName(at: at, problem: "\"\(field)\" is empty; give the model name events carry"))
            }
            if name.utf8.count > PriceTable.modelNameBytesMax {
                throw PricingError(.invalidName(at: at, problem: "\"\(field)\" is longer than \(PriceTable.modelNameBytesMax) "
                    + "bytes; no model name is that long"))
            }
            if name.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
                throw PricingError(.invalidName(at: at, problem: "\"\(field)\" \(quoted(name)) holds a control character"))
            }
            return name
        }

        /// Days since 1970-01-01 of a `YYYY-MM-DD` date, or nil if it is not exactly that or not a
        /// real date.
        static func day(_ text: String) -> Int64? {
            let b = Array(text.utf8)
            guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return nil }
            func number(_ range: Range<Int>) -> Int64? {
                var v: Int64 = 0
                for i in range {
                    let d = b[i] &- 0x30
                    guard d < 10 else { return nil }
                    v = v * 10 + Int64(d)
                }
                return v
            }
            guard let year = number(0 ..< 4), let month = number(5 ..< 7), let day = number(8 ..< 10),
                  (1...12).contains(month), day >= 1, day <= Timestamp.daysInMonth(year: year, month: month)
            else { return nil }
            return Timestamp.daysFromCivil(year: year, month: month, day: day)
        }

        /// A value as it would appear in the file, shortened, for "not X" messages.
        static func shown(_ value: JSONValue) -> String {
            switch value {
            case .null: "null"
            case .bool(let b): String(b)
            case .number(let text): text
            case .string(let s): quoted(s)
            case .array: "an array"
            case .object: "an object"
            }
        }

        /// A string in double quotes with control characters escaped, shortened past 80 characters.
        static func quoted(_ s: String) -> String {
            var out = "\""
            for (k, scalar) in s.unicodeScalars.enumerated() {
                if k == 80 {
                    out += "..."
                    break
                }
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "\\u{\(String(scalar.value, radix: 16))}"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
    }
}
