/// Conversion between a price as written in a price file (a JSON number of USD per million tokens,
/// or of USD per token in LiteLLM's file) and pico-dollars per token, from the decimal text and never
/// through a Double. One pico-dollar per token is exactly $0.000001 per million tokens (1e-12 per
/// token), so a price converts exactly when it has at most 6 (or 12) decimal places after any exponent.
package enum PriceDecimal {
    /// $10,000 per million tokens: about 16 times o1-pro's $600 output price, the highest list
    /// price we know of. A larger value is a typo or a unit mistake (USD per token, per thousand).
    /// Also keeps every product of a 63-bit token count and a price inside 97 bits.
    package static let picoPerTokenMax: Int64 = 10_000_000_000

    package enum Reading: Equatable {
        case picoPerToken(Int64)
        case negative
        /// Needs a fraction of a pico-dollar per token (more than six decimal places per million).
        case inexact
        case tooLarge
    }

    /// Reads `text`, which must be a valid JSON number (RFC 8259 grammar), as USD per million
    /// tokens. `-0` is zero. Exponents are applied exactly (`1.25e-1` is 0.125).
    /// - Complexity: O(n) in the text's length; no allocation.
    package static func read(_ text: String, unit: Unit = .perMillionTokens) -> Reading {
        var copy = text
        return copy.withUTF8 { read($0, unit: unit) }
    }

    /// What a price's number counts: USD per million tokens (tokentally's price files) or USD per
    /// token (LiteLLM's `*_cost_per_token` fields). The raw value is the power of ten from the unit
    /// to pico-dollars per token.
    package enum Unit: Int {
        case perMillionTokens = 6
        case perToken = 12
    }

    package static func read(_ s: UnsafeBufferPointer<UInt8>, unit: Unit = .perMillionTokens) -> Reading {
        var i = 0
        let n = s.count
        let negative = n > 0 && s[0] == 0x2D
        if negative { i = 1 }
        // The significant digits (no leading zeros; trailing zeros held back in `pendingZeros` until
        // a non-zero digit follows) and how many digits follow the point.
        var value: Int64 = 0  // exact while significantCount <= 18
        var significantCount = 0
        var pendingZeros = 0
        var fractionDigits = 0
        var inFraction = false
        while i < n {
            let c = s[i]
            if c == 0x2E {
                inFraction = true
            } else if c &- 0x30 < 10 {
                let d = Int64(c &- 0x30)
                if inFraction { fractionDigits += 1 }
                if d == 0 {
                    if significantCount > 0 { pendingZeros += 1 }
                } else {
                    significantCount += pendingZeros + 1
                    if significantCount <= 18 {
                        for _ in 0..<pendingZeros { value *= 10 }
                        value = value * 10 + d
                    }
                    pendingZeros = 0
                }
            } else {
                break  // 'e' or 'E'
            }
            i += 1
        }
        var exponent = 0
        if i < n {
            i += 1
            var expNegative = false
            if i < n, s[i] == 0x2B || s[i] == 0x2D {
                expNegative = s[i] == 0x2D
                i += 1
            }
            while i < n {
                // Saturate: a price has a handful of digits, so ±10^6 is already absurd either way.
                exponent = min(exponent * 10 + Int(s[i] &- 0x30), 1_000_000)
                i += 1
            }
            if expNegative { exponent = -exponent }
        }
        fractionDigits -= pendingZeros  // trailing zeros; negative when they are in the integer part
        if significantCount == 0 { return .picoPerToken(0) }
        if negative { return .negative }
        // value × 10^(exponent − fractionDigits) USD per million tokens (or per token)
        //   = value × 10^(exponent − fractionDigits + 6 (or 12)) pico-dollars per token.
        let scale = exponent - fractionDigits + unit.rawValue
        if scale < 0 { return .inexact }  // the last significant digit is not zero: a fraction remains
        guard significantCount + scale <= 11 else { return .tooLarge }  // at least 10^11 > picoPerTokenMax
        for _ in 0..<scale { value *= 10 }
        return value <= picoPerTokenMax ? .picoPerToken(value) : .tooLarge
    }

    /// The shortest decimal text of a price in USD per million tokens: `3`, `0.3`, `0.000001`.
    /// `read(text(p)) == .picoPerToken(p)` for every valid price.
    package static func text(picoPerToken value: Int64) -> String {
        precondition(value >= 0)
        let whole = value / 1_000_000
        var fraction = value % 1_000_000
        if fraction == 0 { return String(whole) }
        var width = 6
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        let digits = String(fraction)
        return "\(whole)." + String(repeating: "0", count: width - digits.count) + digits
    }
}
