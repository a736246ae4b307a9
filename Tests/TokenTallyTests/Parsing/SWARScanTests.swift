import Testing
@testable import TokenTally

/// The word-at-a-time string scan must agree with a byte loop on every input and every offset.
@Suite struct SWARScanTests {
    @Test func firstStringSpecialAgreesWithAByteLoop() {
        // Alphabet biased toward the bytes that matter and their neighbours, including high bytes
        // whose borrow behaviour differs.
        let alphabet: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF, 0x61]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        for _ in 0..<20_000 {
            let length = Int(next() % 41)
            let plainBias = next() % 4 == 0
            let bytes = (0..<length).map { _ in plainBias && next() % 8 != 0 ? 0x61 : alphabet[Int(next() % UInt64(alphabet.count))] }
            bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 16)!
                let end = base + length
                for start in 0...length {
                    var naive = base + start
                    while naive < end, naive.pointee != 0x22, naive.pointee != 0x5C, naive.pointee >= 0x20 { naive += 1 }
                    #expect(JSONScanner.firstStringSpecial(base + start, end) == naive, "\(bytes) from \(start)")
                }
            }
        }
    }
}
