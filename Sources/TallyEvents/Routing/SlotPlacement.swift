import TallyCore

/// Where one event lands in any key's slots: its hour and day buckets and their ring positions (the
/// cells of a key's `SlotStore` index that hold them). The same for all five keys of an event, so
/// `EventBatch.route` computes it once per event instead of once per key update: the ring positions
/// are divisions by a runtime ring length, which the compiler cannot turn into multiplies.
package struct SlotPlacement: BitwiseCopyable {
    package var hourBucket: Int64
    package var dayBucket: Int64
    /// `0 ..< hourSlots`, or -1 when no hour bucket takes the event (no hour window, or the hour lay
    /// before every hour window when the event arrived).
    package var hourPosition: Int32
    /// `hourSlots ..< hourSlots + daySlots`, or -1 as for hours.
    package var dayPosition: Int32

    @inline(__always)
    package init(_ event: EventRecord, hourSlots: Int, daySlots: Int) {
        hourBucket = Timestamp.floorDiv(event.timestampMs, Timestamp.msPerHour)
        dayBucket = Timestamp.floorDiv(event.timestampMs, Timestamp.msPerDay)
        hourPosition = hourSlots > 0 && !event.isPastHourWindows ? Int32(hourBucket %% Int64(hourSlots)) : -1
        dayPosition = daySlots > 0 && !event.isPastDayWindows ? Int32(hourSlots + Int(dayBucket %% Int64(daySlots))) : -1
    }
}
