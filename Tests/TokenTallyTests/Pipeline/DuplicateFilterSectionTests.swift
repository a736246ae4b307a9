import Testing
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages

/// The duplicate filter's section alone: the ids a filter captures encode to a section, which
/// restores into a fresh filter that captures to the same bytes; damage is refused with the
/// section's error.
@Suite struct DuplicateFilterSectionTests {
    static let watermarkHour: Int64 = 500_000

    /// 60 ids over 10 hours, some repeated (counted once), and 5 beyond the 24-hour horizon.
    static func capturedIDs(of filter: DuplicateFilter) -> [DuplicateFilter.Entry] {
        var ids: [DuplicateFilter.Entry] = []
        filter.copyLive(into: &ids, watermarkHour: watermarkHour)
        return ids
    }

    static func fedFilter() -> DuplicateFilter {
        let filter = DuplicateFilter(horizonHours: 24, idsMax: 1_000)
        for i in 0..<80 {
            let id = Array("event-\(i % 60)".utf8).withUnsafeBytes { EventID($0) }
            _ = filter.isDuplicate(id, hour: watermarkHour - Int64(i % 10), watermarkHour: watermarkHour)
        }
        for i in 0..<5 {
            let id = Array("old-\(i)".utf8).withUnsafeBytes { EventID($0) }
            _ = filter.isDuplicate(id, hour: watermarkHour - 30, watermarkHour: watermarkHour)
        }
        return filter
    }

    @Test func aRestoredFilterCapturesTheSameSection() throws {
        var ids = Self.capturedIDs(of: Self.fedFilter())
        let encoded = try DuplicateFilter.encodeSection(&ids, level: 1)
        #expect(encoded.section.kind == DuplicateFilter.section)
        #expect(encoded.section.rows == 60)
        #expect(encoded.section.version == 2)

        let fresh = DuplicateFilter(horizonHours: 24, idsMax: 1_000)
        let decoded = try DuplicateFilter.decodeSection(try uncompressedPayload(encoded), version: 2, path: "test")
        fresh.restore(decoded, watermarkHour: Self.watermarkHour)
        var again = Self.capturedIDs(of: fresh)
        #expect(try DuplicateFilter.encodeSection(&again, level: 1).payload == encoded.payload)
    }

    @Test(arguments: [1, 2]) func aDamagedSectionGivesTheDedupError(version: Int) throws {
        var ids = Self.capturedIDs(of: Self.fedFilter())
        let payload = try uncompressedPayload(try DuplicateFilter.encodeSection(&ids, level: 1, version: version))
        func refusal(_ payload: [UInt8]) -> String? {
            do {
                _ = try DuplicateFilter.decodeSection(payload, version: version, path: "test")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(refusal(payload) == nil)
        for end in 0..<payload.count {
            #expect(refusal(Array(payload[..<end]))?.contains("the dedup section") == true, "\(end) bytes")
        }
        var hostile = payload
        hostile.replaceSubrange(0..<8, with: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F])  // the id count
        #expect(refusal(hostile)?.contains("more than its") == true)
        var even = payload
        // The first id's low bits: byte 0 of the last column's first value, back to back or planes.
        even[even.count - 4 * 60] &= 0xFE
        #expect(refusal(even)?.contains("never written") == true)
    }

    // MARK: Ids at the extremes

    /// Ids in the section's order (hour, then high bits, then low bits): high bits 0 and
    /// UInt64.max in one hour, an hour with one id, the extreme hours.
    static let extremeIDs: [DuplicateFilter.Entry] = [
        .init(high: .max, low: 1, hour: .min),
        .init(high: 0, low: 3, hour: -1),
        .init(high: 0, low: 5, hour: 7),
        .init(high: 0, low: .max, hour: 7),
        .init(high: 2, low: 1, hour: 7),
        .init(high: .max - 1, low: 9, hour: 7),
        .init(high: .max, low: 1, hour: 7),
        .init(high: .max, low: 3, hour: 8),
        .init(high: 0, low: 1, hour: .max),
    ]

    /// `ids` encoded as `version` and decoded back.
    static func roundTrip(_ ids: [DuplicateFilter.Entry], version: Int) throws -> [DuplicateFilter.Entry] {
        var staged = ids.reversed() as [DuplicateFilter.Entry]  // the encoder sorts
        let encoded = try DuplicateFilter.encodeSection(&staged, level: 1, version: version)
        #expect(encoded.section.version == version && encoded.section.rows == ids.count)
        return try DuplicateFilter.decodeSection(try uncompressedPayload(encoded), version: version, path: "test")
    }

    @Test(arguments: [1, 2]) func extremeIDsRoundTrip(version: Int) throws {
        #expect(try Self.roundTrip(Self.extremeIDs, version: version) == Self.extremeIDs)
        let one = [DuplicateFilter.Entry(high: .max, low: .max, hour: 3)]
        #expect(try Self.roundTrip(one, version: version) == one)
        #expect(try Self.roundTrip([], version: version) == [])
    }

    /// Column `column` (0 hour, 1 high bits, 2 low bits) of a version 2 payload of `n` ids, read as
    /// docs/snapshot-format.md lays it out: byte planes, value i's byte b at b * n + i.
    static func column(_ payload: [UInt8], _ column: Int, count n: Int) -> [UInt64] {
        let widths = [4, 8, 4]
        let start = 8 + widths[..<column].reduce(0, +) * n
        return (0..<n).map { i in (0..<widths[column]).reduce(UInt64(0)) { $0 | UInt64(payload[start + $1 * n + i]) << (8 * $1) } }
    }

    /// Version 2 keeps the first id of each hour's high bits whole and the others' as their
    /// difference from the previous id's, wrapping; hours and low bits as they are.
    @Test func version2StoresHighBitsAsDifferencesWithinAnHour() throws {
        var ids = Self.extremeIDs
        let payload = try uncompressedPayload(try DuplicateFilter.encodeSection(&ids, level: 1, version: 2))
        #expect(payload.count == 8 + 16 * 9)
        #expect(Array(payload[..<8]) == [9, 0, 0, 0, 0, 0, 0, 0])
        #expect(Self.column(payload, 0, count: 9).map { Int32(truncatingIfNeeded: $0) } == [.min, -1, 7, 7, 7, 7, 7, 8, .max])
        #expect(Self.column(payload, 1, count: 9) == [.max, 0, 0, 0, 2, .max - 3, 1, .max, 0])
        #expect(Self.column(payload, 2, count: 9) == [1, 3, 5, UInt64(UInt32.max), 1, 9, 1, 3, 1])
    }
}
