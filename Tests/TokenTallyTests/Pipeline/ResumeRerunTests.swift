import Foundation
import Testing
@testable import TallyCore
@testable import TallyIngest
@testable import TallyStages
@testable import TallyWorkload

/// Running the same `ingest --resume` command again and again, with or without new data in any of
/// its inputs, must give the state of one run over all the data: a cron job or a restart loop does
/// exactly this. The duplicate filter is off here, so that nothing can hide a double count.
@Suite struct ResumeRerunTests {
    static let windowSafeLines = Result { () throws -> [String] in
        // 20 days: no event can be late in a 30-day window whatever order the runs read them in.
        try PropertyTests.generated(events: 2400, days: 20, seed: 21)
    }

    private static func noDuplicateFilter(_ configuration: inout IngestConfiguration) {
        configuration.dedupHorizonMs = 0
    }

    private static func state(_ snapshot: SnapshotFile) throws -> PropertyTests.State {
        PropertyTests.orderFree(try PropertyTests.state(snapshot))
    }

    /// The state a single run over the files as they are now gives.
    private static func oneRun(over paths: [String]) throws -> PropertyTests.State {
        let workspace = TestWorkspace()
        let copies = paths.map { path in
            workspace.write(URL(fileURLWithPath: path).lastPathComponent, [UInt8](FileManager.default.contents(atPath: path)!))
        }
        return try state(workspace.ingest(copies, configure: noDuplicateFilter).1)
    }

    private static func append(_ bytes: [UInt8], to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(bytes))
        try handle.close()
    }

    private static func text(_ lines: ArraySlice<String>) -> [UInt8] {
        Array(lines.map { $0 + "\n" }.joined().utf8)
    }

    /// The issue's case: the fourth run over an unchanged file counted every event a second time.
    @Test func rerunsOverUnchangedInputsCountNothingAgain() throws {
        let lines = try Self.windowSafeLines.get()
        let workspace = TestWorkspace()
        let a = workspace.write("a.ndjson", Self.text(lines[..<800]))
        let b = workspace.write("b.zst", try ZstdEncoder.compress(Self.text(lines[800..<1500])))
        let expected = try Self.oneRun(over: [a, b])
        for run in 1...4 {
            let (summary, snapshot) = try workspace.ingest([a, b], resume: true, configure: Self.noDuplicateFilter)
            #expect(summary.error == nil)
            #expect(try Self.state(snapshot) == expected, "run \(run)")
            #expect(snapshot.header.sources.map(\.sizeBytes) == [a, b].map(Self.size), "run \(run)")
        }
    }

    /// A finished run lets the next writer in at once, even while something still holds the
    /// pipeline (a service that keeps it for its summary, or a test): the lock ends with the run.
    @Test func aFinishedRunReleasesTheDirectoryAtOnce() throws {
        let workspace = TestWorkspace()
        var configuration = IngestConfiguration()
        configuration.inputs = [.file(workspace.write("a.ndjson", lines: [usageLine(utcMs(2026, 11, 1))]))]
        configuration.snapshotDirectory = workspace.snapshotDirectory
        configuration.resume = true
        let first = try IngestPipeline(configuration: configuration)
        #expect(first.run().error == nil)
        let second = try IngestPipeline(configuration: configuration)
        #expect(second.run().error == nil)
        withExtendedLifetime(first) {}
    }

    private static func size(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
    }

    /// Random sequences of appends (plain lines, or a new zstd frame) to any of three inputs, each
    /// followed by one or more identical `--resume` runs: after every run, the state is that of one
    /// run over all the data so far.
    @Test(arguments: 1...4 as ClosedRange<UInt64>)
    func anySequenceOfAppendsAndRerunsGivesTheStateOfOneRun(seed: UInt64) throws {
        let lines = try Self.windowSafeLines.get()
        var random = SplitMix64(seed: seed)
        let workspace = TestWorkspace()
        let paths = [
            workspace.write("a.ndjson", Self.text(lines[0..<100])),
            workspace.write("b.zst", try ZstdEncoder.compress(Self.text(lines[100..<200]))),
            workspace.write("c.ndjson", Self.text(lines[200..<300])),
        ]
        var used = 300
        for step in 0..<7 {
            let appends = Int(random.next(below: 3))  // 0, 1 or 2 inputs grow before this step's runs
            for _ in 0..<appends where used < lines.count {
                let input = Int(random.next(below: 3))
                let end = min(lines.count, used + 50 + Int(random.next(below: 250)))
                let bytes = Self.text(lines[used..<end])
                try Self.append(input == 1 ? try ZstdEncoder.compress(bytes) : bytes, to: paths[input])
                used = end
            }
            let expected = try Self.oneRun(over: paths)
            for rerun in 0...Int(random.next(below: 2)) {
                let (summary, snapshot) = try workspace.ingest(paths, resume: true, configure: Self.noDuplicateFilter)
                #expect(summary.error == nil)
                #expect(try Self.state(snapshot) == expected, "seed \(seed), step \(step), run \(rerun + 1)")
            }
        }
    }

    // MARK: The format an input is read in

    /// A schema v1 file, read in part, then grown by lines of a Claude Code transcript (a file that
    /// changes format midway: one run reads it all as schema v1).
    private static func fileThatChangesFormat(_ workspace: TestWorkspace) throws -> (path: String, grow: () throws -> Void) {
        let lines = try windowSafeLines.get()
        let path = workspace.write("mixed.log", text(lines[..<200]))
        let transcript = [UInt8](FileManager.default.contents(atPath: SourceFixtureTests.fixture("claude-code-session.jsonl"))!)
        return (path, { try append(transcript, to: path) })
    }

    /// `--source` other than the recorded format, for a file read in part, would misread the rest of
    /// it (the issue: 139,870 lines skipped as no_usage, exit 0): refused like changed windows.
    @Test func resumingAPartlyReadFileWithAnotherSourceIsRefused() throws {
        let workspace = TestWorkspace()
        let (path, grow) = try Self.fileThatChangesFormat(workspace)
        _ = try workspace.ingest([path], resume: true, configure: Self.noDuplicateFilter)
        try grow()
        var configuration = IngestConfiguration()
        configuration.inputs = [.file(path)]
        configuration.snapshotDirectory = workspace.snapshotDirectory
        configuration.resume = true
        configuration.sources.format = .claudeCode
        do {
            _ = try IngestPipeline(configuration: configuration)
            Issue.record("a resume with another --source was accepted")
        } catch {
            #expect(error.exitCode == 2)
            #expect(error.description.contains("as --source tokentally"))
            #expect(error.description.contains("asks for --source claude-code"))
        }
        configuration.sources.format = .tokentally
        #expect(throws: Never.self) { _ = try IngestPipeline(configuration: configuration) }
    }

    /// `--source auto` on a resume reads on in the recorded format rather than detecting again from
    /// the middle of the file, so the result is what one run over the whole file gives.
    @Test func autoReadsOnInTheRecordedFormat() throws {
        let workspace = TestWorkspace()
        let (path, grow) = try Self.fileThatChangesFormat(workspace)
        _ = try workspace.ingest([path], resume: true, configure: Self.noDuplicateFilter)
        try grow()
        let (summary, resumed) = try workspace.ingest([path], resume: true, configure: Self.noDuplicateFilter)
        #expect(summary.error == nil)
        #expect(resumed.header.sources.first?.format == .tokentally)
        #expect(try Self.state(resumed) == Self.oneRun(over: [path]))
    }
}
