import Foundation
import Testing
@testable import TallyCore

/// The snapshot serializer's number and string formatting, checked against Foundation's JSON
/// encoder and decoder and the standard library's integer printing.
@Suite struct JSONOutputTests {
    private func render(_ write: (inout JSONOutput) -> Void) -> String {
        var out = JSONOutput(capacity: 8)  // small, so appends exercise growth
        write(&out)
        return out.text
    }

    @Test func integersMatchTheStandardLibrary() {
        var values: [Int64] = [0, 1, 9, 10, 99, 100, 101, 999, 1000, -1, -10, Int64.max, Int64.min, Int64.min + 1]
        for digits in 1...19 {
            var power: Int64 = 1
            for _ in 1..<digits { power *= 10 }
            values += [power, power - 1, -power]
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5000 { values.append(Int64.random(in: Int64.min...Int64.max, using: &random) >> Int64.random(in: 0...62)) }
        for v in values { #expect(render { $0.int(v) } == String(v)) }
        #expect(render { out in
            out.raw("{\"a\":")
            out.int(1)
            out.member("b", Int64(-20))
            out.raw("}")
        } == #"{"a":1,"b":-20}"#)
    }

    @Test func nanoUnitsAreExactDecimalsWithoutTrailingZeros() throws {
        let examples: [(Int64, String)] = [
            (0, "0"), (1, "0.000000001"), (10, "0.00000001"), (1_500_000_000, "1.5"), (2_000_000_000, "2"),
            (-2_000_000_001, "-2.000000001"), (123_456_789_012, "123.456789012"), (-1, "-0.000000001"),
            (Int64.min, "-9223372036.854775808"), (Int64.max, "9223372036.854775807"),
        ]
        for (value, text) in examples { #expect(render { $0.nano(value) } == text) }
        // Any value reads back exactly through Foundation's decimal parser.
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let value = Int64.random(in: -1_000_000_000_000_000...1_000_000_000_000_000, using: &random)
            let text = render { $0.nano(value) }
            #expect(Decimal(string: text)! * 1_000_000_000 == Decimal(value), "\(value) -> \(text)")
            #expect(!text.contains(".") || !text.hasSuffix("0"))
        }
    }

    @Test func stringsRoundTripThroughFoundationJSON() throws {
        let samples = ["", "plain", "quote \" backslash \\ slash /", "tab\tnewline\ncr\r", "\u{0}\u{1}\u{1F}\u{7F}",
                       "émoji 🎉 and 中文"]
        for sample in samples {
            var copy = sample
            let json = copy.withUTF8 { utf8 in render { $0.string(utf8) } }
            let decoded = try JSONDecoder().decode(String.self, from: Data(json.utf8))
            #expect(decoded == sample)
            #expect(!json.utf8.dropFirst().dropLast().contains { $0 < 0x20 }, "control bytes must be escaped")
        }
    }
}
