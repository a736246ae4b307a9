import Testing
@testable import TallyCore

/// The word-at-a-time compare and copy against byte loops, at every length up to 40 and at the very
/// end of an allocation (where reading past `n` would be a bug that AddressSanitizer reports).
@Suite struct ShortBytesTests {
    @Test func equalAgreesWithAByteLoopAtEveryLengthAndDifferencePosition() {
        var random = SystemRandomNumberGenerator()
        for n in 0...40 {
            // Exact-size allocations, so an out-of-range load is a heap overflow under ASan.
            let a = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n, 1))
            let b = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n, 1))
            defer { a.deallocate(); b.deallocate() }
            for _ in 0..<50 {
                for i in 0..<n { a[i] = UInt8.random(in: 0...255, using: &random) }
                b.update(from: a, count: n)
                #expect(ShortBytes.equal(a, b, n))
                guard n > 0 else { continue }
                let position = Int.random(in: 0..<n, using: &random)
                b[position] &+= UInt8.random(in: 1...255, using: &random)
                #expect(!ShortBytes.equal(a, b, n), "difference at \(position) of \(n) missed")
                #expect(ShortBytes.equal(a, b, position), "prefix before the difference must match")
            }
        }
    }

    @Test func copyWritesExactlyTheRequestedBytes() {
        var random = SystemRandomNumberGenerator()
        for n in 0...40 {
            let source = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n, 1))
            let dest = UnsafeMutablePointer<UInt8>.allocate(capacity: n + 2)
            defer { source.deallocate(); dest.deallocate() }
            for i in 0..<n { source[i] = UInt8.random(in: 0...255, using: &random) }
            dest.initialize(repeating: 0xAA, count: n + 2)
            ShortBytes.copy(dest + 1, source, n)
            #expect(dest[0] == 0xAA && dest[n + 1] == 0xAA, "wrote outside [1, \(n + 1))")
            #expect((0..<n).allSatisfy { dest[1 + $0] == source[$0] })
        }
    }
}
