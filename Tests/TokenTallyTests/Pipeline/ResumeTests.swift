import Foundation
import Testing
@testable import TallyCore
@testable import TallyIngest
@testable import TallyStages

/// `--resume` in process: what a resumed run skips, what it reads on, and when it refuses.
@Suite struct ResumeTests {
    static func lines(_ range: Range<Int>) -> [String] {
        range.map { i in
            usageLine(utcMs(2026, 11, 1) + Int64(i) * 30_000, user: "user-\(i % 17)", team: "t\(i % 4)", tokens: i + 1)
        }
    }

    /// Every report of `a` equals `b`'s (all dimensions, all windows), and so do the event counts.
    private func expectSameState(_ a: SnapshotFile, _ b: SnapshotFile, _ note: Comment? = nil) throws {
        #expect(try a.totals() == b.totals(), note)
        #expect(try a.insightRows() == b.insightRows(), note)
        #expect(a.header.counters == b.header.counters, note)
        #expect(a.header.watermarkMs == b.header.watermarkMs, note)
    }

    private func fresh(_ inputs: [String]) throws -> SnapshotFile {
        try TestWorkspace().ingest(inputs).1
    }

    @Test func aFinishedFileIsSkippedAndANewOneCounted() throws {
        let workspace = TestWorkspace()
        let a = workspace.write("a.ndjson", lines: Self.lines(0..<300))
        let b = workspace.write("b.zst", try ZstdEncoder.compress(Array(Self.lines(300..<700).map { $0 + "\n" }.joined().utf8)))
        _ = try workspace.ingest([a])
        let (summary, resumed) = try workspace.ingest([a, b], resume: true)
        #expect(summary.error == nil)
        try expectSameState(resumed, try fresh([a, b]))
        #expect(resumed.header.sources.map(\.linesRead) == [300, 400])
        #expect(resumed.header.sequence == 2)
    }

