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

        let fresh = DuplicateFilter(horizonHours: 24, idsMax: 1_000)
        fresh.restore(try DuplicateFilter.decodeSection(try uncompressedPayload(encoded), path: "test"), watermarkHour: Self.watermarkHour)
        var again = Self.capturedIDs(of: fresh)
        #expect(try DuplicateFilter.encodeSection(&again, level: 1).payload == encoded.payload)
    }

    @Test func aDamagedSectionGivesTheDedupError() throws {
        var ids = Self.capturedIDs(of: Self.fedFilter())
        let payload = try uncompressedPayload(try DuplicateFilter.encodeSection(&ids, level: 1))
        func refusal(_ payload: [UInt8]) -> String? {
            do {
                _ = try DuplicateFilter.decodeSection(payload, path: "test")
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
        even[even.count - 4] &= 0xFE  // the last id's low bits: never written
        #expect(refusal(even)?.contains("never written") == true)
    }
}
