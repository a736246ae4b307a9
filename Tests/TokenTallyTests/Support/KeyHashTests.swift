import Testing
@testable import TallyCore

/// KeyHash routes keys to shards, so its values must never change: the word-at-a-time version
/// against the byte loop it replaced, at every length and at the very end of an allocation.
@Suite struct KeyHashTests {
    /// The original definition: whole words, then the 1-7 remaining bytes gathered one at a time.
    static func reference(_ bytes: UnsafeRawBufferPointer, dimension: Int) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(truncatingIfNeeded: dimension &+ 1) &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(bytes.count)
        var offset = 0
        while offset + 8 <= bytes.count {
            var word: UInt64 = 0
            for k in 0..<8 { word |= UInt64(bytes[offset + k]) << UInt64(8 * k) }
            h = (h ^ word) &* multiplier
            h ^= h >> 29
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count {
                tail |= UInt64(bytes[offset]) << shift
                shift += 8
                offset += 1
            }
            h = (h ^ tail) &* multiplier
        }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    @Test func agreesWithTheByteLoopAtEveryLength() {
        var random = SystemRandomNumberGenerator()
        for n in 0...40 {
            // Exact-size allocations, so an out-of-range load is a heap overflow under ASan.
            let p = UnsafeMutableRawPointer.allocate(byteCount: max(n, 1), alignment: 1)
            defer { p.deallocate() }
            for _ in 0..<50 {
                for i in 0..<n { p.storeBytes(of: UInt8.random(in: 0...255, using: &random), toByteOffset: i, as: UInt8.self) }
                let bytes = UnsafeRawBufferPointer(start: p, count: n)
                for d in 0..<KeyDimension.count {
                    #expect(KeyHash.hash(bytes, dimension: d) == Self.reference(bytes, dimension: d), "\(Array(bytes))")
                }
            }
        }
    }

    /// Pinned values for keys like the generator's, computed from the definition in Python (so the
    /// reference above is checked too).
    @Test(arguments: [
        ("u000005", 0, 0x6580_5616_EEDF_38F6 as UInt64), ("team-0000", 1, 0xCF0D_82E2_DC30_B342),
        ("org-00", 2, 0x3FAA_9F77_4A61_4BC3), ("claude-haiku-4-5", 3, 0x0726_631B_FFDF_C91C),
        ("claude-code", 4, 0x1542_CCA9_0BD6_6E6C), ("a", 0, 0xD7EA_BF36_D897_2B30), ("ab", 1, 0x26D3_78E4_F42D_741A),
        ("abc", 2, 0xFED0_97FF_969A_3D80), ("", 3, 0x359B_640F_5CB0_663E),
    ] as [(String, Int, UInt64)])
    func knownValuesAreUnchanged(key: String, dimension: Int, expected: UInt64) {
        let bytes = Array(key.utf8)
        #expect(bytes.withUnsafeBytes { KeyHash.hash($0, dimension: dimension) } == expected)
        #expect(bytes.withUnsafeBytes { Self.reference($0, dimension: dimension) } == expected)
    }
}
