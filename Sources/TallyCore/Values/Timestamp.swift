/// Event-time arithmetic: RFC 3339 and epoch milliseconds to one `Int64` of milliseconds since the
/// Unix epoch, and back for display. No Foundation: this runs once per event.
package enum Timestamp {
    package static let msPerHour: Int64 = 3_600_000
    package static let msPerDay: Int64 = 86_400_000
    /// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: the range RFC 3339 can write, applied to
    /// epoch milliseconds as well so that both encodings accept the same instants.
    package static let minMs: Int64 = -62_167_219_200_000
    package static let maxMs: Int64 = 253_402_300_799_999

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    @inline(__always)
    package static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day number (Hinnant's civil_from_days).
    package static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    @inline(__always)
    static func isLeapYear(_ y: Int64) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    @inline(__always)
    package static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction]` followed by `Z` or `±HH:MM`, with 1 to 9 fraction
    /// digits (truncated to milliseconds; truncation of a non-negative fraction is a floor, so the
    /// instant's hour and day are exact). `T` may also be `t` or a space, `Z` may be `z` (RFC 3339
    /// 5.6 and its note). A leap second `:60` is read as the first millisecond after `:59.999`.
    /// Returns nil for anything else, including impossible dates such as 2025-02-29.
    /// - Complexity: O(n) in the string's bytes, at most 35.
    package static func parseRFC3339(_ s: UnsafePointer<UInt8>, count n: Int) -> Int64? {
        guard n >= 20, n <= 35 else { return nil }
        @inline(__always) func digit(_ i: Int) -> Int64? {
            let c = s[i] &- 0x30
            return c < 10 ? Int64(c) : nil
        }
        @inline(__always) func two(_ i: Int) -> Int64? {
            guard let a = digit(i), let b = digit(i + 1) else { return nil }
            return a * 10 + b
        }
        // The fixed `YYYY-MM-DDTHH:MM:SS` prefix as three overlapping words (bytes 0-7, 8-15, 12-19;
        // n >= 20, so all inside the string): digits where digits belong, the separators compared
        // under a mask, and the two-digit fields combined in every byte at once.
        @inline(__always) func word(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: UnsafeRawPointer(s + offset).loadUnaligned(as: UInt64.self))
        }
        @inline(__always) func nonDigits(_ w: UInt64) -> UInt64 {
            // High bit of each byte that is not an ASCII digit (see JSONScanner.leadingDigitCount).
            let y = w ^ 0x3030_3030_3030_3030
            return (((y & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7676_7676_7676_7676) | y) & 0x8080_8080_8080_8080
        }
        @inline(__always) func pairs(_ w: UInt64) -> UInt64 {
            // Byte k becomes 10 * digit(k) + digit(k + 1); at most 165, so no carries between bytes.
            let v = w & 0x0F0F_0F0F_0F0F_0F0F
            return (v &* 10) &+ (v >> 8)
        }
        @inline(__always) func byte(_ w: UInt64, _ k: Int) -> Int64 { Int64((w >> UInt64(8 * k)) & 0xFF) }
        let w0 = word(0), w1 = word(8), w2 = word(12)
        let separator10 = s[10]
        guard nonDigits(w0) & 0x0080_8000_8080_8080 == 0,  // YYYY-MM-: digits at 0-3, 5, 6
              nonDigits(w1) & 0x8080_0080_8000_8080 == 0,  // DDTHH:MM: digits at 0, 1, 3, 4, 6, 7
              nonDigits(w2) & 0x0080_8000_0000_0000 == 0,  // H:MM:SS?: digits at 5, 6
              w0 & 0xFF00_00FF_0000_0000 == 0x2D00_002D_0000_0000,  // '-' at 4 and 7
              w1 & 0x0000_FF00_0000_0000 == 0x0000_3A00_0000_0000,  // ':' at 13
              w2 & 0x0000_00FF_0000_0000 == 0x0000_003A_0000_0000,  // ':' at 16
              separator10 == 0x54 || separator10 == 0x74 || separator10 == 0x20
        else { return nil }
        let p0 = pairs(w0), p1 = pairs(w1), p2 = pairs(w2)
        let year = byte(p0, 0) * 100 + byte(p0, 2)
        let month = byte(p0, 5), day = byte(p1, 0), hour = byte(p1, 3), minute = byte(p1, 6)
        let second = byte(p2, 5)
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(year: year, month: month),
              hour <= 23, minute <= 59, second <= 60
        else { return nil }
        var i = 19
        var fractionMs: Int64 = 0
        if s[i] == 0x2E {
            i += 1
            let fractionStart = i
            // Count the fraction's digits a word at a time while a word fits in the string.
            if n - i >= 8 { i += JSONScanner.leadingDigitCount(word(i)) }
            while i < n, s[i] &- 0x30 < 10 { i += 1 }
            let digits = i - fractionStart
            guard digits >= 1, digits <= 9 else { return nil }
            // Milliseconds: the first three digits, truncated (missing ones are zeros).
            @inline(__always) func fractionDigit(_ k: Int) -> Int64 {
                k < digits ? Int64(s[fractionStart + k] &- 0x30) : 0
            }
            fractionMs = fractionDigit(0) &* 100 &+ fractionDigit(1) &* 10 &+ fractionDigit(2)
        }
        guard i < n else { return nil }
        var offsetMinutes: Int64 = 0
        switch s[i] {
        case 0x5A, 0x7A:
            i += 1
        case 0x2B, 0x2D:
            guard n - i == 6, let offsetHours = two(i + 1), s[i + 3] == 0x3A, let offsetMins = two(i + 4),
                  offsetHours <= 23, offsetMins <= 59
            else { return nil }
            offsetMinutes = offsetHours * 60 + offsetMins
            if s[i] == 0x2D { offsetMinutes = -offsetMinutes }
            i += 6
        default:
            return nil
        }
        guard i == n else { return nil }
        // Wrapping arithmetic: every field is range-checked above, so |ms| < 2^49.
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days &* 86_400 &+ hour &* 3_600 &+ minute &* 60 &+ second &- offsetMinutes &* 60
        let ms = seconds &* 1_000 &+ fractionMs
        guard ms >= minMs, ms <= maxMs else { return nil }
        return ms
    }

    /// `floor(ms / unit)`: buckets of instants before 1970 must round down, not toward zero.
    @inline(__always)
    package static func floorDiv(_ ms: Int64, _ unit: Int64) -> Int64 {
        let q = ms / unit
        return (ms % unit < 0) ? q - 1 : q
    }

    /// RFC 3339 in UTC with milliseconds, for headers and reports (not the hot path).
    package static func format(ms: Int64) -> String {
        let days = floorDiv(ms, msPerDay)
        let msOfDay = ms - days * msPerDay
        let (y, m, d) = civilFromDays(days)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(msOfDay / 3_600_000, 2)):"
            + "\(pad(msOfDay / 60_000 % 60, 2)):\(pad(msOfDay / 1_000 % 60, 2)).\(pad(msOfDay % 1_000, 3))Z"
    }
}
