import Testing
@testable import TallyCore

/// Reading a frame's header and end without decoding it, against frames libzstd wrote.
@Suite struct ZstdFrameHeadTests {
    static let text = Array(String(repeating: "{\"ts\":1,\"user\":\"u\",\"model\":\"m\"}\n", count: 2000).utf8)

    private func inspect(_ bytes: [UInt8], ended: Bool = false) -> ZstdFrameHead {
        bytes.withUnsafeBytes { ZstdFrameHead.inspect($0, inputEnded: ended) }
    }

    private func compressedSize(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { ZstdFrameHead.compressedSize($0) }
    }

    @Test func aOneShotFrameRecordsItsSizeAndItsEnd() throws {
        let frame = try ZstdEncoder.compress(Self.text)
        #expect(inspect(frame) == .frame(contentBytes: Self.text.count))
        #expect(compressedSize(frame) == frame.count)
        #expect(compressedSize(frame + frame) == frame.count)
        #expect(compressedSize(Array(frame.dropLast(1))) == nil)
    }

    @Test func aStreamedFrameHasNoRecordedSize() throws {
        let frame = try FrameLayouts.unknownSizeFrame(Self.text)
        #expect(inspect(frame) == .frame(contentBytes: nil))
        #expect(compressedSize(frame) == frame.count)
    }

    @Test func skippableFramesShortHeadersAndGarbage() throws {
        #expect(inspect([0x5E, 0x2A, 0x4D, 0x18, 5, 1, 0, 0, 9]) == .skippable(totalBytes: 8 + 261))
        #expect(inspect([0x50, 0x2A, 0x4D, 0x18, 5]) == .needMoreBytes)
        #expect(inspect([0x50, 0x2A, 0x4D, 0x18, 5], ended: true) == .invalid)
        let frame = try ZstdEncoder.compress(Self.text)
        #expect(inspect(Array(frame.prefix(3))) == .needMoreBytes)
        #expect(inspect(Array(frame.prefix(3)), ended: true) == .invalid)
        #expect(inspect(Array("not zstd at all, just text".utf8)) == .invalid)
    }
}

/// zstd inputs laid out in different ways from the same text, written with libzstd.
enum FrameLayouts {
    /// One frame whose header does not record the decoded size (as `zstd` writes from a pipe).
    static func unknownSizeFrame(_ text: [UInt8]) throws -> [UInt8] {
        let encoder = try ZstdEncoder(level: 1)
        var out: [UInt8] = []
        let half = text.count / 2
        try text.withUnsafeBytes { all in
            try encoder.compress(UnsafeRawBufferPointer(rebasing: all[..<half]), end: false) { out += $0 }
            try encoder.compress(UnsafeRawBufferPointer(rebasing: all[half...]), end: true) { out += $0 }
        }
        return out
    }

    /// `text` cut every `frameBytes` bytes (lines straddle frames), each piece its own frame.
    static func frames(
        _ text: [UInt8], frameBytes: Int, knownSize: Bool = true, skippableBytes: Int? = nil
    ) throws -> [UInt8] {
        var stream: [UInt8] = []
        var offset = 0
        while offset < text.count {
            let piece = Array(text[offset..<min(offset + frameBytes, text.count)])
            stream += knownSize ? try ZstdEncoder.compress(piece) : try unknownSizeFrame(piece)
            if let skippableBytes { stream += skippable(skippableBytes) }
            offset += frameBytes
        }
        return stream
    }

    static func skippable(_ bytes: Int) -> [UInt8] {
        let size = UInt32(bytes)
        return [0x53, 0x2A, 0x4D, 0x18] + (0..<4).map { UInt8(truncatingIfNeeded: size >> (8 * $0)) }
            + [UInt8](repeating: 0xEE, count: bytes)
    }
}
