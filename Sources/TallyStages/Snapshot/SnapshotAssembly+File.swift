import TallySnapshot

extension SnapshotAssembly {
    /// `file`'s summary rows (without section rows) and its sections' payloads, in file order.
    package static func parts(of file: SnapshotFile) throws -> (summary: [UInt8], parts: [Part]) {
        var summary: [UInt8] = []
        for line in file.content.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        where !line.starts(with: Array("{\"type\":\"section\"".utf8)) {
            summary += line + [0x0A]
        }
        let parts = try file.sections.map { section in
            Part(kind: section.kind, payload: try file.sectionPayload(section.kind) ?? [], rows: section.rows, version: section.version)
        }
        return (summary, parts)
    }
}
