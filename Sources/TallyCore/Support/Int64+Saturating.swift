extension Int64 {
    /// `self + other`, pinned to the representable range instead of trapping or wrapping: every sum
    /// tokentally keeps or prints stops at `Int64.max` (docs/event-format.md, "Sums"), so a sum at
    /// `Int64.max` means "at least this much". One add and one overflow test (add, jo).
    @inline(__always)
    package func addingSaturating(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// Adds `other` in place, saturating; returns whether the sum was pinned (so that callers can
    /// count saturated sums).
    @inline(__always)
    @discardableResult
    package mutating func addSaturating(_ other: Int64) -> Bool {
        let (sum, overflow) = addingReportingOverflow(other)
        self = overflow ? (other > 0 ? .max : .min) : sum
        return overflow
    }
}
