import Testing
@testable import TallyEvents

/// USD per million tokens (file text) to pico-dollars per token and back.
@Suite struct PricingDecimalTests {
    @Test(arguments: [
        ("3", Int64(3_000_000)), ("0.3", 300_000), ("0.30", 300_000), ("18.75", 18_750_000), ("0.275", 275_000),
        ("0.005", 5_000), ("0.000001", 1), ("1e-6", 1), ("12.5e-1", 1_250_000), ("0.00125e3", 1_250_000),
        ("0", 0), ("-0", 0), ("-0.000", 0), ("0e-999999999", 0), ("00", 0),
        ("9999.999999", 9_999_999_999), ("10000", 10_000_000_000), ("1e4", 10_000_000_000),
    ])
    func reads(text: String, pico: Int64) {
        #expect(PriceDecimal.read(text) == .picoPerToken(pico))
    }

    @Test func rejects() {
        #expect(PriceDecimal.read("-1") == .negative)
        #expect(PriceDecimal.read("-0.0000001") == .negative)
        #expect(PriceDecimal.read("0.0000001") == .inexact)
        #expect(PriceDecimal.read("1.0000001") == .inexact)
        #expect(PriceDecimal.read("1e-7") == .inexact)
        #expect(PriceDecimal.read("10000.000001") == .tooLarge)
        #expect(PriceDecimal.read("1e999999999999") == .tooLarge)
        #expect(PriceDecimal.read("99999999999999999999999") == .tooLarge)
        // Many digits but exact and small: trailing zeros do not count.
        #expect(PriceDecimal.read("1." + String(repeating: "0", count: 1000)) == .picoPerToken(1_000_000))
        // Many digits and a non-zero one far out: inexact, not a crash.
        #expect(PriceDecimal.read("1." + String(repeating: "0", count: 1000) + "1") == .inexact)
    }

    @Test(arguments: [
        (Int64(0), "0"), (1, "0.000001"), (10, "0.00001"), (300_000, "0.3"), (3_000_000, "3"), (18_750_000, "18.75"),
        (275_000, "0.275"), (1_600_000, "1.6"), (10_000_000_000, "10000"), (1_000_001, "1.000001"),
    ])
    func writesTheShortestExactText(pico: Int64, text: String) {
        #expect(PriceDecimal.text(picoPerToken: pico) == text)
        #expect(PriceDecimal.read(text) == .picoPerToken(pico))
    }
}
