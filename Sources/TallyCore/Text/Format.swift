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

    /// Nano-dollars as dollars with cents.
    package static func dollars(_ nano: Int64) -> String { UsageReport.dollars(nano) }

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
