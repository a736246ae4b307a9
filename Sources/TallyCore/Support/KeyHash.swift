/// The hash that routes a key to its shard and finds it in the shard's table.
///
/// Keys are short (ids, team and model names), so this reads 8 bytes at a time and finishes with
/// murmur3's avalanche; the dimension is mixed into the seed so that a user and a team with the same
/// name are different keys. Not cryptographic: collisions are resolved by comparing the key bytes.
package enum KeyHash {
    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// - Complexity: O(n) in `bytes.count`.
    @inline(__always)
    package static func hash(_ bytes: UnsafeRawBufferPointer, dimension: Int) -> UInt64 {
        let count = bytes.count
        var h = UInt64(truncatingIfNeeded: dimension &+ 1) &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(truncatingIfNeeded: count)
        // Wrapping arithmetic and masking shifts throughout: every offset and shift below is in
        // range by construction, and this runs once per key of every event.
        if count > 0, let base = bytes.baseAddress {
            @inline(__always) func word(_ offset: Int) -> UInt64 {
                UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            }
            var offset = 0
            while offset &+ 8 <= count {
                h = (h ^ word(offset)) &* multiplier
                h ^= h >> 29
                offset &+= 8
            }
            let rest = count &- offset
            if rest > 0 {
                // The last 1-7 bytes as a little-endian word (zero above them). Overlapping loads
                // that stay inside the key instead of a byte loop: most keys end in a partial word.
                let tail: UInt64
                if count >= 8 {
                    tail = word(count &- 8) &>> UInt64(truncatingIfNeeded: 64 &- 8 &* rest)
                } else if count >= 4 {
                    let low = UInt64(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self)))
                    let high = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)))
                    tail = low | high &<< UInt64(truncatingIfNeeded: 8 &* (count &- 4))  // overlapping bytes are equal
                } else {
                    // 1-3 bytes: first, middle and last (some are the same byte, which is harmless).
                    let middle = count >> 1
                    tail = UInt64(base.load(as: UInt8.self))
                        | UInt64(base.load(fromByteOffset: middle, as: UInt8.self)) &<< UInt64(truncatingIfNeeded: 8 &* middle)
                        | UInt64(base.load(fromByteOffset: count &- 1, as: UInt8.self)) &<< UInt64(truncatingIfNeeded: 8 &* (count &- 1))
                }
                h = (h ^ tail) &* multiplier
            }
        }
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}
