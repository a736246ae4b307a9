#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore
import TallyEvents
import TallySnapshot

/// A snapshot file read into memory and verified: zstd frame intact, end record present, checksum
/// equal to the content's XXH64, format version understood. Only then are its rows trusted.
///
/// Version 2 files keep their stage sections compressed: each is located and its frame header
/// checked against the summary's `section` rows when the file is opened, and decompressed, with its
/// checksum verified, only when asked for (`SnapshotFile+Sections`).
public struct SnapshotFile: Sendable {
    public let path: String
    public let header: SnapshotHeader
    /// The verified XXH64 of the content, in hex.
    public let checksum: String
    /// Decompressed content without the end record: in version 2, the summary.
    let content: [UInt8]
    /// Version 2: the sections the summary lists, in file order, and where each frame starts in
    /// `file`. Empty for version 1.
    package let sections: [SnapshotSection]
    let sectionOffsets: [Int]
    /// The file's bytes, kept for its sections (empty for version 1).
    let file: [UInt8]

    /// Reads and verifies `path`, which must be a regular file (a link to one is fine).
    /// - Complexity: O(file size): one decompression pass and one hash pass.
    public init(path: String) throws(SnapshotError) {
        try self.init(path: path, bytesMax: SnapshotLimits.bytesMax)
    }

    /// `init(path:)` with another cap on the file's size and on its content (tests lower it).
    package init(path: String, bytesMax: Int) throws(SnapshotError) {
        try self.init(compressed: try Self.readAll(path, bytesMax: bytesMax), path: path, bytesMax: bytesMax)
    }

    /// Verifies a snapshot file's bytes; `path` only names it in errors. The content may not exceed
    /// the size the file declares (`SnapshotSizeFrame`), nor `bytesMax`.
    package init(compressed: [UInt8], path: String, bytesMax: Int = SnapshotLimits.bytesMax) throws(SnapshotError) {
        self.path = path
        let isZstd = compressed.withUnsafeBytes { ZstdFormat.isZstd($0) }
        guard isZstd else { throw SnapshotError(.notZstd, path: path) }
        let declared = compressed.withUnsafeBytes { SnapshotSizeFrame.declaredSize($0) }
        let bytesMax = SnapshotLimits.contentBytesMax(fileBytes: compressed.count, bytesMax: bytesMax)
        if let declared, declared > bytesMax { throw SnapshotError(.tooLarge(limit: bytesMax, declared: false), path: path) }
        var decoded = try compressed.withBytes { (bytes) throws(SnapshotError) in
            try Self.decompress(
                UnsafeRawBufferPointer(rebasing: bytes[0..<compressed.count - (declared == nil ? 0 : SnapshotSizeFrame.byteCount)]),
                limit: declared ?? bytesMax, declaresLimit: declared != nil, path: path)
        }
        if let declared, decoded.count != declared {
            throw SnapshotError(.malformed("declares \(declared) bytes of content, holds \(decoded.count)"), path: path)
        }

        // The end record is the last line; the checksum covers everything before it.
        guard decoded.last == 0x0A else { throw SnapshotError(.truncated, path: path) }
        let trailerStart = (decoded.dropLast().lastIndex(of: 0x0A) ?? -1) + 1
        let trailer = decoded.withUnsafeBytes { JSONValue.parse(UnsafeRawBufferPointer(rebasing: $0[trailerStart..<decoded.count - 1])) }
        guard let trailer, trailer["type"]?.string == "end", let expected = trailer["xxh64"]?.string,
              let rows = trailer["rows"]?.int
        else { throw SnapshotError(.truncated, path: path) }
        let actual = decoded.withUnsafeBytes { SnapshotRows.hex(XXH64.hash(UnsafeRawBufferPointer(rebasing: $0[0..<trailerStart]))) }
        guard actual == expected else {
            throw SnapshotError(.checksumMismatch(expected: expected, actual: actual), path: path)
        }
        let lineCount = decoded[0..<trailerStart].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        guard lineCount == rows else {
            throw SnapshotError(.malformed("end record counts \(rows) rows, file has \(lineCount)"), path: path)
        }
        // In place, not a copy: a reader's peak memory is about one content size.
        decoded.removeSubrange(trailerStart...)
        content = decoded
        checksum = actual

        let firstEnd = content.firstIndex(of: 0x0A) ?? content.count
        guard let headerValue = content.withUnsafeBytes({ JSONValue.parse(UnsafeRawBufferPointer(rebasing: $0[0..<firstEnd])) })
        else { throw SnapshotError(.malformed("first line is not a JSON header"), path: path) }
        header = try Self.decodeHeader(headerValue, path: path)
        guard header.version >= 2 else {
            sections = []
            sectionOffsets = []
            file = []
            return
        }
        guard declared != nil else { throw SnapshotError(.malformed("a version 2 snapshot without its size frame"), path: path) }
        sections = try Self.sectionRows(in: content, path: path)
        // The cap bounds everything a reader may decompress: the summary and every section.
        var total = decoded.count
        for section in sections {
            let (sum, overflow) = total.addingReportingOverflow(section.bytes)
            guard !overflow, sum <= bytesMax else { throw SnapshotError(.tooLarge(limit: bytesMax, declared: false), path: path) }
            total = sum
        }
        sectionOffsets = try Self.locateSections(sections, in: compressed, path: path)
        file = compressed
    }

