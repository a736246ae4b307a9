/// Where one event lands in any key's slots: its hour and day buckets and the offsets (in `Int64`s
/// from the key's first slot) of the ring slots that hold them. The same for all five keys of an
/// event, so `EventBatch.route` computes it once per event instead of once per key update: the ring
/// positions are divisions by a runtime ring length, which the compiler cannot turn into multiplies.
package struct SlotPlacement: BitwiseCopyable {
    package var hourBucket: Int64
    package var dayBucket: Int64
    package var hourOffset: Int
    package var dayOffset: Int

    @inline(__always)
    package init(timestampMs: Int64, hourSlots: Int, daySlots: Int) {
        hourBucket = Timestamp.floorDiv(timestampMs, Timestamp.msPerHour)
        dayBucket = Timestamp.floorDiv(timestampMs, Timestamp.msPerDay)
        hourOffset = hourSlots > 0 ? Int(hourBucket %% Int64(hourSlots)) * CounterSlot.width : 0
        dayOffset = daySlots > 0 ? (hourSlots + Int(dayBucket %% Int64(daySlots))) * CounterSlot.width : 0
    }
}
