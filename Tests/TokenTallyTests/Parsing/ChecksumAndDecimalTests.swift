import Testing
@testable import TokenTally

@Suite struct ChecksumAndDecimalTests {
    @Test func xxh64MatchesPublishedVectors() {
        #expect(XXH64.hash([UInt8]()) == 0xEF46_DB37_51D8_E999)
        #expect(XXH64.hash(Array("a".utf8)) == 0xD24E_C4F1_A98C_6E5B)
        #expect(XXH64.hash(Array("abc".utf8)) == 0x44BC_2CF5_AD77_0999)
    }

    @Test(arguments: [1, 7, 31, 32, 33, 1000])
    func streamingXXH64EqualsOneShot(piece: Int) {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hasher = XXH64()
        var offset = 0
        while offset < data.count {
            let end = min(offset + piece, data.count)
            data[offset..<end].withUnsafeBytes { hasher.update($0) }
            offset = end
        }
        #expect(hasher.finalize() == XXH64.hash(data))
    }

    @Test func decimalNanoRejectsWhatCannotBeACost() {
        func nano(_ text: String) -> Int64? {
            var copy = text
            return copy.withUTF8 { DecimalNano.parse($0.baseAddress!, count: $0.count) }
        }
        #expect(nano("-1") == nil)
        #expect(nano("-0.0000000001") == nil)
        #expect(nano("9223372036.854775808") == nil)
        #expect(nano("1e10") == nil)
        #expect(nano("0e999999") == 0)
        #expect(nano("123.4567890125") == 123_456_789_013)
    }

    @Test func utf8ValidationAcceptsAllScalarWidths() {
        for text in ["plain ascii", "é", "€", "😀", String(repeating: "a", count: 17) + "é"] {
            var copy = text
            #expect(copy.withUTF8 { UTF8Validation.isValid($0.baseAddress!, count: $0.count) })
        }
    }
}
