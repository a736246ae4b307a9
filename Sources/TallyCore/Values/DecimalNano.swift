/// Converts a JSON number to an exact count of nano-units (1e-9), rounding half up at the tenth
/// fraction digit. Costs are kept this way so that sums are exact and independent of order.
package enum DecimalNano {
    /// Larger than the digits of any number that fits in a line (lines are at most 1 GiB).
    private static let exponentCap: Int64 = 1 << 40
    private static let powersOf10: [Int64] = (0...18).map { p in (0..<p).reduce(Int64(1)) { r, _ in r * 10 } }

    /// `text` must already be a valid JSON number. Returns nil for negative values (`-0` is zero) and
    /// for values of 2^63 nano-units or more.
    /// - Complexity: O(n) in the number's bytes.
    package static func parse(_ text: UnsafePointer<UInt8>, count n: Int) -> Int64? {
        if let nano = parsePlain(text, count: n) { return nano }
        var i = 0
        var negative = false
        if i < n, text[i] == 0x2D {
            negative = true
            i += 1
        }
        let mantissaStart = i
        var pointIndex = -1
        var mantissaEnd = n
        while i < n {
            let c = text[i]
            if c == 0x2E {
                pointIndex = i
            } else if c | 0x20 == 0x65 {
                mantissaEnd = i
                break
            }
            i += 1
        }
        var exponent: Int64 = 0
        if mantissaEnd < n {
            var j = mantissaEnd + 1
            var expNegative = false
            if text[j] == 0x2B || text[j] == 0x2D {
                expNegative = text[j] == 0x2D
                j += 1
            }
            while j < n {
                // Saturate far beyond any digit count a line can hold (a mantissa of a million
                // digits can cancel an exponent of a million), yet far from Int64 overflow.
                exponent = min(exponent * 10 + Int64(text[j] &- 0x30), Self.exponentCap)
                j += 1
            }
            if expNegative { exponent = -exponent }
        }
        // Position of each digit relative to 10^-9: the digit just before the point is at 9.
        let integerDigits = (pointIndex >= 0 ? pointIndex : mantissaEnd) - mantissaStart
        var total: Int64 = 0
        var position = Int64(integerDigits) - 1 + exponent + 9
        var roundUp = false
        var sawNonZero = false
        for k in mantissaStart..<mantissaEnd where k != pointIndex {
            let digit = Int64(text[k] &- 0x30)
            if digit != 0 { sawNonZero = true }
            if position >= 0 {
                if digit != 0 {
                    guard position <= 18 else { return nil }
                    let (product, o1) = digit.multipliedReportingOverflow(by: powersOf10[Int(position)])
                    let (sum, o2) = total.addingReportingOverflow(product)
                    guard !o1, !o2 else { return nil }
                    total = sum
                }
            } else if position == -1 {
                roundUp = digit >= 5
            }
            position -= 1
        }
        if roundUp {
            let (sum, overflow) = total.addingReportingOverflow(1)
            guard !overflow else { return nil }
            total = sum
        }
        if negative, sawNonZero { return nil }
        return total
    }

    /// The usual form of a cost, `123.456789`: no sign, no exponent, at most 9 digits on either side
    /// of the point, so the value is exact (no rounding) and below 10^18 (no overflow). Nil sends
    /// anything else to the general method above, which gives the same result for these inputs.
    @inline(__always)
    private static func parsePlain(_ text: UnsafePointer<UInt8>, count n: Int) -> Int64? {
        var i = 0
        var value: Int64 = 0
        while i < n, i < 10 {
            let d = text[i] &- 0x30
            guard d < 10 else { break }
            value = value &* 10 &+ Int64(d)
            i += 1
        }
        guard i >= 1, i <= 9 else { return nil }
        var fractionDigits = 0
        if i < n, text[i] == 0x2E {
            i += 1
            let fractionStart = i
            while i < n, i - fractionStart < 10 {
                let d = text[i] &- 0x30
                guard d < 10 else { break }
                value = value &* 10 &+ Int64(d)
                i += 1
            }
            fractionDigits = i - fractionStart
            guard fractionDigits >= 1, fractionDigits <= 9 else { return nil }
        }
        guard i == n else { return nil }  // an exponent, or more digits than this path takes
        for _ in fractionDigits..<9 { value &*= 10 }
        return value
    }
}
