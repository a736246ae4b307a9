import Testing
@testable import TallyEvents

/// Reading `--prices FILE`: a small custom table read and written back, and every rejection with
/// the place it names.
@Suite struct PricingFileTests {
    private static let custom = #"""
    {
      "as_of": "2026-03-01",
      "source": "internal rate card, finance team",
      "models": [
        {
          "model": "acme-large",
          "aliases": ["acme/large", "Acme-L"],
          "note": "negotiated rate",
          "prices": [
            {"effective_from": "2026-02-01", "input": 2.4, "output": 12, "cache_read": 0.24, "cache_write_5m": 3, "cache_write_1h": 4.8, "note": "renewal"},
            {"effective_from": "2025-01-01", "input": 3, "output": 15, "cache_read": 0.3, "cache_write_5m": 3.75, "cache_write_1h": 6}
          ]
        },
        {
          "model": "acme-small",
          "prices": [
            {"effective_from": "2025-01-01", "input": 0.000001, "output": 1.25e-1, "cache_read": 0, "cache_write_5m": -0, "cache_write_1h": 10000}
          ]
        }
      ]
    }
    """#

    @Test func readsACustomTable() throws {
        let table = try PriceTable(json: Self.custom)
        #expect(table.asOf == "2026-03-01")
        #expect(table.source == "internal rate card, finance team")
        #expect(table.modelCount == 2)
        let large = try #require(table.modelIndex(name: "acme-large"))
        #expect(table.modelIndex(name: "acme/large") == large)
        #expect(table.modelIndex(name: "acme-l") == large)  // alias "Acme-L", case folded
        #expect(table.modelIndex(name: "acme-large-20260215") == large)  // date stripped
        let model = table.models[large]
        #expect(model.aliases == ["acme/large", "Acme-L"])
        #expect(model.note == "negotiated rate")
        // Sorted by date, whatever the file's order.
        #expect(model.entries.map(\.effectiveFrom) == ["2025-01-01", "2026-02-01"])
        #expect(model.entries[0].startMs == 1_735_689_600_000)  // 2025-01-01T00:00:00Z
        #expect(model.entries[1].note == "renewal")
        #expect(model.entries[1].prices == TokenPrices(input: 2_400_000, output: 12_000_000, cacheRead: 240_000,
                                                       cacheWrite5m: 3_000_000, cacheWrite1h: 4_800_000))
        let small = try #require(table.modelIndex(name: "acme-small"))
        // 0.000001 -> 1 pico; 1.25e-1 -> 125,000 pico; -0 -> 0; 10000 -> 10^10 pico (the largest allowed).
        #expect(table.models[small].entries[0].prices == TokenPrices(input: 1, output: 125_000, cacheRead: 0,
                                                                      cacheWrite5m: 0, cacheWrite1h: 10_000_000_000))
        // Jan 2026 is before the renewal: 1M input at $3.
        #expect(table.costNanoUSD(model: large, atMs: 1_767_225_600_000, input: 1_000_000, output: 0, cacheRead: 0,
                                  cacheWrite5m: 0, cacheWrite1h: 0) == 3_000_000_000)
    }

    @Test func writesTheSameTableBack() throws {
        let table = try PriceTable(json: Self.custom)
        let text = table.jsonText()
        #expect(try PriceTable(json: text) == table)
        #expect(text == #"""
            {
              "as_of": "2026-03-01",
              "source": "internal rate card, finance team",
              "models": [
                {
                  "model": "acme-large",
                  "aliases": ["acme/large", "Acme-L"],
                  "note": "negotiated rate",
                  "prices": [
                    {"effective_from": "2025-01-01", "input": 3, "output": 15, "cache_read": 0.3, "cache_write_5m": 3.75, "cache_write_1h": 6},
                    {"effective_from": "2026-02-01", "input": 2.4, "output": 12, "cache_read": 0.24, "cache_write_5m": 3, "cache_write_1h": 4.8, "note": "renewal"}
                  ]
                },
                {
                  "model": "acme-small",
                  "prices": [
                    {"effective_from": "2025-01-01", "input": 0.000001, "output": 0.125, "cache_read": 0, "cache_write_5m": 0, "cache_write_1h": 10000}
                  ]
                }
              ]
            }

