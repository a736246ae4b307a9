/// UTF-8 validation of a whole line before it is parsed, so that every string the parser keeps is
/// valid UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
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
            let lead = start[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            let width: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: width = 2
            case 0xE0: width = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: width = 3
            case 0xED: width = 3; upper = 0x9F
            case 0xF0: width = 4; lower = 0x90
            case 0xF1...0xF3: width = 4
            case 0xF4: width = 4; upper = 0x8F
            default: return false
            }
            guard i + width <= n else { return false }
            let second = start[i + 1]
            guard second >= lower, second <= upper else { return false }
            for k in 2..<width where start[i + k] & 0xC0 != 0x80 { return false }
            i += width
        }
        return true
    }
}
