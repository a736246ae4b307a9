/// Durations written for people: `100ms`, `5s`, `1m`, `2h`, `1d`; `0` alone means "never".
public enum DurationText {
    /// Milliseconds, or nil when `text` is not a whole number followed by ms, s, m, h or d.
    public static func milliseconds(_ text: String) -> Int64? {
        if text == "0" { return 0 }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let value = Int64(digits) else { return nil }
        let unit: Int64
        switch text.dropFirst(digits.count) {
        case "ms": unit = 1
        case "s": unit = 1_000
        case "m": unit = 60_000
        case "h": unit = 3_600_000
        case "d": unit = 86_400_000
        default: return nil
        }
        let (ms, overflow) = value.multipliedReportingOverflow(by: unit)
        return overflow ? nil : ms
    }
}
