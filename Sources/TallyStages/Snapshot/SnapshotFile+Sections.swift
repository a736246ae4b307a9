import TallyCore
import TallySnapshot

extension SnapshotFile {
    /// The `section` rows of a version 2 summary, in order: each kind at most once.
    static func sectionRows(in summary: [UInt8], path: String) throws(SnapshotError) -> [SnapshotSection] {
        var sections: [SnapshotSection] = []
        try forEachRow(type: "section", in: summary, path: path) { v in
            guard let kind = v["kind"]?.string.flatMap(SnapshotSection.Kind.init(rawValue:)),
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
                    UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + SnapshotSection.frameHeaderBytes]), path: path)
            }
            guard found == section else {
                throw SnapshotError(.malformed("the \(section.kind.rawValue) section's frame does not match the summary's section row"), path: path)
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
            throw SnapshotError(.malformed("its \(kind.rawValue) section has version \(section.version); this tokentally reads \(kind.readableVersions.map(String.init).joined(separator: " or "))"), path: path)
        }
        let start = sectionOffsets[i] + SnapshotSection.frameHeaderBytes
        let payload = try file.withBytes { (bytes) throws(SnapshotError) in
            try Self.decompress(
                UnsafeRawBufferPointer(rebasing: bytes[start..<start + section.compressedBytes]), limit: section.bytes,
                declaresLimit: true, path: path)
        }
        guard payload.count == section.bytes else {
            throw SnapshotError(.malformed("the \(kind.rawValue) section declares \(section.bytes) bytes, holds \(payload.count)"), path: path)
        }
        let actual = XXH64.hash(payload)
        guard actual == section.xxh64 else {
            throw SnapshotError(.malformed("the \(kind.rawValue) section's checksum does not match "
                + "(says \(SnapshotRows.hex(section.xxh64)), payload hashes to \(SnapshotRows.hex(actual)))"), path: path)
        }
        return payload
    }

    /// A section resume needs; a version 2 file without it is damaged.
    func requiredSection(_ kind: SnapshotSection.Kind) throws(SnapshotError) -> [UInt8] {
        guard let payload = try sectionPayload(kind) else {
            throw SnapshotError(.malformed("it has no \(kind.rawValue) section"), path: path)
        }
        return payload
    }

    /// Version 2's `forEachBucketRow`: the counters section's keys, block by block
    /// (`SnapshotWriter.countersSection`).
    func forEachCounterSectionRow(_ body: (BucketRow) throws(SnapshotError) -> Void) throws(SnapshotError) {
        let payload = try requiredSection(.counters)
        try payload.withBytes { (bytes) throws(SnapshotError) in
            var r = ColumnReader(bytes, section: "counters", path: path)
            var keys = 0
            while r.remaining > 0 {
                keys += try Self.readCounterBlock(&r, body)
            }
            try r.finish()
            guard keys == sections.first(where: { $0.kind == .counters })?.rows else {
                throw r.failure("holds \(keys) keys, its row says otherwise")
            }
        }
    }

    /// One block of the counters section; returns its key count.
    private static func readCounterBlock(
        _ r: inout ColumnReader, _ body: (BucketRow) throws(SnapshotError) -> Void
    ) throws(SnapshotError) -> Int {
        let keyCount = Int(try r.read(UInt32.self, "a block's key count"))
        // Each key takes at least 13 bytes of columns and one of key text.
        guard keyCount <= r.remaining / 14 else { throw r.failure("a block claims \(keyCount) keys, more than its bytes can hold") }
        let dimensions = try r.column(UInt8.self, count: keyCount, "dimension")
        let lengths = try r.column(UInt32.self, count: keyCount, "key length")
        let hourCounts = try r.column(UInt32.self, count: keyCount, "hour count")
        let dayCounts = try r.column(UInt32.self, count: keyCount, "day count")
        // Sums of UInt32s over at most r.remaining keys: no overflow on 64 bits.
        let keyBytes = try r.raw(count: lengths.reduce(0) { $0 + Int($1) }, "the key text")
        let slotCount = zip(hourCounts, dayCounts).reduce(0) { $0 + Int($1.0) + Int($1.1) }
        guard slotCount <= r.remaining / (9 * 8) else { throw r.failure("a block claims \(slotCount) buckets, more than its bytes can hold") }
        var fields: [[Int64]] = []
        for name in ["bucket", "input", "output", "cache read", "cache write", "events", "outcomes", "cost", "estimated cost"] {
            fields.append(try r.column(Int64.self, count: slotCount, name))
        }
        var keyStart = 0, slot = 0
        for k in 0..<keyCount {
            guard let dimension = KeyDimension(rawValue: Int(dimensions[k])), lengths[k] > 0 else {
                throw r.failure("key \(k) of a block has dimension \(dimensions[k]) and \(lengths[k]) bytes")
            }
            let key = Array(keyBytes[keyStart..<keyStart + Int(lengths[k])])
            keyStart += Int(lengths[k])
            func slots(_ count: UInt32) throws(SnapshotError) -> [[Int64]] {
                var result: [[Int64]] = []
                result.reserveCapacity(Int(count))
                for _ in 0..<Int(count) {
                    let v = fields.map { $0[slot] }
                    slot += 1
                    // Sums of values that are never negative: a negative one is damage, not a count.
                    guard !v[1...].contains(where: { $0 < 0 }), v[5] < CounterSlot.outcomeUnit, v[6] < CounterSlot.outcomesLimit else {
                        throw r.failure("a negative or oversized count in the buckets of key \(k) of a block")
                    }
                    result.append(Array(v[0...4]) + [CounterSlot.counts(events: v[5], outcomes: v[6]), v[7], v[8]])
                }
                return result
            }
            try body(BucketRow(dimension: dimension, key: key, hours: try slots(hourCounts[k]), days: try slots(dayCounts[k])))
        }
        return keyCount
    }

    /// Version 2's `duplicateIDs`: the dedup section's columns.
    func dedupSectionIDs() throws(SnapshotError) -> [DuplicateFilter.Entry] {
        let payload = try requiredSection(.dedup)
        return try payload.withBytes { (bytes) throws(SnapshotError) in
            var r = ColumnReader(bytes, section: "dedup", path: path)
            let count = try r.count("the id count", bytesPerRow: 16)
            let hours = try r.column(Int32.self, count: count, "hour")
            let highs = try r.column(UInt64.self, count: count, "id high bits")
            let lows = try r.column(UInt32.self, count: count, "id low bits")
            try r.finish()
            guard lows.allSatisfy({ $0 & 1 == 1 }) else { throw r.failure("an id whose low bits are even (never written)") }
            return (0..<count).map { DuplicateFilter.Entry(high: highs[$0], low: lows[$0], hour: hours[$0]) }
        }
    }
}
