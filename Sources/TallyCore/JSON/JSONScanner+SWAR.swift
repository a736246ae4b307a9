extension JSONScanner {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Bytes of `x` that are zero, flagged in their high bit. Only the lowest flag is exact (a borrow
    /// can flag bytes above a zero byte), which is all `firstStringStop` needs.
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }

    /// The first byte at or after `p` that ends a plain ASCII run inside a JSON string: `"`, `\`, a
    /// control byte below 0x20, or a byte of 0x80 and above, so that the caller validates UTF-8
    /// sequences only where they occur; `end` if there is none. Reads 8 bytes at a time while 8
    /// remain (never at or past `end`), so the ~10-30 byte strings of an event cost a few word
    /// operations each.
    @inline(__always)
    package static func firstStringStop(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        var q = p
        while end - q >= 8 {
            let w = UInt64(littleEndian: UnsafeRawPointer(q).loadUnaligned(as: UInt64.self))
            let quote = zeroBytes(w ^ (0x22 &* ones))
            let backslash = zeroBytes(w ^ (0x5C &* ones))
            // A byte's high bit is set after subtracting 0x20 when it was below 0x20 (borrow), and
            // `| w` adds the bytes that had it already: controls and non-ASCII in one test.
            let controlOrHigh = ((w &- 0x20 &* ones) | w) & highs
            let found = quote | backslash | controlOrHigh
            if found != 0 { return q + found.trailingZeroBitCount / 8 }
            q += 8
        }
        while q < end {
            let c = q.pointee
            // c < 0x20 or c >= 0x80 in one unsigned comparison.
            if c == 0x22 || c == 0x5C || c &- 0x20 >= 0x60 { return q }
            q += 1
        }
        return end
    }

    /// How many of the 8 bytes of `w` (little-endian: the first byte in memory is the lowest) are
    /// ASCII digits before the first byte that is not one; 8 if all are.
    @inline(__always)
    package static func leadingDigitCount(_ w: UInt64) -> Int {
        // Digits become 0x00-0x09; a byte is flagged when it is then >= 0x0A (adding 0x76 sets its
        // high bit, with no carry out of the byte after masking it to 7 bits) or >= 0x80.
        let y = w ^ (0x30 &* ones)
        let nonDigit = (((y & (0x7F &* ones)) &+ (0x76 &* ones)) | y) & highs
        return nonDigit.trailingZeroBitCount >> 3
    }

    /// The value of the first `count` (1-8) bytes of `w`, which must be ASCII digits, most significant
    /// first. The bytes after them are ignored.
    @inline(__always)
    package static func digitsValue(_ w: UInt64, count: Int) -> UInt64 {
        // Shift the digits to the top so that the bytes below them read as leading zeros, then
        // combine pairs, quads and octets with three multiplications (as in simdjson's
        // parse_eight_digits_unrolled).
        var v = (w & (0x0F &* ones)) << UInt64(8 &* (8 &- count))
        v = (v &* 10) &+ (v >> 8)
        let pairs: UInt64 = 0x0000_00FF_0000_00FF
        v = (((v & pairs) &* 0x000F_4240_0000_0064) &+ (((v >> 16) & pairs) &* 0x0000_2710_0000_0001)) >> 32
        return v & 0xFFFF_FFFF
    }
}
