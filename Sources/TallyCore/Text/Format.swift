/// Numbers for people: short token counts, dollars, percentages and durations.
package enum Format {
    /// `1234` → `1.2k`, `5_600_000` → `5.6M`, `7_100_000_000` → `7.1B`.
    package static func tokens(_ value: Int64) -> String {
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")]
        let v = Double(value)
        for (size, suffix) in units where abs(v) >= size {
            let scaled = v / size
            return (scaled >= 100 ? format0(scaled) : format1(scaled)) + suffix
        }
        return String(value)
    }

    private static func format0(_ v: Double) -> String {
        v.isFinite && abs(v) < 1e15 ? String(Int64(v.rounded())) : "\(v)"
    }

    /// `1234567` as `1,234,567`.
    package static func grouped(_ digits: String) -> String {
        var result = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0, i % 3 == 0, c != "-" { result.append(",") }
            result.append(c)
        }
        return String(result.reversed())
    }

    /// Nano-dollars rounded to cents (half away from zero), for people. Quotient and remainder, not
    /// `(nano + 5_000_000) / 10_000_000`, which overflows near `Int64.max`.
    package static func dollars(_ nano: Int64) -> String {
        let (whole, rest) = nano.quotientAndRemainder(dividingBy: 10_000_000)
        let cents = whole + (rest >= 5_000_000 ? 1 : rest <= -5_000_000 ? -1 : 0)
        let c = abs(cents % 100)
        return (cents < 0 ? "-" : "") + grouped(String(abs(cents / 100))) + "." + (c < 10 ? "0" : "") + String(c)
    }

    package static func percent(_ share: Double) -> String {
        let p = share * 100
        guard p.isFinite, abs(p) < 1e15 else { return "\(p)%" }
        return (p >= 10 || p == p.rounded() ? String(Int(p.rounded())) : format1(p)) + "%"
    }

    package static func seconds(_ s: Double) -> String {
        s >= 7200 ? format1(s / 3600) + " h" : s >= 120 ? format1(s / 60) + " min" : format1(s) + " s"
    }

    /// A share with four decimals (`0.1234`), for machine-readable output.
    package static func format4(_ v: Double) -> String {
        guard v.isFinite, abs(v) < 1e12 else { return "\(v)" }
        let scaled = Int64((v * 10_000).rounded())
        let frac = String(abs(scaled % 10_000))
        return (scaled < 0 ? "-" : "") + String(abs(scaled) / 10_000) + "." + String(repeating: "0", count: 4 - frac.count) + frac
    }

    /// One decimal, without Foundation. Values beyond ±1e15 (only from hostile files) are shown whole
    /// by the standard library rather than trapping in the conversion.
    package static func format1(_ v: Double) -> String {
        guard v.isFinite, abs(v) < 1e15 else { return "\(v)" }
        let tenths = Int64((v * 10).rounded())
        let whole = tenths / 10, frac = abs(tenths % 10)
        return (tenths < 0 && whole == 0 ? "-" : "") + String(whole) + (frac == 0 ? "" : "." + String(frac))
    }
}
