import TallyCore

/// Spreads event `i` of `n` over `[startMs, endMs)` following a working-week rhythm: busier in the
/// UTC working hours of Europe and the Americas, about a third as busy at weekends. Base times are
/// non-decreasing in `i`; the generator adds the small jitter.
///
/// The span is cut into hour segments, each given a share of the events in proportion to its length
/// and weight, using integer arithmetic only (deterministic everywhere). Setup is O(hours); the
/// per-event lookup is amortised O(1) because events are asked for in order.
struct WorkloadTimeline {
    private var segmentStartMs: [Int64] = []
    private var segmentLengthMs: [Int64] = []
    /// `firstEvent[s] ..< firstEvent[s + 1]` are the events of segment `s`; the last entry is `n`.
    private var firstEvent: [Int] = []
    private var cursor = 0

    /// Relative activity per UTC hour (peaks when Europe and the US East coast overlap).
    private static let hourWeights: [UInt64] = [
        30, 25, 22, 20, 22, 30, 45, 60, 75, 85, 90, 92, 90, 92, 100, 100, 98, 90, 80, 70, 60, 50, 42, 35,
    ]

    init(startMs: Int64, endMs: Int64, events: Int) {
        var cumulative: [UInt64] = [0]
        var t = startMs
        while t < endMs {
            let hour = Timestamp.floorDiv(t, Timestamp.msPerHour)
            let segmentEnd = min((hour + 1) * Timestamp.msPerHour, endMs)
            let weekday = (Timestamp.floorDiv(t, Timestamp.msPerDay) + 4) % 7  // 1970-01-01 was a Thursday; 0 = Sunday
            let weekFactor: UInt64 = weekday == 0 || weekday == 6 ? 3 : 10
            let hourOfDay = Int(((hour % 24) + 24) % 24)
            // At most 3.6e6 * 100 * 10 per hour and 87,600 hours: far below 2^64.
            let weight = UInt64(segmentEnd - t) * Self.hourWeights[hourOfDay] * weekFactor
            segmentStartMs.append(t)
            segmentLengthMs.append(segmentEnd - t)
            cumulative.append(cumulative[cumulative.count - 1] + weight)
            t = segmentEnd
        }
        let total = cumulative[cumulative.count - 1]
        firstEvent = cumulative.map { share in
            // events * share / total without overflow: a 128-bit product, then a 128/64 division.
            guard total > 0 else { return events }
            let product = UInt64(events).multipliedFullWidth(by: share)
            return Int(total.dividingFullWidth(product).quotient)
        }
    }

    /// Base time of event `index`; indexes must be asked for in increasing order. Amortised O(1).
    @inline(__always)
    mutating func baseTimeMs(forEvent index: Int) -> Int64 {
        while index >= firstEvent[cursor + 1] { cursor += 1 }
        let first = firstEvent[cursor]
        let inSegment = UInt64(index - first)
        let eventsInSegment = UInt64(firstEvent[cursor + 1] - first)
        let product = inSegment.multipliedFullWidth(by: UInt64(segmentLengthMs[cursor]))
        return segmentStartMs[cursor] + Int64(eventsInSegment.dividingFullWidth(product).quotient)
    }
}
