import TallyCore

/// Writes an instant as RFC 3339 local time with a zone suffix, with hand-made digits and Howard
/// Hinnant's civil-from-days (`Timestamp.civilFromDays`): no Foundation per event. O(1).
enum WorkloadTimestampFormat {
    /// Writes `"YYYY-MM-DDTHH:MM:SS[.fff[uuu[nnn]]]<suffix>"` (with the quotes) for the instant
    /// `utcMs`, shown in the zone `offsetMinutes` east of UTC. Digits beyond the milliseconds come from
    /// `subMillisecondNs` (0 ..< 1,000,000); a reader truncating to milliseconds gets `utcMs` back
    /// exactly. With `fractionDigits` 0 the milliseconds are dropped, so callers pass a whole second.
    @inline(__always)
    static func write(
        utcMs: Int64, offsetMinutes: Int64, suffix: StaticString, fractionDigits: Int,
        subMillisecondNs: UInt64, into out: inout ByteWriter
    ) {
        let localMs = utcMs + offsetMinutes * 60_000
        let days = Timestamp.floorDiv(localMs, Timestamp.msPerDay)
        let msOfDay = UInt64(localMs - days * Timestamp.msPerDay)
        let (year, month, day) = Timestamp.civilFromDays(days)
        out.append(byte: 0x22)  // "
        out.appendPadded(UInt64(year), width: 4)
        out.append(byte: 0x2D)  // -
        out.appendPadded(UInt64(month), width: 2)
        out.append(byte: 0x2D)
        out.appendPadded(UInt64(day), width: 2)
        out.append(byte: 0x54)  // T
        let seconds = msOfDay / 1_000
        out.appendPadded(seconds / 3_600, width: 2)
        out.append(byte: 0x3A)  // :
        out.appendPadded(seconds / 60 % 60, width: 2)
        out.append(byte: 0x3A)
        out.appendPadded(seconds % 60, width: 2)
        if fractionDigits > 0 {
            out.append(byte: 0x2E)  // .
            out.appendPadded(msOfDay % 1_000, width: 3)
            if fractionDigits == 6 {
                out.appendPadded(subMillisecondNs / 1_000, width: 3)
            } else if fractionDigits == 9 {
                out.appendPadded(subMillisecondNs, width: 6)
            }
        }
        out.append(suffix)
        out.append(byte: 0x22)
    }
}
