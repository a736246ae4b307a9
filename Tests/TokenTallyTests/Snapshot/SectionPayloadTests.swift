import Testing
@testable import TallySnapshot

/// A section payload keeps its bytes in order whatever pieces they arrive in, and two payloads of
/// the same bytes are equal however they were split.
@Suite struct SectionPayloadTests {
    static let source: [UInt8] = (0..<(2 * SectionPayload.chunkBytes + 12_345)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }

    static func payload(pieces: [Int]) -> SectionPayload {
        var payload = SectionPayload()
        var start = 0
        for piece in pieces + [source.count] where start < source.count {
            let end = min(source.count, start + piece)
            source[start..<end].withUnsafeBytes { payload.append($0) }
            start = end
        }
        return payload
    }

    @Test func bytesArriveInOrderAndEqualBytesGiveEqualPayloads() {
        var random = SystemRandomNumberGenerator()
        let small = (0..<5_000).map { _ in Int.random(in: 0...3_000, using: &random) }
        let a = Self.payload(pieces: small), b = Self.payload(pieces: [SectionPayload.chunkBytes - 1, 2, 7])
        #expect(a.count == Self.source.count)
        #expect(a.bytes == Self.source)
        #expect(b.bytes == Self.source)
        #expect(a == b)
        var chunks: [Int] = []
        a.forEachChunk { chunks.append($0.count) }
        #expect(chunks == [SectionPayload.chunkBytes, SectionPayload.chunkBytes, 12_345])
        #expect(SectionPayload().bytes.isEmpty)
    }
}
