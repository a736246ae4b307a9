import Testing
@testable import TallyCore

extension ParsingTests {
    /// `DecimalNano.parse` takes a shortcut for plain decimals (no sign or exponent, at most 9 digits
    /// each side of the point). Appending `e0` or writing the same value with an exponent sends it
    /// down the general path, which must agree.
    @Suite struct DecimalNanoPathsTests {
        static func nano(_ text: String) -> Int64? {
            let bytes = Array(text.utf8)
            // Exact-size allocation, so a read past the number is a heap overflow under ASan.
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            defer { p.deallocate() }
            p.update(from: bytes, count: bytes.count)
            return DecimalNano.parse(p, count: bytes.count)
        }

        @Test func plainDecimalsAgreeWithTheGeneralPath() {
            var state: UInt64 = 0x0123_4567_89AB_CDEF
            func next() -> Int {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Int(truncatingIfNeeded: state >> 33)
            }
            var mismatches: [String] = []
            for _ in 0..<50_000 {
                let integerDigits = 1 + next() % 11
                var integer = String((0..<integerDigits).map { _ in Character(String(next() % 10)) })
                if integer.count > 1, integer.first == "0" { integer = "1" + integer.dropFirst() }
                if next() % 4 == 0 { integer = "0" }
                let fractionDigits = next() % 12
                let fraction = String((0..<fractionDigits).map { _ in Character(String(next() % 10)) })
                let text = fraction.isEmpty ? integer : integer + "." + fraction
                let general = Self.nano(text + "e0")
                if Self.nano(text) != general { mismatches.append(text) }
                // The same value with the point moved into an exponent.
                if !fraction.isEmpty, Self.nano(integer + fraction + "e-\(fraction.count)") != general {
                    mismatches.append("\(text) as exponent")
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        }

        @Test(arguments: [
            ("0.003653", Int64(3_653_000)), ("0.164676", 164_676_000), ("123456789.123456789", 123_456_789_123_456_789),
            ("999999999.999999999", 999_999_999_999_999_999), ("1234567890.5", 1_234_567_890_500_000_000),
            ("0.1234567895", 123_456_790), ("7", 7_000_000_000), ("0.000000001", 1),
        ])
        func shapesAtTheEdgesOfTheShortcut(text: String, expected: Int64) {
            #expect(Self.nano(text) == expected, "\(text)")
        }
    }
}