    @Test func aFileThatGrewIsReadOnFromWhereItStopped() throws {
        let workspace = TestWorkspace()
        let path = workspace.write("grow.ndjson", lines: Self.lines(0..<250))
        _ = try workspace.ingest([path])
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(Self.lines(250..<600).map { $0 + "\n" }.joined().utf8))
        try handle.close()
        let (_, resumed) = try workspace.ingest([path], resume: true)
        try expectSameState(resumed, try fresh([path]))
        #expect(resumed.header.counters.eventsAccepted == 600)
    }

    /// Each row's estimated part of its cost is in the bucket rows a resume restores.
    @Test func theEstimatedPartOfCostSurvivesAResume() throws {
        let workspace = TestWorkspace()
        let ts = utcMs(2026, 11, 1)
        let model = "claude-sonnet-4-5-20250929"
        // No cost_usd: priced from the bundled table, Sonnet 4.5 input at $3 per million tokens, so
        // 1,000 tokens cost 3,000,000 nano-dollars.
        let a = workspace.write("a.ndjson", lines: (0..<3).map {
            "{\"ts\":\(ts + Int64($0) * 1000),\"user\":\"u\",\"model\":\"\(model)\",\"input_tokens\":1000}"
        })
        let b = workspace.write("b.ndjson", lines: [
            "{\"ts\":\(ts + 5000),\"user\":\"u\",\"model\":\"\(model)\",\"input_tokens\":1000,\"cost_usd\":0.5}",
        ])
        let priced: (inout IngestConfiguration) -> Void = { $0.priceTable = .bundled }
        _ = try workspace.ingest([a], configure: priced)
        let (_, resumed) = try workspace.ingest([a, b], resume: true, configure: priced)
        let row = try #require(try resumed.totals(dimension: .user, window: "30d").first)
        #expect(row.costNanoUSD == 509_000_000)
        #expect(row.estimatedCostNanoUSD == 9_000_000)
        #expect(row.events == 4)
    }

    @Test func aRunWithoutSnapshotsStartsFresh() throws {
        let workspace = TestWorkspace()
        let path = workspace.write("a.ndjson", lines: Self.lines(0..<100))
        let (summary, snapshot) = try workspace.ingest([path], resume: true)
        #expect(summary.error == nil)
        #expect(snapshot.header.counters.eventsAccepted == 100)
    }

    /// A run resumed from the state of a cut in the middle of a file (as a crash leaves it): the
    /// part before the cut is skipped by position, the rest read, nothing counted twice.
    @Test(arguments: [false, true])
    func aRunStoppedInTheMiddleOfAFileResumesExactly(compressed: Bool) throws {
        let all = Self.lines(0..<2000)
        let text = Array(all.map { $0 + "\n" }.joined().utf8)
        let workspace = TestWorkspace()
        // The same file name holds the first part for the first run, then the whole file, as a log
        // that was still being written; the identity (inode) stays the same.
        let firstPart = Array(all[..<1000].map { $0 + "\n" }.joined().utf8)
        let bytes = { (t: [UInt8]) in compressed ? try FrameLayouts.frames(t, frameBytes: 9_000) : t }
        let path = workspace.write("events.log", try bytes(firstPart))
        _ = try workspace.ingest([path], chunkBytes: 4096)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.truncateFile(atOffset: 0)
        handle.write(Data(try bytes(text)))
        try handle.close()
        let (summary, resumed) = try workspace.ingest([path], chunkBytes: 4096, resume: true)
        #expect(summary.error == nil)
        try expectSameState(resumed, try fresh([path]))
    }

    @Test func refusesDifferentInputsReplacedFilesAndOtherWindows() throws {
        let workspace = TestWorkspace()
        let a = workspace.write("a.ndjson", lines: Self.lines(0..<50))
        let b = workspace.write("b.ndjson", lines: Self.lines(50..<100))
        _ = try workspace.ingest([a, b])

        func refusal(_ inputs: [String], windows: String = WindowSet.defaultList) throws -> String {
            var configuration = IngestConfiguration(windows: try WindowSet(parsing: windows))
            configuration.inputs = inputs.map { .file($0) }
            configuration.snapshotDirectory = workspace.snapshotDirectory
            configuration.resume = true
            do {
                _ = try IngestPipeline(configuration: configuration)
                return "accepted"
            } catch {
                #expect(error.exitCode == 2)
                return error.description
            }
        }
        #expect(try refusal([b, a]).contains("resume with the same inputs first"))
        #expect(try refusal([a]).contains("resume with the same inputs first"))
        #expect(try refusal([a, b], windows: "1h,7d").contains("windows 1h,24h,7d,30d"))
        // Shrunk, then replaced by other content under the same name (a rotated log).
        workspace.write("b.ndjson", lines: Self.lines(50..<60))
        #expect(try refusal([a, b]).contains("is smaller"))
        try FileManager.default.removeItem(atPath: b)
        workspace.write("b.ndjson", lines: Self.lines(100..<150))
        #expect(try refusal([a, b]).contains("not the file the snapshot read"))
        // The same content again, even as a new file (a copy): accepted, and a new input may follow.
        workspace.write("b.ndjson", lines: Self.lines(50..<100))
        let c = workspace.write("c.ndjson", lines: Self.lines(100..<120))
        #expect(try refusal([a, b, c]) == "accepted")
    }

    /// The same file under another path: relative to the working directory after the absolute
    /// path, or a symbolic link to it. It resumes as the input the snapshot recorded (whose name it
    /// keeps); a link to another file is still refused.
    @Test func theSameFileUnderAnotherPathResumes() throws {
        let workspace = TestWorkspace()
        let a = workspace.write("a.ndjson", lines: Self.lines(0..<300))
        let b = workspace.write("b.ndjson", lines: Self.lines(300..<400))
        _ = try workspace.ingest([a])
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relative = String(repeating: "../", count: depth) + a.dropFirst()
        let (summary, resumed) = try workspace.ingest([relative, b], resume: true)
        #expect(summary.error == nil)
        try expectSameState(resumed, try fresh([a, b]))
        #expect(resumed.header.sources.map(\.name) == [a, b])

        let link = workspace.path + "/link.ndjson", wrong = workspace.path + "/wrong.ndjson"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: a)
        try FileManager.default.createSymbolicLink(atPath: wrong, withDestinationPath: b)
        #expect(throws: IngestError.self) { try workspace.ingest([wrong, b], resume: true) }
        let c = workspace.write("c.ndjson", lines: Self.lines(400..<450))
        let (_, again) = try workspace.ingest([link, b, c], resume: true)
        try expectSameState(again, try fresh([a, b, c]))
        #expect(again.header.counters.eventsAccepted == 450)
    }

    @Test func refusesADirectoryWhoseSnapshotsAreAllDamaged() throws {
        let workspace = TestWorkspace()
        let a = workspace.write("a.ndjson", lines: Self.lines(0..<50))
        let (_, snapshot) = try workspace.ingest([a])
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshot.path)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: snapshot.path))
        var configuration = IngestConfiguration()
        configuration.inputs = [.file(a)]
        configuration.snapshotDirectory = workspace.snapshotDirectory
        configuration.resume = true
        #expect(throws: IngestError.self) { _ = try IngestPipeline(configuration: configuration) }
    }
}
