extension JSONScanner {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Bytes of `x` that are zero, flagged in their high bit. Only the lowest flag is exact (a borrow
    /// can flag bytes above a zero byte), which is all `firstStringSpecial` needs.
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }

    /// The first byte at or after `p` that ends a plain run inside a JSON string: `"`, `\` or a
    /// control byte below 0x20; `end` if there is none. Reads 8 bytes at a time while 8 remain (never
    /// past `end`), so the ~10-30 byte strings of an event cost a few word operations each.
    @inline(__always)
    static func firstStringSpecial(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        var q = p
        while end - q >= 8 {
            let w = UInt64(littleEndian: UnsafeRawPointer(q).loadUnaligned(as: UInt64.self))
            let quote = zeroBytes(w ^ (0x22 &* ones))
            let backslash = zeroBytes(w ^ (0x5C &* ones))
            // Bytes below 0x20: subtracting 0x20 borrows into the high bit, and ~w keeps only bytes
            // that were below 0x80.
            let control = (w &- 0x20 &* ones) & ~w & highs
            let found = quote | backslash | control
            if found != 0 { return q + found.trailingZeroBitCount / 8 }
            q += 8
        }
        while q < end {
            let c = q.pointee
            if c == 0x22 || c == 0x5C || c < 0x20 { return q }
            q += 1
        }
        return end
    }
}
