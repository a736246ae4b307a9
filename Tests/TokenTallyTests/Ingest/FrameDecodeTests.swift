import Testing
@testable import TallyCore
@testable import TallyIngest
@testable import TallyStages

/// Independent zstd frames decoded on the decode threads give exactly what the streaming decoder
/// gives: the same counts, the same totals, and the same errors at the same offsets.
@Suite struct FrameDecodeTests {
    static let lineCount = 6000
    static let lines = (0..<lineCount).map { i in
        usageLine(utcMs(2026, 11, 1) + Int64(i) * 10_000, user: "user-\(i % 97)", team: "t\(i % 5)", tokens: i + 1)
    }
    static let text = Array(lines.map { $0 + "\n" }.joined().utf8)
    static let expectedTotal = Int64((1...lineCount).reduce(0, +))

    private func run(
        _ bytes: [UInt8], threads: Int, frameBytesMax: Int = 32 << 20
    ) throws -> (IngestSummary, SnapshotFile) {
        let workspace = TestWorkspace()
        return try workspace.ingest(
            [workspace.write("in.zst", bytes)], chunkBytes: 4096, decodeThreads: threads,
            decodeFrameBytesMax: frameBytesMax)
    }

    private func total(_ snapshot: SnapshotFile) throws -> Int64 {
        try snapshot.totals(dimension: .user, window: "30d").reduce(0) { $0 + $1.totalTokens }
    }

    static let layouts: [(name: String, frameBytes: Int, knownSize: Bool, skippable: Int?)] = [
        ("many small frames", 997, true, nil),
        ("frames of unknown size", 20_011, false, nil),
        ("frames with skippable frames between", 65_536, true, 7),
        ("a skippable frame larger than a read", 150_000, true, (1 << 20) + 5),
    ]

    @Test(arguments: 0..<layouts.count)
    func everyLayoutCountsEveryLineOnceWithAnyThreadCount(layout: Int) throws {
        let l = Self.layouts[layout]
        let bytes = try FrameLayouts.frames(Self.text, frameBytes: l.frameBytes, knownSize: l.knownSize, skippableBytes: l.skippable)
        let frameCount = (Self.text.count + l.frameBytes - 1) / l.frameBytes
        let (reference, referenceSnapshot) = try run(bytes, threads: 0)
        #expect(reference.error == nil, "\(l.name)")
        #expect(reference.framesDecodedInParallel == 0)
        #expect(reference.counters.eventsAccepted == Self.lineCount)
        #expect(try total(referenceSnapshot) == Self.expectedTotal)
        for threads in [1, 2, 3] {
            let (summary, snapshot) = try run(bytes, threads: threads)
            #expect(summary.error == nil, "\(l.name), \(threads) threads")
            #expect(summary.framesDecodedInParallel == frameCount, "\(l.name), \(threads) threads")
            #expect(summary.counters == reference.counters, "\(l.name), \(threads) threads")
            #expect(try snapshot.totals() == referenceSnapshot.totals(), "\(l.name), \(threads) threads")
        }
    }

    @Test func framesLargerThanTheLimitAreStreamedInOrderWithTheOthers() throws {
        // Alternate small frames (decoded in parallel) and large ones (streamed on the reader).
        var bytes: [UInt8] = []
        var offset = 0
        var small = 0
        var index = 0
        while offset < Self.text.count {
            let size = index % 2 == 0 ? 5_000 : 60_000
            let piece = Array(Self.text[offset..<min(offset + size, Self.text.count)])
            if piece.count <= 10_000 { small += 1 }
            bytes += try ZstdEncoder.compress(piece)
            offset += size
            index += 1
        }
        let (summary, snapshot) = try run(bytes, threads: 2, frameBytesMax: 10_000)
        #expect(summary.error == nil)
        #expect(summary.framesDecodedInParallel == small)
        #expect(summary.counters.eventsAccepted == Self.lineCount)
        #expect(try total(snapshot) == Self.expectedTotal)
    }

    @Test func anUnknownSizeFrameThatDecodesPastTheLimitIsStreamed() throws {
        let bytes = try FrameLayouts.frames(Self.text, frameBytes: 200_000, knownSize: false)
        let (summary, snapshot) = try run(bytes, threads: 2, frameBytesMax: 50_000)
        #expect(summary.error == nil)
        #expect(summary.framesDecodedInParallel == 0)
        #expect(try total(snapshot) == Self.expectedTotal)
    }

    /// The same damaged input through both decoders: identical error text (with its offset) and
    /// identical counts of what was decoded before it.
    private func expectSameFailure(_ bytes: [UInt8], _ what: String) throws {
        let (reference, _) = try run(bytes, threads: 0)
        let (parallel, snapshot) = try run(bytes, threads: 2)
        let error = try #require(reference.error, "\(what)")
        #expect(error.exitCode == 1)
        // The message names the input (a different temporary path per run), then what and where.
        let message = { (e: IngestError?) in e.map { String($0.description.split(separator: ": ", maxSplits: 1).last!) } }
        #expect(message(parallel.error) == message(error), "\(what)")
        #expect(parallel.counters == reference.counters, "\(what)")
        #expect(snapshot.header.counters.eventsAccepted == reference.counters.eventsAccepted)
    }

    @Test func aCorruptBlockInAMiddleFrameFailsAtTheSameByte() throws {
        // Typed pieces: the inferred form of this expression took 12 s to type-check.
        let count: Int = Self.text.count
        let frames: [[UInt8]] = try (0..<6).map { (i: Int) throws -> [UInt8] in
            let piece: [UInt8] = Array(Self.text[(i * count / 6)..<((i + 1) * count / 6)])
            return try ZstdEncoder.compress(piece)
        }
        var damaged = frames[2]
        for i in (damaged.count / 2)..<(damaged.count / 2 + 8) { damaged[i] ^= 0xA5 }
        let bytes = frames[0] + frames[1] + damaged + frames[3] + frames[4] + frames[5]
        try expectSameFailure(bytes, "corrupt block")
        let (summary, _) = try run(bytes, threads: 2)
        // The two frames before the damage are counted in full.
        let before = Self.text[..<(2 * Self.text.count / 6)].filter { $0 == 0x0A }.count
        #expect(summary.counters.eventsAccepted >= before)
        #expect(summary.counters.eventsAccepted < Self.lineCount)
    }

    @Test func aTruncatedLastFrameAndTrailingGarbageFailTheSameWay() throws {
        let bytes = try FrameLayouts.frames(Self.text, frameBytes: 30_000)
        try expectSameFailure(Array(bytes.dropLast(7)), "truncated")
        try expectSameFailure(bytes + Array("garbage".utf8), "garbage")
        try expectSameFailure(bytes + [0x28, 0xB5], "a partial magic number")
        try expectSameFailure(bytes + Array(FrameLayouts.skippable(100).dropLast(30)), "a cut skippable frame")
    }
}
