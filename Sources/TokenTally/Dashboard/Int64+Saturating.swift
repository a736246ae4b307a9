extension Int64 {
    /// `self + other`, pinned to the representable range instead of trapping: dashboard totals of
    /// hostile or absurd inputs must render, not crash.
    func addingSaturating(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
