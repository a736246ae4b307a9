import TallyCore
import TallySnapshot

extension SnapshotFile {
    /// The sections this tokentally reads, as their stages declare them, in the order it writes them.
    package static let sectionKinds = [CounterShard.section, DuplicateFilter.section, InsightState.section]

    /// The `section` rows of a version 2 summary, in order: each kind at most once.
    static func sectionRows(in summary: [UInt8], path: String) throws(SnapshotError) -> [SnapshotSection] {
        var sections: [SnapshotSection] = []
        try forEachRow(type: "section", in: summary, path: path) { v in
            guard let name = v["kind"]?.string, let kind = sectionKinds.first(where: { $0.name == name }),
                  let version = v["version"]?.int, let bytes = v["bytes"]?.int, let compressed = v["compressed_bytes"]?.int,
                  let rows = v["rows"]?.int, let hex = v["xxh64"]?.string, hex.utf8.count == 16,
                  let xxh64 = UInt64(hex, radix: 16), version >= 0, bytes >= 0, rows >= 0,
                  (0...SnapshotSection.compressedBytesMax).contains(compressed),
                  !sections.contains(where: { $0.kind == kind })
            else { return false }
            sections.append(SnapshotSection(
                kind: kind, version: version, bytes: bytes, compressedBytes: compressed, rows: rows, xxh64: xxh64))
            return true
        }
        return sections
    }

    /// Where each section's frame starts in `file`: the frames lie back to back in the summary's
    /// order, just before the size frame, and each one's header must repeat its `section` row.
    /// - Complexity: O(sections); nothing is decompressed.
    static func locateSections(_ sections: [SnapshotSection], in file: [UInt8], path: String) throws(SnapshotError) -> [Int] {
        let end = file.count - SnapshotSizeFrame.byteCount
        var length = 0
        for section in sections {
            let (sum, overflow) = length.addingReportingOverflow(section.frameBytes)
            guard !overflow, sum <= end else {
                throw SnapshotError(.malformed("its sections add up to more bytes than the file holds"), path: path)
            }
            length = sum
        }
        var offsets: [Int] = []
        var offset = end - length
        for section in sections {
            let found = try file.withBytes { (bytes) throws(SnapshotError) in
                try SnapshotSection.parseFrameHeader(
                    UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + SnapshotSection.frameHeaderBytes]),
                    kinds: sectionKinds, path: path)
            }
            guard found == section else {
                throw SnapshotError(.malformed("the \(section.kind.name) section's frame does not match the summary's section row"), path: path)
            }
            offsets.append(offset)
            offset += section.frameBytes
        }
        return offsets
    }

    /// The `kind` section's payload, decompressed and checked against its XXH64; nil when the file
    /// has no such section (version 1 files have none).
    /// - Throws: `SnapshotError` when the payload is damaged or of a section version this tokentally
    ///   does not read.
    /// - Complexity: O(the section's bytes).
    package func sectionPayload(_ kind: SnapshotSection.Kind) throws(SnapshotError) -> [UInt8]? {
        guard let i = sections.firstIndex(where: { $0.kind == kind }) else { return nil }
        let section = sections[i]
        guard kind.readableVersions.contains(section.version) else {
            throw SnapshotError(.malformed("its \(kind.name) section has version \(section.version); this tokentally reads \(Self.describe(kind.readableVersions))"), path: path)
        }
        let start = sectionOffsets[i] + SnapshotSection.frameHeaderBytes
        let payload: [UInt8]
        do {
            payload = try file.withBytes { (bytes) throws(SnapshotError) in
                try Self.decompress(
                    UnsafeRawBufferPointer(rebasing: bytes[start..<start + section.compressedBytes]), limit: section.bytes,
                    declaresLimit: true, path: path)
            }
        } catch {
            throw error.inSection(kind.name)
        }
        guard payload.count == section.bytes else {
            throw SnapshotError(.malformed("the \(kind.name) section declares \(section.bytes) bytes, holds \(payload.count)"), path: path)
        }
        let actual = XXH64.hash(payload)
        guard actual == section.xxh64 else {
            throw SnapshotError(.malformed("the \(kind.name) section's checksum does not match "
                + "(says \(SnapshotRows.hex(section.xxh64)), payload hashes to \(SnapshotRows.hex(actual)))"), path: path)
        }
        return payload
    }

    /// A section resume needs, with its row (its version and record count say how to decode the
    /// payload); a version 2 file without it is damaged.
    func requiredSection(_ kind: SnapshotSection.Kind) throws(SnapshotError) -> (section: SnapshotSection, payload: [UInt8]) {
        guard let section = sections.first(where: { $0.kind == kind }), let payload = try sectionPayload(kind) else {
            throw SnapshotError(.malformed("it has no \(kind.name) section"), path: path)
        }
        return (section, payload)
    }

    /// "1", "1 or 2", "1 to 3".
    private static func describe(_ versions: ClosedRange<Int>) -> String {
        switch versions.count {
        case 1: "\(versions.lowerBound)"
        case 2: "\(versions.lowerBound) or \(versions.upperBound)"
        default: "\(versions.lowerBound) to \(versions.upperBound)"
        }
    }
}
