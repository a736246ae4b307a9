/// Recognising zstd input from its first bytes, never from a file name.
package enum ZstdFormat {
    /// `28 B5 2F FD`, little-endian 0xFD2FB528.
    package static let frameMagic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    /// True when `prefix` (at least 4 bytes) starts a zstd frame or a skippable frame
    /// (magic 0x184D2A50 to 0x184D2A5F).
    package static func isZstd(_ prefix: UnsafeRawBufferPointer) -> Bool {
        guard prefix.count >= 4 else { return false }
        if prefix[0] == 0x28, prefix[1] == 0xB5, prefix[2] == 0x2F, prefix[3] == 0xFD { return true }
        return prefix[0] & 0xF0 == 0x50 && prefix[1] == 0x2A && prefix[2] == 0x4D && prefix[3] == 0x18
    }
}
