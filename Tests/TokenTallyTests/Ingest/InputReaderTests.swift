import Testing
@testable import TallyCore
@testable import TallyStages

/// Framing through the real reader: zstd detection, frame layouts, line endings, long lines and
/// damaged streams.
@Suite struct InputReaderTests {
    static let lines = (0..<500).map { i in
        usageLine(utcMs(2026, 11, 1) + Int64(i) * 60_000, user: "user-\(i % 13)", team: "t\(i % 3)", tokens: i + 1)
    }
    static var text: [UInt8] { Array(lines.map { $0 + "\n" }.joined().utf8) }
    static let expectedTotal = Int64((1...500).reduce(0, +))

    private func total(_ snapshot: SnapshotFile) throws -> Int64 {
        try snapshot.totals(dimension: .user, window: "30d").reduce(0) { $0 + $1.totalTokens }
    }

    @Test func plainAndSingleFrameZstdGiveTheSameTotals() throws {
        let workspace = TestWorkspace()
        let plain = workspace.write("plain.ndjson", Self.text)
        let compressed = workspace.write("events.bin", try ZstdEncoder.compress(Self.text))
        let (s1, a) = try workspace.ingest([plain])
        let (s2, b) = try TestWorkspace().ingest([compressed])
        #expect(s1.error == nil && s2.error == nil)
        #expect(try total(a) == Self.expectedTotal)
        #expect(try a.totals() == b.totals())
        #expect(b.header.sources[0].compressed)
        #expect(!a.header.sources[0].compressed)
    }

    @Test(arguments: [1, 7, 64, 1000, 4096])
    func linesSplitAcrossManyFramesAndSkippableFramesAreCountedOnce(frameBytes: Int) throws {
        // Frames cut at arbitrary byte positions, so lines straddle frame boundaries; a skippable
        // frame between every pair.
        let text = Self.text
        var stream: [UInt8] = []
        var offset = 0
        while offset < text.count {
            let end = min(offset + frameBytes, text.count)
            stream += try ZstdEncoder.compress(Array(text[offset..<end]))
            stream += [0x50, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 0xAA, 0xBB, 0xCC]
            offset = end
        }
        let workspace = TestWorkspace()
        let (summary, snapshot) = try workspace.ingest([workspace.write("frames.zst", stream)], chunkBytes: 4096)
        #expect(summary.error == nil)
        #expect(summary.counters.linesRead == 500)
        #expect(summary.counters.eventsAccepted == 500)
        #expect(try total(snapshot) == Self.expectedTotal)
    }

    @Test func crlfAndAMissingFinalNewlineAreAccepted() throws {
        let workspace = TestWorkspace()
        let body = Self.lines.joined(separator: "\r\n")  // no newline after the last line
        let (summary, snapshot) = try workspace.ingest([workspace.write("crlf.ndjson", Array(body.utf8))])
        #expect(summary.counters.eventsAccepted == 500)
        #expect(summary.counters.rejectedTotal == 0)
        #expect(try total(snapshot) == Self.expectedTotal)
    }

    @Test func emptyInputAndOnlyNewlinesWriteAnEmptySnapshot() throws {
        for content in ["", "\n\n\n", "  \n\t\n"] {
            let workspace = TestWorkspace()
            let (summary, snapshot) = try workspace.ingest([workspace.write("empty.ndjson", Array(content.utf8))])
            #expect(summary.error == nil)
            #expect(summary.counters.eventsAccepted == 0)
            #expect(summary.counters.rejectedTotal == 0)
            #expect(summary.counters.blankLines == content.filter { $0 == "\n" }.count)
            #expect(!snapshot.header.hasWatermark)
            #expect(try snapshot.totals().isEmpty)
        }
    }

    @Test func aLineLongerThanTheLimitIsRejectedAndTheRestCounted() throws {
        let workspace = TestWorkspace()
        let long = "{\"ts\":1,\"user\":\"x\",\"model\":\"m\",\"pad\":\"" + String(repeating: "z", count: 300_000) + "\"}"
        let lines = Array(Self.lines[0..<100]) + [long] + Array(Self.lines[100..<500])
        let path = workspace.write("long.ndjson", lines: lines)
        let (summary, snapshot) = try workspace.ingest([path], chunkBytes: 4096, lineBytesMax: 10_000)
        #expect(summary.counters.rejected(.lineTooLong) == 1)
        #expect(summary.counters.linesRead == 501)
        #expect(summary.counters.eventsAccepted == 500)
        #expect(try total(snapshot) == Self.expectedTotal)
        #expect(summary.rejectSamples.first?.line == 101)
    }

    @Test func aTruncatedZstdStreamIsAnErrorThatKeepsWhatWasCounted() throws {
        let workspace = TestWorkspace()
        let compressed = try ZstdEncoder.compress(Self.text)
        let path = workspace.write("cut.zst", Array(compressed.dropLast(10)))
        let (summary, snapshot) = try workspace.ingest([path])
        let error = try #require(summary.error)
        #expect(error.exitCode == 1)
        #expect(error.description.contains("cut.zst"))
        #expect(error.description.contains("truncated"))
        // Everything decoded before the cut was counted, and nothing twice.
        #expect(snapshot.header.counters.eventsAccepted == summary.counters.eventsAccepted)
        #expect(summary.counters.eventsAccepted <= 500)
    }

    @Test func garbageAfterTheLastFrameIsAnErrorWithAnOffset() throws {
        let workspace = TestWorkspace()
        let compressed = try ZstdEncoder.compress(Self.text)
        let path = workspace.write("garbage.zst", compressed + Array("not zstd".utf8))
        let (summary, snapshot) = try workspace.ingest([path])
        let error = try #require(summary.error)
        #expect(error.description.contains("offset \(compressed.count)"))
        #expect(summary.counters.eventsAccepted == 500)
        #expect(try total(snapshot) == Self.expectedTotal)
    }

    @Test func aCorruptBlockIsAnError() throws {
        let workspace = TestWorkspace()
        var compressed = try ZstdEncoder.compress(Self.text)
        for i in stride(from: compressed.count / 2, to: compressed.count / 2 + 16, by: 1) { compressed[i] ^= 0x5A }
        let (summary, _) = try workspace.ingest([workspace.write("corrupt.zst", compressed)])
        #expect(summary.error?.exitCode == 1)
    }

    @Test func aMissingFileIsAnErrorNamingIt() throws {
        let workspace = TestWorkspace()
        let (summary, _) = try workspace.ingest([workspace.path + "/does-not-exist.ndjson"])
        #expect(summary.error?.description.contains("does-not-exist.ndjson: cannot open") == true)
    }

    @Test func severalInputsAreReadInOrderAndPositionsRecorded() throws {
        let workspace = TestWorkspace()
        let a = workspace.write("a.ndjson", lines: Array(Self.lines[0..<200]))
        let b = workspace.write("b.zst", try ZstdEncoder.compress(Array(Self.lines[200..<500].map { $0 + "\n" }.joined().utf8)))
        let (summary, snapshot) = try workspace.ingest([a, b])
        #expect(summary.counters.eventsAccepted == 500)
        #expect(try total(snapshot) == Self.expectedTotal)
        #expect(snapshot.header.sources.map(\.linesRead) == [200, 300])
        #expect(snapshot.header.sources.allSatisfy { $0.finished })
    }
}
