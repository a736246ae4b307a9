/// The windows an ingest keeps, and the bucket rings they need.
///
/// Every key has a ring of `hourSlots` hourly buckets (enough for the longest hour window) followed by
/// a ring of `daySlots` daily buckets; it holds a slot only for the buckets it has events in
/// (`SlotStore`).
public struct WindowSet: Sendable, Equatable {
    /// In the order given.
    public let windows: [WindowSpec]
    public let hourSlots: Int
    public let daySlots: Int

    public static let defaultList = "1h,24h,7d,30d"

    public init(_ windows: [WindowSpec]) throws(WindowError) {
        guard !windows.isEmpty else { throw WindowError.empty }
        var seen = Set<WindowSpec>()
        for w in windows where !seen.insert(w).inserted { throw WindowError.duplicate(w.name) }
        self.windows = windows
        hourSlots = windows.filter { $0.unit == .hour }.map(\.length).max() ?? 0
        daySlots = windows.filter { $0.unit == .day }.map(\.length).max() ?? 0
    }

    /// Parses a comma-separated list such as `1h,24h,7d,30d`.
    public init(parsing list: String) throws(WindowError) {
        var specs: [WindowSpec] = []
        for part in list.split(separator: ",", omittingEmptySubsequences: false) {
            specs.append(try WindowSpec(parsing: part.trimmingSpaces()))
        }
        try self.init(specs)
    }

    public var slotsPerKey: Int { hourSlots + daySlots }

    public func window(named name: String) -> WindowSpec? { windows.first { $0.name == name } }

    /// Events before this instant are late: their bucket lies before the start of every window.
    /// With no watermark yet, nothing is late.
    public func lateBoundaryMs(watermarkMs: Int64) -> Int64 {
        guard watermarkMs != Int64.min else { return Int64.min }
        // A loop, not map/min: this runs in the sequencer whenever the watermark enters a new hour.
        var earliest = Int64.max
        for window in windows { earliest = min(earliest, window.startMs(watermarkMs: watermarkMs)) }
        return earliest
    }

    /// The start of the oldest bucket that `unit`'s ring still keeps at this watermark: an event
    /// before it lies outside every window of that unit. With no watermark, or no window of that
    /// unit, `Int64.min`.
    package func ringStartMs(_ unit: WindowSpec.Unit, watermarkMs: Int64) -> Int64 {
        let live = liveBuckets(unit, watermarkMs: watermarkMs)
        return live.isEmpty ? Int64.min : live.lowerBound * unit.milliseconds
    }

    /// The buckets of `unit` that its ring keeps at this watermark (`WindowSpec.Unit.liveBuckets`).
    package func liveBuckets(_ unit: WindowSpec.Unit, watermarkMs: Int64) -> Range<Int64> {
        unit.liveBuckets(slots: unit == .hour ? hourSlots : daySlots, watermarkMs: watermarkMs)
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