    /// Calls `body` with the parsed JSON of every row of `type`, in file order, and stops at the
    /// first error: a row that does not parse, or what `body` throws (`nil` from `body` means the
    /// row's fields are unreadable).
    /// - Complexity: O(content); rows of other types are skipped by prefix without parsing.
    func forEachRow(
        type: StaticString, _ body: (JSONValue) throws(SnapshotError) -> Bool
    ) throws(SnapshotError) {
        try Self.forEachRow(type: type, in: content, path: path, body)
    }

    /// `forEachRow(type:_:)` over `rows`, NDJSON of any origin (the summary, or the insights section);
    /// `path` names the file in errors.
    static func forEachRow(
        type: StaticString, in rows: [UInt8], path: String, _ body: (JSONValue) throws(SnapshotError) -> Bool
    ) throws(SnapshotError) {
        let prefix = Array("{\"type\":\"\(type)\"".utf8)
        var failure: SnapshotError?
        rows.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var start = 0
            while start < bytes.count, failure == nil {
                // memchr and memcmp: a report walks the whole content once per row type.
                let end = memchr(base + start, 0x0A, bytes.count - start).map { UnsafeRawPointer($0) - base } ?? bytes.count
                defer { start = end + 1 }
                guard end - start > prefix.count, memcmp(base + start, prefix, prefix.count) == 0 else { continue }
                do throws(SnapshotError) {
                    guard let row = JSONValue.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<end])), try body(row) else {
                        failure = SnapshotError(.malformed("unreadable \(type) row at byte \(start)"), path: path)
                        return
                    }
                } catch {
                    failure = error
                }
            }
        }
        if let failure { throw failure }
    }

    /// Total rows, optionally for one dimension and window, in file order (sorted by key).
    /// - Complexity: O(content).
    public func totals(dimension: KeyDimension? = nil, window: String? = nil) throws(SnapshotError) -> [SnapshotTotal] {
        var result: [SnapshotTotal] = []
        try forEachRow(type: "total") { row in
            guard let total = Self.decodeTotal(row) else { return false }
            if dimension == nil || total.dimension == dimension, window == nil || total.window == window {
                result.append(total)
            }
            return true
        }
        return result
    }

    /// One key's live bucket slots, as the writer recorded them for resuming: each slot is the
    /// eight `CounterSlot` fields, tag (absolute hour or day number) first.
    package struct BucketRow {
        package var dimension: KeyDimension
        package var key: [UInt8]
        package var hours: [[Int64]]
        package var days: [[Int64]]
    }

    /// Calls `body` for every bucket row, in file order.
    /// - Throws: `SnapshotError` naming the byte offset of a row that does not decode.
    /// - Complexity: O(content).
    package func forEachBucketRow(_ body: (BucketRow) throws(SnapshotError) -> Void) throws(SnapshotError) {
        guard header.version < 2 else {
            let (section, payload) = try requiredSection(CounterShard.section)
            return try CounterShard.decodeSection(payload, rows: section.rows, version: section.version, path: path, body)
        }
        try forEachRow(type: "buckets") { (value) throws(SnapshotError) in
            guard let row = Self.decodeBuckets(value) else { return false }
            try body(row)
            return true
        }
    }

    /// The duplicate filter's ids (resuming): a version 2 file's dedup section, of the version its
    /// `section` row names, or a version 1 file's `ids` rows: each row holds one hour's ids as 24
    /// hex digits each (96 bits of the id's hash).
    package func duplicateIDs() throws(SnapshotError) -> [DuplicateFilter.Entry] {
        guard header.version < 2 else {
            let (section, payload) = try requiredSection(DuplicateFilter.section)
            return try DuplicateFilter.decodeSection(payload, version: section.version, path: path)
        }
        var entries: [DuplicateFilter.Entry] = []
        try forEachRow(type: "ids") { row in
            guard let hour = row["hour"]?.int64.flatMap(Int32.init(exactly:)), let hex = row["ids"]?.string,
                  hex.utf8.count % 24 == 0
            else { return false }
            let digits = Array(hex.utf8)
            for i in stride(from: 0, to: digits.count, by: 24) {
                guard let high = Self.hexValue(digits[i..<i + 16]), let low = Self.hexValue(digits[i + 16..<i + 24]),
                      low & 1 == 1
                else { return false }
                entries.append(DuplicateFilter.Entry(high: high, low: UInt32(low), hour: hour))
            }
            return true
        }
        return entries
    }

    /// Lowercase or uppercase hex digits (at most 16) as a number; nil for any other byte.
    private static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        for c in digits {
            let nibble: UInt8
            switch c {
            case 0x30...0x39: nibble = c - 0x30
            case 0x61...0x66: nibble = c - 0x61 + 10
            case 0x41...0x46: nibble = c - 0x41 + 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    private static func decodeBuckets(_ row: JSONValue) -> BucketRow? {
        guard let dimension = row["dimension"]?.string.flatMap(KeyDimension.init(name:)),
              let key = row["key"]?.string, !key.isEmpty
        else { return nil }
        func slots(_ name: String) -> [[Int64]]? {
            guard let list = row[name] else { return [] }
            guard let array = list.array else { return nil }
            var result: [[Int64]] = []
            // On disk: tag, four token counts, events, outcomes, cost and estimated cost (snapshots
            // written before the estimated part was kept have 8 fields: no estimated cost).
            for slot in array {
                guard let fields = slot.array, fields.count == 9 || fields.count == 8 else { return nil }
                let values = fields.compactMap(\.int64)
                // Sums of values that are never negative: a negative one is damage, not a count.
                guard values.count == fields.count, !values[1...].contains(where: { $0 < 0 }),
                      values[5] < CounterSlot.outcomeUnit, values[6] < CounterSlot.outcomesLimit
                else { return nil }
                result.append(Array(values[0...4]) + [
                    CounterSlot.counts(events: values[5], outcomes: values[6]), values[7], values.count == 9 ? values[8] : 0,
                ])
            }
            return result
        }
        guard let hours = slots("hours"), let days = slots("days") else { return nil }
        return BucketRow(dimension: dimension, key: Array(key.utf8), hours: hours, days: days)
    }

    /// A decimal dollar amount as nano-dollars. No allocation: a number's text is a native string.
    private static func nano(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes in bytes.baseAddress.flatMap { DecimalNano.parse($0, count: bytes.count) } }
    }

    private static func decodeTotal(_ row: JSONValue) -> SnapshotTotal? {
        guard let dimension = row["dimension"]?.string.flatMap(KeyDimension.init(name:)),
              let key = row["key"]?.string, let window = row["window"]?.string,
              let input = row["input_tokens"]?.int64, let output = row["output_tokens"]?.int64,
              let cacheRead = row["cache_read_tokens"]?.int64, let cacheWrite = row["cache_write_tokens"]?.int64,
              let total = row["total_tokens"]?.int64, let events = row["events"]?.int64,
              let outcomes = row["outcomes"]?.int64, case .number(let costText)? = row["cost_usd"],
              let cost = nano(costText)
        else { return nil }
        var estimated: Int64 = 0
        if let value = row["cost_usd_estimated"] {
            // Absent in snapshots written before the estimated part was kept.
            guard case .number(let text) = value, let parsed = nano(text) else { return nil }
            estimated = parsed
        }
        return SnapshotTotal(
            dimension: dimension, key: key, window: window, inputTokens: input, outputTokens: output,
            cacheReadTokens: cacheRead, cacheWriteTokens: cacheWrite, totalTokens: total, events: events,
            outcomes: outcomes, costNanoUSD: cost, estimatedCostNanoUSD: estimated)
    }

    private static func decodeHeader(_ v: JSONValue, path: String) throws(SnapshotError) -> SnapshotHeader {
        func bad(_ what: String) -> SnapshotError { SnapshotError(.malformed(what), path: path) }
        guard v["type"]?.string == "header", v["format"]?.string == SnapshotHeader.formatName else {
            throw bad("the header does not name the format \(SnapshotHeader.formatName)")
        }
        guard let version = v["version"]?.int else { throw bad("the header has no version") }
        guard SnapshotLimits.readableVersions.contains(version) else { throw SnapshotError(.unsupportedVersion(version), path: path) }
        var h = SnapshotHeader()
        h.version = version
        h.sequence = v["sequence"]?.int ?? 0
        h.createdAtMs = v["created_at_ms"]?.int64 ?? 0
        h.watermarkMs = v["watermark_ms"]?.int64 ?? Int64.min
        guard h.watermarkMs == Int64.min || (Timestamp.minMs...Timestamp.maxMs).contains(h.watermarkMs) else {
            throw bad("the watermark lies outside the years 0000 to 9999")
        }
        guard let windows = v["windows"]?.array else { throw bad("the header lists no windows") }
        for w in windows {
            guard let name = w["name"]?.string, let spec = try? WindowSpec(parsing: name) else { throw bad("unreadable window") }
            h.windows.append(spec)
        }
        guard let input = v["input"], let events = v["events"], let rejected = events["rejected"] else {
            throw bad("the header lacks input or event counts")
        }
        h.counters.linesRead = input["lines"]?.int ?? 0
        h.counters.decodedBytes = input["bytes"]?.int ?? 0
        (h.sources, h.follow, h.kafka) = try decodePositions(input, path: path)
        h.counters.eventsAccepted = events["accepted"]?.int ?? 0
        h.counters.usageEvents = events["usage"]?.int ?? 0
        h.counters.outcomeEvents = events["outcomes"]?.int ?? 0
        h.counters.lateEvents = events["late"]?.int ?? 0
        h.counters.duplicateEvents = events["duplicates"]?.int ?? 0
        h.counters.blankLines = events["blank_lines"]?.int ?? 0
        for reason in RejectReason.allCases { h.counters.rejectedByReason[reason.rawValue] = rejected[reason.name]?.int ?? 0 }
        for reason in SkipReason.allCases { h.counters.skippedByReason[reason.rawValue] = events["skipped"]?[reason.name]?.int ?? 0 }
        h.counters.extraRecords = events["extra_records"]?.int ?? 0
        for d in KeyDimension.allCases { h.keysByDimension[d.rawValue] = v["keys"]?[d.name]?.int ?? 0 }
        h.keysMax = v["limits"]?["keys_max"]?.int ?? 0
        h.droppedUpdates = v["limits"]?["dropped_updates"]?.int ?? 0
        for d in KeyDimension.allCases {
            h.droppedUpdatesByDimension[d.rawValue] = v["limits"]?["dropped_updates_by_dimension"]?[d.name]?.int ?? 0
        }
        h.saturatedSums = v["limits"]?["saturated_sums"]?.int ?? 0
        h.lineBytesMax = v["limits"]?["line_bytes_max"]?.int ?? 0
        h.maxFutureMs = v["limits"]?["max_future_ms"]?.int64 ?? 0
        h.dedupHorizonHours = v["dedup"]?["horizon_hours"]?.int64 ?? 0
        h.dedupIDs = v["dedup"]?["ids"]?.int ?? 0
        h.dedupHorizonShortenings = v["dedup"]?["horizon_shortenings"]?.int ?? 0
        h.dedupIDsForgotten = v["dedup"]?["ids_forgotten"]?.int ?? 0
        h.dedupIDsMax = v["dedup"]?["ids_max"]?.int ?? 0
        h.insightRecordsMax = v["insights"]?["records_max"]?.int ?? 0
        h.insightRecordsRefused = v["insights"]?["refused"]?.int ?? 0
        h.insightNameCollisions = v["insights"]?["name_collisions"]?.int ?? 0
        h.pseudonymKeyFingerprint = v["governance"]?["key_fingerprint"]?.string
        h.sessionsPseudonymized = v["governance"]?["sessions_pseudonymized"]?.bool ?? false
        h.tasksPseudonymized = v["governance"]?["tasks_pseudonymized"]?.bool ?? false
        h.leaderboardAllowed = v["governance"]?["leaderboard_allowed"]?.bool ?? false
        if let cost = v["cost"] {
            h.priceTable = cost["price_table"]?.string
            h.counters.costReportedEvents = cost["reported_events"]?.int ?? 0
            h.counters.costEstimatedEvents = cost["estimated_events"]?.int ?? 0
            h.counters.costUnpricedEvents = cost["unpriced_events"]?.int ?? 0
            if case .number(let text)? = cost["estimated_usd"] {
                h.counters.costEstimatedNanoUSD = nano(text) ?? 0
            }
            if case .object(let models)? = cost["unpriced_models"] {
                for (name, events) in models { h.counters.unpricedModels[name] = events.int ?? 0 }
            }
        }
        try decodeMerge(v["merge"], into: &h, path: path)
        return h
    }

    /// How many times its compressed size `decompress` reserves for a payload, at most.
    static let reserveRatio = 16

    /// `compressed` (zstd frames; skippable ones are passed over), decompressed; refused beyond
    /// `limit` bytes.
    static func decompress(
        _ compressed: UnsafeRawBufferPointer, limit: Int, declaresLimit: Bool, path: String
    ) throws(SnapshotError) -> [UInt8] {
        // Reserved up to `reserveRatio` times the compressed bytes, not at the declared size: a
        // small hostile file could declare up to the cap. Real sections compress 4 to 8 to 1, and
        // grown by doubling, an insights section of 210 MB was copied again and again.
        var decoded: [UInt8] = []
        let (byRatio, overflow) = compressed.count.multipliedReportingOverflow(by: reserveRatio)
        decoded.reserveCapacity(overflow ? limit : min(limit, byRatio))
        var exceeded = false
        do {
            let decoder = try ZstdDecoder()
            let output = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { output.deallocate() }
            var offset = 0
            while true {
                let (consumed, produced) = try decoder.decompress(
                    UnsafeRawBufferPointer(rebasing: compressed[offset...]), into: output)
                offset += consumed
                guard decoded.count + produced <= limit else {
                    exceeded = true
                    break
                }
                decoded.append(contentsOf: output[0..<produced])
                if offset == compressed.count, produced < output.count {
                    try decoder.finish()
                    break
                }
            }
        } catch {
            throw SnapshotError(.corruptCompression("\(error)"), path: path)
        }
        if exceeded { throw SnapshotError(.tooLarge(limit: limit, declared: declaresLimit), path: path) }
        return decoded
    }

    /// The file's bytes, refusing anything but a regular file (a FIFO would hang the read, a device
    /// like /dev/zero never end) and a file larger than `bytesMax`.
    private static func readAll(_ path: String, bytesMax: Int) throws(SnapshotError) -> [UInt8] {
        let fd: Int32
        do {
            fd = try RegularFile.open(path, O_RDONLY)
        } catch {
            switch error {
            case .system(let code): throw SnapshotError(.cannotRead(errno: code), path: path)
            case .notRegular(let kind): throw SnapshotError(.notRegularFile(kind), path: path)
            }
        }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SnapshotError(.cannotRead(errno: errno), path: path)
            }
            if n == 0 { return result }
            guard result.count + n <= bytesMax else { throw SnapshotError(.tooLarge(limit: bytesMax, declared: false), path: path) }
            result.append(contentsOf: buffer[0..<n])
        }
    }
}
