import TallyCore

/// Takes a version 2 snapshot apart and puts one together from its parts: the summary's rows and
/// the sections' payloads. For tests and the fuzzer, which change a part and need a file whose
/// checksums hold; the writer streams the same layout (`SnapshotWriter.encode`).
package enum SnapshotAssembly {
    package struct Part {
        package var kind: SnapshotSection.Kind
        package var payload: [UInt8]
        package var rows: Int
        /// The payload's layout version; the current one when nil.
        package var version: Int?
        /// Written instead of the payload's XXH64 when set (a damaged section).
        package var xxh64: UInt64?

        package init(kind: SnapshotSection.Kind, payload: [UInt8], rows: Int, version: Int? = nil, xxh64: UInt64? = nil) {
            (self.kind, self.payload, self.rows, self.version, self.xxh64) = (kind, payload, rows, version, xxh64)
        }
    }

    /// A whole file: `summary` (NDJSON rows, header first, without section rows or end record),
    /// then a section row per part, the end record, the sections' frames and the size frame.
    package static func assemble(summary: [UInt8], parts: [Part], level: Int32 = 1) throws -> [UInt8] {
        var content = summary
        var rows = summary.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        var frames: [UInt8] = []
        for part in parts {
            let encoder = try SnapshotSectionEncoder(kind: part.kind, level: level, version: part.version)
            try part.payload.withUnsafeBytes { try encoder.add($0) }
            var (section, payload) = try encoder.finish(rows: part.rows)
            section.xxh64 = part.xxh64 ?? section.xxh64
            var row = JSONOutput()
            SnapshotRows.writeSectionRow(section, into: &row)
            content += Array(row.bytes)
            rows += 1
            frames += section.frameHeader() + payload.bytes
        }
        var end = JSONOutput()
        SnapshotRows.writeEnd(rows: rows, checksum: XXH64.hash(content), into: &end)
        content += Array(end.bytes)
        return try ZstdEncoder.compress(content, level: level) + frames + SnapshotSizeFrame.bytes(declaring: content.count)
    }
}
