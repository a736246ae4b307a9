import TallyCore

/// The summary rows every snapshot has whatever its stages: a row per section (its frame header, so
/// the summary's checksum covers it) and the end record, and checksums as 16 hex digits.
package enum SnapshotRows {
    /// `{"type":"end",...}`: the rows before it and their XXH64.
    package static func writeEnd(rows: Int, checksum: UInt64, into out: inout JSONOutput) {
        out.raw("{\"type\":\"end\",\"rows\":")
        out.int(rows)
        out.raw(",\"xxh64\":\"")
        out.raw(hex(checksum))
        out.raw("\"}\n")
    }

    /// `{"type":"section",...}`: the section's frame header, so the summary's checksum covers it.
    package static func writeSectionRow(_ section: SnapshotSection, into out: inout JSONOutput) {
        out.raw("{\"type\":\"section\",")
        section.writeFields(into: &out)
        out.raw("}\n")
    }

    package static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
