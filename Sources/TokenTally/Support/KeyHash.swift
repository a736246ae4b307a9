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
        var h = UInt64(truncatingIfNeeded: dimension &+ 1) &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(bytes.count)
        var offset = 0
        let count = bytes.count
        while offset + 8 <= count {
            h = (h ^ bytes.loadLE(offset)) &* multiplier
            h ^= h >> 29
            offset += 8
        }
        if offset < count {
            // The last 1-7 bytes as a little-endian word (zero above them). Overlapping loads that
            // stay inside the key instead of a byte loop: most keys end in a partial word.
            let rest = count - offset
            let tail: UInt64
            if count >= 8 {
                tail = bytes.loadLE(count - 8) >> UInt64(64 - 8 * rest)
            } else if count >= 4 {
                let low = UInt64(UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)))
                let high = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
                tail = low | high << UInt64(8 * (count - 4))  // the overlapping bytes are equal
            } else {
                // 1-3 bytes: first, middle and last (some are the same byte, which is harmless).
                tail = UInt64(bytes[0]) | UInt64(bytes[count >> 1]) << UInt64(8 * (count >> 1))
                    | UInt64(bytes[count - 1]) << UInt64(8 * (count - 1))
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
}
