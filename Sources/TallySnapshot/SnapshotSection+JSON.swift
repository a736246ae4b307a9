import TallyCore

extension SnapshotSection {
    /// The section's members (no braces), shared by the summary's `section` rows and `inspect --format json`.
    package func writeFields(into out: inout JSONOutput) {
        out.raw("\"kind\":\"")
        out.raw(kind.rawValue)
        out.raw("\"")
        out.member("version", version)
        out.member("bytes", bytes)
        out.member("compressed_bytes", compressedBytes)
        out.member("rows", rows)
        out.raw(",\"xxh64\":\"")
        out.raw(SnapshotRows.hex(xxh64))
        out.raw("\"")
    }
}
