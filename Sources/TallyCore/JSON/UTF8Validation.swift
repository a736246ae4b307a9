/// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
///
/// The parser checks string bodies as it scans them (`sequenceWidth` on each non-ASCII byte; bytes
/// of 0x80 and above outside strings are JSON syntax errors anyway) and validates a whole line with
/// `isValid` only when it is about to report `malformed_json`, because invalid UTF-8 anywhere in the
/// line takes precedence over a syntax error.
package enum UTF8Validation {
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// - Complexity: O(n); ASCII runs are checked 8 bytes at a time.
    package static func isValid(_ start: UnsafePointer<UInt8>, count n: Int) -> Bool {
        var i = 0
        while i < n {
            // Skip ASCII a word at a time: typical event lines are pure ASCII.
            while i + 8 <= n,
                  UnsafeRawPointer(start + i).loadUnaligned(as: UInt64.self) & highBits == 0 {
                i += 8
            }
            guard i < n else { return true }
            if start[i] < 0x80 {
                i += 1
                continue
            }
            let width = sequenceWidth(start + i, start + n)
            guard width > 0 else { return false }
            i += width
        }
        return true
    }

    /// The length (2 to 4) of the well-formed multi-byte sequence whose lead byte (0x80 or above) is
    /// at `p`, or 0 if the bytes there are not one. Reads only inside `[p, end)`.
    @inline(__always)
    package static func sequenceWidth(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int {
        let width: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch p.pointee {
        case 0xC2...0xDF: width = 2
        case 0xE0: width = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: width = 3
        case 0xED: width = 3; upper = 0x9F
        case 0xF0: width = 4; lower = 0x90
        case 0xF1...0xF3: width = 4
        case 0xF4: width = 4; upper = 0x8F
        default: return 0
        }
        guard end - p >= width else { return 0 }
        let second = p[1]
        guard second >= lower, second <= upper else { return 0 }
        for k in 2..<width where p[k] & 0xC0 != 0x80 { return 0 }
        return width
    }
}