            """#)
    }

    @Test func acceptsAByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(Self.custom.utf8)
        let table = try bytes.withUnsafeBytes { raw throws(PricingError) in try PriceTable(json: raw) }
        #expect(table.modelCount == 2)
    }

    // MARK: rejections

    private func error(_ text: String) -> PricingError.Kind? {
        do {
            _ = try PriceTable(json: text)
            return nil
        } catch {
            return error.kind
        }
    }

    /// A one-model table whose single entry has `entry` as its members.
    private func entryError(_ entry: String) -> PricingError.Kind? {
        error(#"{"as_of": "2026-01-01", "source": "s", "models": [{"model": "m", "prices": [{\#(entry)}]}]}"#)
    }

    private static let fullEntry = #""effective_from": "2025-06-10", "input": 1, "output": 2, "cache_read": 0.1, "cache_write_5m": 1.25, "cache_write_1h": 2"#

    private let entryPlace = "model \"m\" (models[0]) prices[0]"
    private let pricePlace = "model \"m\" (models[0]) prices[0] (effective_from 2025-06-10)"

    @Test func notUTF8() {
        let bytes: [UInt8] = Array(#"{"as_of": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let kind = bytes.withUnsafeBytes { raw -> PricingError.Kind? in
            do throws(PricingError) {
                _ = try PriceTable(json: raw)
                return nil
            } catch {
                return error.kind
            }
        }
        #expect(kind == .notUTF8(byteOffset: 11))
    }

    @Test func syntaxErrorsNameLineAndColumn() {
        // Line 3, column 3: the second member follows the first without a comma.
        #expect(error("{\n  \"as_of\": \"2026-01-01\"\n  \"source\": \"s\"\n}") ==
            .syntax(line: 3, column: 3, problem: "expected ',' or '}'; is a comma missing?"))
        #expect(error("{\"models\": [1, 2,]}") ==
            .syntax(line: 1, column: 18, problem: "a comma before ']'; JSON allows no trailing comma"))
        #expect(error("") == .syntax(line: 1, column: 1, problem: "the file is empty; it should hold one JSON object"))
        #expect(error("{\"input\": .5}") == .syntax(line: 1, column: 11, problem:
            "not a JSON value (strings need double quotes; numbers look like 3 or 0.3; no leading '+', leading zeros or bare '.5')"))
        #expect(error("{'as_of': 1}") == .syntax(line: 1, column: 2, problem: "expected a member name in double quotes"))
        #expect(error("{\"a\" 1}") == .syntax(line: 1, column: 6, problem: "expected ':' after the member name"))
        #expect(error("{\"a\": \"x}") == .syntax(line: 1, column: 7, problem:
            "a string is not closed, or holds a raw control character or an invalid escape"))
        #expect(error("{} {}") == .syntax(line: 1, column: 4, problem: "unexpected text after the end of the JSON value"))
        #expect(error("{\"a\": [") == .syntax(line: 1, column: 8, problem: "the text ends where a value was expected"))
        // Columns count characters, not bytes: "é" is two bytes, one column.
        #expect(error("{\"é\": x}") == .syntax(line: 1, column: 7, problem:
            "not a JSON value (strings need double quotes; numbers look like 3 or 0.3; no leading '+', leading zeros or bare '.5')"))
    }

    @Test func theTopLevel() {
        #expect(error("[]") == .wrongType(at: "the top level",
            expected: "a JSON object with \"as_of\", \"source\" and \"models\", not an array"))
        #expect(error(#"{"as_of": "2026-01-01", "source": "s", "models": [], "version": 1}"#) ==
            .unknownField(at: "the top level", field: "version", allowed: ["as_of", "source", "models"]))
        #expect(error(#"{"source": "s", "models": []}"#) == .missingField(at: "the top level", field: "as_of"))
        #expect(error(#"{"as_of": "2026-01-01", "models": []}"#) == .missingField(at: "the top level", field: "source"))
        #expect(error(#"{"as_of": "2026-01-01", "source": "s"}"#) == .missingField(at: "the top level", field: "models"))
        #expect(error(#"{"as_of": "2026-01-01", "source": "", "models": []}"#) ==
            .wrongType(at: "the top level", expected: "\"source\" to be a non-empty string, not \"\""))
        #expect(error(#"{"as_of": "2026-01-01", "source": "s", "models": {}}"#) ==
            .wrongType(at: "\"models\"", expected: "an array of model objects"))
        #expect(error(#"{"as_of": "2026-01-01", "source": "s", "models": []}"#) == .noModels)
        #expect(error(#"{"as_of": "2026-01-01", "as_of": "2026-01-02", "source": "s", "models": []}"#) ==
            .duplicateField(at: "the top level", field: "as_of"))
    }

    @Test(arguments: [
        (#""2025-02-29""#, #""2025-02-29""#),  // not a leap year
        (#""2025-13-01""#, #""2025-13-01""#),
        (#""2025-6-10""#, #""2025-6-10""#),
        (#""20250610""#, #""20250610""#),
        (#""2025-06-10T00:00:00Z""#, #""2025-06-10T00:00:00Z""#),
        ("20250610", "20250610"),
        ("null", "null"),
    ])
    func invalidAsOf(value: String, shown: String) {
        #expect(error(#"{"as_of": \#(value), "source": "s", "models": []}"#) ==
            .invalidDate(at: "the top level", field: "as_of", text: shown))
    }

    @Test func leapDayIsADate() throws {
        let table = try PriceTable(json: #"{"as_of": "2024-02-29", "source": "s", "models": [{"model": "m", "prices": [{"effective_from": "2000-02-29", "input": 1, "output": 2, "cache_read": 0.1, "cache_write_5m": 1.25, "cache_write_1h": 2}]}]}"#)
        #expect(table.models[0].entries[0].startMs == 951_782_400_000)  // 2000-02-29T00:00:00Z
    }

    private func modelsError(_ models: String) -> PricingError.Kind? {
        error(#"{"as_of": "2026-01-01", "source": "s", "models": [\#(models)]}"#)
    }

    private static let prices = #""prices": [{"effective_from": "2025-06-10", "input": 1, "output": 2, "cache_read": 0.1, "cache_write_5m": 1.25, "cache_write_1h": 2}]"#

    @Test func modelObjects() {
        #expect(modelsError("3") == .wrongType(at: "models[0]", expected: "a model object with \"model\" and \"prices\", not 3"))
        #expect(modelsError(#"{\#(Self.prices)}"#) == .missingField(at: "models[0]", field: "model"))
        #expect(modelsError(#"{"model": "", \#(Self.prices)}"#) ==
            .invalidName(at: "models[0]", problem: "\"model\" is empty; give the model name events carry"))
        #expect(modelsError(#"{"model": 4, \#(Self.prices)}"#) ==
            .wrongType(at: "models[0]", expected: "\"model\" to be a string (a model name), not 4"))
        #expect(modelsError(#"{"model": "a\tb", \#(Self.prices)}"#) ==
            .invalidName(at: "models[0]", problem: "\"model\" \"a\\u{9}b\" holds a control character"))
        let long = String(repeating: "x", count: 257)
        #expect(modelsError(#"{"model": "\#(long)", \#(Self.prices)}"#) ==
            .invalidName(at: "models[0]", problem: "\"model\" is longer than 256 bytes; no model name is that long"))
        #expect(modelsError(#"{"model": "m", "price": []}"#) ==
            .unknownField(at: "models[0]", field: "price", allowed: ["model", "aliases", "note", "prices"]))
        #expect(modelsError(#"{"model": "m"}"#) == .missingField(at: "model \"m\" (models[0])", field: "prices"))
        #expect(modelsError(#"{"model": "m", "prices": []}"#) == .noPrices(at: "model \"m\" (models[0])"))
        #expect(modelsError(#"{"model": "m", "prices": {}}"#) ==
            .wrongType(at: "model \"m\" (models[0])", expected: "\"prices\" to be an array of dated price objects"))
        #expect(modelsError(#"{"model": "m", "aliases": "n", \#(Self.prices)}"#) ==
            .wrongType(at: "model \"m\" (models[0])", expected: "\"aliases\" to be an array of strings (omit it for none)"))
        #expect(modelsError(#"{"model": "m", "aliases": ["n", null], \#(Self.prices)}"#) ==
            .wrongType(at: "model \"m\" (models[0])", expected: "\"aliases[1]\" to be a string (a model name), not null"))
        #expect(modelsError(#"{"model": "m", "note": 1, \#(Self.prices)}"#) ==
            .wrongType(at: "model \"m\" (models[0])", expected: "\"note\" to be a non-empty string, not 1"))
    }

    @Test func namesAndAliasesMustBeUnique() {
        #expect(modelsError(#"{"model": "m", \#(Self.prices)}, {"model": "m", \#(Self.prices)}"#) ==
            .nameClash(name: "m", first: "models[0] \"model\"", second: "models[1] \"model\""))
        #expect(modelsError(#"{"model": "m", \#(Self.prices)}, {"model": "n", "aliases": ["x", "M"], \#(Self.prices)}"#) ==
            .nameClash(name: "M", first: "models[0] \"model\"", second: "models[1] \"aliases\"[1]"))
        #expect(modelsError(#"{"model": "m", "aliases": ["m"], \#(Self.prices)}"#) ==
            .nameClash(name: "m", first: "models[0] \"model\"", second: "models[0] \"aliases\"[0]"))
    }

    @Test func longContextTier() throws {
        let tier = #""long_context": {"above_input_tokens": 200000, "input": 6, "output": 22.5, "cache_read": 0.6, "cache_write_5m": 7.5, "cache_write_1h": 12}"#
        #expect(entryError(Self.fullEntry + ", " + tier) == nil)
        let table = try PriceTable(json: #"{"as_of": "2026-01-01", "source": "s", "models": [{"model": "m", "prices": [{\#(Self.fullEntry), \#(tier)}]}]}"#)
        let read = try #require(table.models[0].entries[0].longContext)
        #expect(read.aboveInputTokens == 200_000)
        #expect(read.prices == TokenPrices(input: 6_000_000, output: 22_500_000, cacheRead: 600_000, cacheWrite5m: 7_500_000, cacheWrite1h: 12_000_000))
        #expect(try PriceTable(json: table.jsonText()) == table)

        let place = pricePlace + " long_context"
        let expected = "\"above_input_tokens\" to be a whole number of prompt tokens from 1 to 1099511627776, e.g. 200000, not "
        for bad in ["0", "-1", "1.5", "2e5", "\"200000\"", "1099511627777", "99999999999999999999"] {
            let entry = Self.fullEntry + #", "long_context": {"above_input_tokens": \#(bad), "input": 6, "output": 22.5, "cache_read": 0.6, "cache_write_5m": 7.5, "cache_write_1h": 12}"#
            #expect(entryError(entry) == .wrongType(at: place, expected: expected + bad), "\(bad)")
        }
        #expect(entryError(Self.fullEntry + #", "long_context": {"above_input_tokens": 200000, "input": 6, "output": 22.5, "cache_read": 0.6, "cache_write_5m": 7.5}"#)
            == .missingField(at: place, field: "cache_write_1h"))
        #expect(entryError(Self.fullEntry + #", "long_context": {"above": 200000}"#)
            == .unknownField(at: place, field: "above", allowed: ["above_input_tokens"] + TokenPrices.fieldNames))
        #expect(entryError(Self.fullEntry + #", "long_context": 200000"#)
            == .wrongType(at: place, expected: "an object with \"above_input_tokens\" and the five prices, not 200000"))
    }

    @Test func entryFields() {
        #expect(entryError(Self.fullEntry) == nil)
        for field in ["input", "output", "cache_read", "cache_write_5m", "cache_write_1h"] {
            let without = Self.fullEntry.replacing(#", "\#(field)": "#, with: #", "x_\#(field)": "#)
            #expect(entryError(without) == .unknownField(at: entryPlace, field: "x_\(field)", allowed:
                ["effective_from", "input", "output", "cache_read", "cache_write_5m", "cache_write_1h", "long_context", "note"]))
        }
        #expect(entryError(#""effective_from": "2025-06-10", "input": 1, "output": 2, "cache_write_5m": 1.25, "cache_write_1h": 2"#) ==
            .missingField(at: pricePlace, field: "cache_read"))
        #expect(entryError(#""effective_from": "2025-06-10", "input": 1, "output": 2, "cache_read": 0, "cache_write_5m": 0"#) ==
            .missingField(at: pricePlace, field: "cache_write_1h"))
        #expect(entryError(#""input": 1, "output": 2, "cache_read": 0, "cache_write_5m": 0, "cache_write_1h": 0"#) ==
            .missingField(at: entryPlace, field: "effective_from"))
        #expect(entryError(Self.fullEntry + #", "input": 1"#) == .duplicateField(at: entryPlace, field: "input"))
        #expect(entryError(Self.fullEntry + #", "note": """#) ==
            .wrongType(at: pricePlace, expected: "\"note\" to be a non-empty string, not \"\""))
        #expect(error(#"{"as_of": "2026-01-01", "source": "s", "models": [{"model": "m", "prices": [7]}]}"#) ==
            .wrongType(at: entryPlace, expected: "an object with \"effective_from\" and the five prices, not 7"))
    }

    @Test(arguments: [#""2025-06-31""#, #""2025-06-1""#, #""25-06-10""#, #"" 2025-06-10""#, "20250610", #""2025/06/10""#])
    func invalidEffectiveFrom(value: String) {
        let entry = Self.fullEntry.replacing(#""2025-06-10""#, with: value)
        #expect(entryError(entry) == .invalidDate(at: entryPlace, field: "effective_from", text: value))
    }

    @Test func oneEntryPerDay() {
        let twice = #"{"as_of": "2026-01-01", "source": "s", "models": [{"model": "m", "prices": [{\#(Self.fullEntry)}, {\#(Self.fullEntry)}]}]}"#
        #expect(error(twice) == .duplicateDate(model: "\"m\"", date: "2025-06-10"))
    }

    private func priceError(_ value: String) -> PricingError.Kind? {
        entryError(Self.fullEntry.replacing(#""cache_read": 0.1"#, with: #""cache_read": \#(value)"#))
    }

    @Test(arguments: ["-1", "-0.3", "-1e-9", "-10001"])
    func negativePrices(value: String) {
        #expect(priceError(value) == .priceNegative(at: pricePlace, field: "cache_read", text: value))
    }

    @Test(arguments: ["0.0000001", "1e-7", "0.1234567", "1.5e-6", "3.0000005", "0.00000000000000000001"])
    func inexactPrices(value: String) {
        #expect(priceError(value) == .priceInexact(at: pricePlace, field: "cache_read", text: value))
    }

    @Test(arguments: ["10000.000001", "10001", "1e5", "1e400", "123456789012345678901234567890"])
    func absurdPrices(value: String) {
        #expect(priceError(value) == .priceTooLarge(at: pricePlace, field: "cache_read", text: value))
    }

    @Test(arguments: [
        (#""0.3""#, #""0.3""#), ("null", "null"), ("true", "true"), ("[0.3]", "an array"), (#"{"usd": 0.3}"#, "an object"),
    ])
    func pricesAreNumbers(value: String, shown: String) {
        #expect(priceError(value) == .wrongType(at: pricePlace, expected:
            "\"cache_read\" to be a JSON number of USD per million tokens (e.g. 3 or 0.3, not quoted; 0 for no charge), not \(shown)"))
    }

    @Test(arguments: [
        ("0", Int64(0)), ("-0", 0), ("0.0", 0), ("0e5", 0), ("1e-6", 1), ("0.000001", 1), ("0.1234560", 123_456),
        ("3.000000000000", 3_000_000), ("30e-1", 3_000_000), ("0.03E2", 3_000_000), ("1E+3", 1_000_000_000),
        ("10000", 10_000_000_000), ("10000.000000", 10_000_000_000), ("0.075", 75_000), ("6.25", 6_250_000),
    ])
    func exactPrices(value: String, pico: Int64) throws {
        let entry = Self.fullEntry.replacing(#""cache_read": 0.1"#, with: #""cache_read": \#(value)"#)
        let table = try PriceTable(json: #"{"as_of": "2026-01-01", "source": "s", "models": [{"model": "m", "prices": [{\#(entry)}]}]}"#)
        #expect(table.models[0].entries[0].prices.cacheRead == pico)
    }

    @Test func messagesNameTheModelTheEntryAndTheField() {
        let missing = PricingError(.missingField(at: pricePlace, field: "cache_write_1h"), path: "prices.json")
        #expect(missing.description == "prices.json: model \"m\" (models[0]) prices[0] (effective_from 2025-06-10): "
            + "missing \"cache_write_1h\" (write 0 if the provider does not charge for it: every price is required "
            + "so that none is zero by accident)")
        let inexact = PricingError(.priceInexact(at: pricePlace, field: "input", text: "0.0000001")).naming("p.json")
        #expect(inexact.path == "p.json")
        #expect(inexact.description.hasPrefix("p.json: model \"m\" (models[0]) prices[0] (effective_from 2025-06-10): input 0.0000001"))
        let syntax = PricingError(.syntax(line: 3, column: 5, problem: "expected ',' or '}'; is a comma missing?"))
        #expect(syntax.description == "price table: line 3, column 5: expected ',' or '}'; is a comma missing?")
        let large = PricingError(.priceTooLarge(at: "x", field: "output", text: "25000"))
        #expect(large.description.contains("more than $10000 per million tokens"))
    }
}
