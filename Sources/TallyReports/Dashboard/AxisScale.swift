/// A value axis from 0 with "nice" ticks: the step is the smallest 1, 2 or 5 × 10^k that covers the
/// maximum in at most `maxIntervals` intervals, and the axis ends on the first tick at or above it.
/// Max 1,234,567,890 gives step 500M: 0, 500M, 1B, 1.5B. Max 0 gives the single tick 0 over a
/// nominal top of 1, so that nothing divides by zero.
package struct AxisScale: Equatable {
    package static let maxIntervals: Int64 = 6

    package let step: Int64
    package let top: Int64
    package let ticks: [Int64]

    package init(max value: Int64) {
        let maxValue = Swift.max(0, value)
        guard maxValue > 0 else {
            step = 1
            top = 1
            ticks = [0]
            return
        }
        var power: Int64 = 1
        while true {
            for m: Int64 in [1, 2, 5] {
                let (candidate, overflow) = power.multipliedReportingOverflow(by: m)
                if overflow { break }
                let intervals = (maxValue - 1) / candidate + 1
                if intervals <= Self.maxIntervals {
                    let (end, overflowTop) = candidate.multipliedReportingOverflow(by: intervals)
                    if overflowTop { break }
                    step = candidate
                    top = end
                    ticks = (0...intervals).map { $0 * candidate }
                    return
                }
            }
            let (next, overflow) = power.multipliedReportingOverflow(by: 10)
            if overflow { break }
            power = next
        }
        // Only maxima within a few steps of Int64.max get here: an axis of just 0 and the maximum.
        step = maxValue
        top = maxValue
        ticks = [0, maxValue]
    }
}
