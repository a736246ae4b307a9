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
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < count {
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
}
