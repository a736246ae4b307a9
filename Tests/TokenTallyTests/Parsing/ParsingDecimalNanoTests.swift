import Testing
@testable import TallyCore

extension ParsingTests {
    /// `DecimalNano.parse`: a JSON number to nano-units, rounded half up at the tenth fraction digit.
    /// Expectations: Python `decimal` at 200 digits, `floor(x * 10**9 + 1/2)`, nil when negative
    /// non-zero or at least 2**63.
    @Suite struct DecimalNanoTests {
        static func nano(_ text: String) -> Int64? {
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { DecimalNano.parse($0.baseAddress!, count: $0.count) }
        }

        @Test(arguments: [
            ("0", Int64(0)), ("0.0", 0), ("-0", 0), ("-0.0", 0), ("-0e5", 0), ("-0.000E-3", 0), ("0.25", 250_000_000),
            ("1e-3", 1_000_000), ("0.0000000015", 2), ("0.0000000014", 1), ("0.0000000005", 1),
            ("0.00000000049999", 0), ("0.00000000050000", 1), ("1", 1_000_000_000), ("12", 12_000_000_000),
            ("1.5E2", 150_000_000_000), ("1E+2", 100_000_000_000), ("100e-2", 1_000_000_000),
            ("0.1e10", 1_000_000_000_000_000_000), ("5e-10", 1), ("4.9e-10", 0), ("9223372036.854775807", Int64.max),
            ("9223372036.8547758074", Int64.max), ("9.223372036854775807e9", Int64.max), ("9.2e9", 9_200_000_000_000_000_000),
            ("0e999999", 0), ("0.0e-999999", 0), ("1e-999", 0), ("123.4567890125", 123_456_789_013),
            ("123.4567890124999", 123_456_789_012), ("0.999999999", 999_999_999), ("0.9999999995", 1_000_000_000),
            ("12345678901234567890e-20", 123_456_789), ("0.000000001", 1), ("1e-9", 1), ("1e-10", 0), ("2.5e-9", 3),
            ("1.23456789012e2", 123_456_789_012), ("1e0", 1_000_000_000), ("1e00", 1_000_000_000),
            ("1E-0", 1_000_000_000), ("1e+09", 1_000_000_000_000_000_000),
        ])
        func handPickedValues(text: String, expected: Int64) {
            #expect(Self.nano(text) == expected, "\(text)")
        }

        /// Random numbers of every shape (seeded Python generator), converted with `decimal`.
        @Test(arguments: [
            ("0.90830e1", Int64(9_083_000_000)), ("0.909", 909_000_000), ("1.6281", 1_628_100_000),
            ("9.18190", 9_181_900_000), ("89191.9754323E-3", 89_191_975_432), ("314395343.52", 314_395_343_520_000_000),
            ("5148.59797114710", 5_148_597_971_147), ("8.6846563212233e+6", 8_684_656_321_223_300),
            ("546.952890786e+0", 546_952_890_786), ("7.2159010", 7_215_901_000), ("0.3", 300_000_000),
            ("0.7", 700_000_000), ("0.15", 150_000_000), ("90719.80", 90_719_800_000_000),
            ("84278.52538885", 84_278_525_388_850), ("4.875", 4_875_000_000), ("1.95755131373e+3", 1_957_551_313_730),
            ("2837193786.372651676122", 2_837_193_786_372_651_676), ("2816889500.5288200182", 2_816_889_500_528_820_018),
            ("4.8395e1", 48_395_000_000), ("6.28807290", 6_288_072_900), ("0.05888718E-6", 59),
            ("66557.898347887", 66_557_898_347_887), ("4.7261675136134", 4_726_167_514),
            ("93873.27316723268656e-2", 938_732_731_672), ("6674595002.06589481131e-4", 667_459_500_206_589),
            ("5.89751402", 5_897_514_020), ("0.419314170586", 419_314_171), ("5.2e-7", 520),
            ("69620.8245040e4", 696_208_245_040_000_000), ("0.6786843353", 678_684_335),
            ("0.2014620168493", 201_462_017), ("60231.0455853e-3", 60_231_045_585), ("0.4833801e-10", 0),
            ("0.9310025167800", 931_002_517), ("0.319254499e+3", 319_254_499_000), ("5.7484777183E-10", 1),
        ])
        func randomValues(text: String, expected: Int64) {
            #expect(Self.nano(text) == expected, "\(text)")
        }

        @Test(arguments: [
            "-1", "-0.01", "-1e-20", "-0.0000000001", "-0.00000000001", "-5e-10", "-9223372036.854775807",
            "9223372036.854775808", "9223372036.8547758075", "9223372037", "1e10", "1e400", "1e999999999",
            "10000000000", "92233720368547758070", "6208979825.50752917034236e3", "51649.3198296572e7",
            "1132981884.188181741433E+8", String(repeating: "9", count: 100), "0." + String(repeating: "0", count: 50) + "1e70",
        ])
        func negativeOrTooLargeIsNil(text: String) {
            #expect(Self.nano(text) == nil, "\(text)")
        }

        /// A mantissa of a million digits can cancel an exponent beyond a million, and such a number
        /// fits in a line of the default 1 MiB limit. Expectations: Python `decimal`.
        /// (Found a bug: the exponent used to saturate at +-1,000,000 before being combined with the
        /// digit positions, reading a 10,000-dollar cost as 1,000 nano-dollars.)
        @Test func exponentsBeyondAMillionAreCombinedExactlyWithLongMantissas() {
            let zeros = String(repeating: "0", count: 1_000_005)
            #expect(Self.nano("0." + zeros + "1e1000010") == 10_000_000_000_000)  // 1e4 dollars
            #expect(Self.nano("0." + zeros + "25e1000006") == 2_500_000_000)  // 2.5 dollars
            #expect(Self.nano("1" + zeros + "00000e-1000005") == 100_000_000_000_000)  // 1e5 dollars
            #expect(Self.nano("0." + zeros + "1e1000020") == nil)  // 1e14 dollars: too large
        }

        @Test func theParserReadsSuchACostExactlyToo() {
            let zeros = String(repeating: "0", count: 1_000_005)
            let text = ParsingTests.usage("\"cost_usd\":0.\(zeros)1e1000010")
            #expect(text.utf8.count <= 1 << 20)  // within the default line limit
            let parsed = ParsingTests.parseFull(text)
            #expect(parsed.outcome == .accepted)
            #expect(parsed.event?.costNanoUSD == 10_000_000_000_000)
            let big = ParsingTests.usage("\"cost_usd\":1\(zeros)00000e-1000005")
            #expect(ParsingTests.parseFull(big).event?.costNanoUSD == 100_000_000_000_000)
            let tooLarge = ParsingTests.usage("\"cost_usd\":0.\(zeros)1e1000020")  // 1e14 dollars
            #expect(ParsingTests.parseFull(tooLarge).rejection == .invalidCost)
        }

        @Test func manyDigitsBeyondTheTenthDoNotChangeTheResult() {
            // 0.1234567894999... rounds down, 0.1234567895000...1 rounds up, however long the tail.
            let down = "0.1234567894" + String(repeating: "9", count: 500)
            let up = "0.1234567895" + String(repeating: "0", count: 500) + "1"
            #expect(Self.nano(down) == 123_456_789)
            #expect(Self.nano(up) == 123_456_790)
            #expect(Self.nano("0." + String(repeating: "0", count: 300)) == 0)
        }
    }
}
