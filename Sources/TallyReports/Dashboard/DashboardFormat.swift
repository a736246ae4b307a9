import TallyCore

/// Numbers, money, shares and dates written for the dashboard. No Foundation, and so no locale:
/// the same model gives the same bytes everywhere.
package enum DashboardFormat {
    /// Token counts for people: below 1,000 as is; above, in k, M, B or T with one decimal while
    /// under 10 of the unit and none from 10 on, rounded half up: 12k, 340M, 1.2B, 1B (never "1.0B").
    /// The unit is chosen after rounding, so 999,960 is "1M", not "1000k".
    package static func compact(_ value: Int64) -> String {
        if value < 0 { return "-" + compact(magnitude: value.magnitude) }
        return compact(magnitude: value.magnitude)
    }

    private static func compact(magnitude v: UInt64) -> String {
        if v < 1_000 { return String(v) }
        let units: [(UInt64, String)] = [(1_000, "k"), (1_000_000, "M"), (1_000_000_000, "B"), (1_000_000_000_000, "T")]
        for (index, (unit, suffix)) in units.enumerated() {
            let whole = v / unit, rest = v % unit
            let tenths = whole * 10 + (rest * 20 + unit) / (2 * unit)  // rest*20 < 2e13: no overflow
            if tenths < 100 {
                return tenths % 10 == 0 ? "\(tenths / 10)\(suffix)" : "\(tenths / 10).\(tenths % 10)\(suffix)"
            }
            let rounded = whole + (rest * 2 >= unit ? 1 : 0)
            if rounded < 1_000 || index == units.count - 1 { return "\(rounded)\(suffix)" }
        }
        return String(v)  // not reached: the last unit always returns
    }

    /// Exact counts with thousands separators: 1,234,567.
    package static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }

    /// US dollars from nano-dollars, to the cent, rounded half up: $0.42, $1,234.50; "<$0.01" for
    /// a positive amount that rounds to nothing.
    package static func usd(nano: Int64) -> String {
        if nano < 0 { return "-" + usd(nano: nano == .min ? .max : -nano) }
        let cents = nano / 10_000_000 + (nano % 10_000_000 >= 5_000_000 ? 1 : 0)
        if cents == 0 && nano > 0 { return "<$0.01" }
        let c = cents % 100
        return "$" + grouped(cents / 100) + "." + (c < 10 ? "0" : "") + String(c)
    }

    /// A share as a whole percentage: "68%"; "<1%" and ">99%" keep small non-zero and almost-all
    /// shares from reading as exactly 0% or 100%; "n/a" for nil or a value that is not a number.
    package static func percent(_ share: Double?) -> String {
        guard let share, share.isFinite else { return "n/a" }
        let s = min(1, max(0, share))
        if s > 0 && s < 0.005 { return "<1%" }
        if s < 1 && s >= 0.995 { return ">99%" }
        return "\(Int((s * 100).rounded()))%"
    }

    /// A UTC day number as YYYY-MM-DD.
    package static func date(day: Int64) -> String {
        let (y, m, d) = Timestamp.civilFromDays(day)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// A signed change: "+3", "−2" (a true minus sign), "0"; "n/a" when unknown.
    package static func change(_ delta: Int64?) -> String {
        guard let delta else { return "n/a" }
        if delta > 0 { return "+" + grouped(delta) }
        if delta < 0 { return "\u{2212}" + String(grouped(delta).dropFirst()) }
        return "0"
    }

    /// An SVG coordinate or length: at most two decimals, no trailing zeros, and never NaN or
    /// infinity (those become 0; values are clamped to ±1e9, far outside any viewBox).
    package static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let hundredths = Int64((min(1e9, max(-1e9, x)) * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let m = hundredths.magnitude
        let whole = m / 100, frac = m % 100
        if frac == 0 { return sign + String(whole) }
        if frac % 10 == 0 { return "\(sign)\(whole).\(frac / 10)" }
        return "\(sign)\(whole).\(frac < 10 ? "0" : "")\(frac)"
    }
}
