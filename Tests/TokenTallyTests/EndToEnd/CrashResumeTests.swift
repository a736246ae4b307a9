import Foundation
import Testing
@testable import TallySnapshot
@testable import TallyStages

/// The binary killed with SIGKILL at random moments while it writes a snapshot every 100 ms, then run
/// again with `--resume`: the newest snapshot is always whole and valid, temporary files do not pile
/// up, and the final state equals one uninterrupted run, event for event.
@Suite(.serialized) struct CrashResumeTests {
    private func start(_ arguments: [String], stdin: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = BinaryRunner.executable
        process.arguments = arguments
        if let stdin { process.standardInput = stdin }
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private func temporaryFiles(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".tmp") }
    }

    @Test func killedAtRandomMomentsAndResumedCountsEveryEventOnce() throws {
        let workspace = TestWorkspace()
        // Long enough that most kills land mid-run (300,000 events; 60,000 under a sanitizer).
        let events = TestScale.events(300_000)
        let gen = try BinaryRunner.run(["gen", "--events", String(events), "--users", "3000", "--seed", "21"], in: workspace)
        #expect(gen.status == 0)
        let input = workspace.write("events.zst", try FrameLayouts.frames([UInt8](gen.stdout), frameBytes: 1 << 20))
        let reference = try workspace.ingest([input]).1

        let snapshots = workspace.path + "/crash-snapshots"
        let arguments = ["ingest", "--resume", "--snapshot-every", "100ms", "--snapshot-dir", snapshots, "--quiet", "--prices", "none", input]
        var random = SystemRandomNumberGenerator()
        for round in 0..<6 {
            let delayMs = UInt32.random(in: 30...900, using: &random)
            let process = try start(arguments)
            usleep(delayMs * 1000)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // At most the one file a write was interrupted in; the next start removes it.
            #expect(temporaryFiles(snapshots).count <= 1, "round \(round), killed after \(delayMs) ms")
            if let newest = SnapshotDirectory(path: snapshots).snapshots().first {
                #expect(throws: Never.self, "round \(round): the newest snapshot must be valid") {
                    _ = try SnapshotFile(path: newest.path)
                }
            }
        }
        let last = try start(arguments)
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        #expect(temporaryFiles(snapshots).isEmpty)
        let final = try SnapshotLocator.open(snapshots) { _ in }
        #expect(final.header.counters == reference.header.counters)
        #expect(try final.totals() == reference.totals())
        #expect(try final.insightRows() == reference.insightRows())
    }

    /// Standard input cannot be rewound: a producer either resends from the line after the
    /// snapshot's position, or resends everything and says how much to skip with `--skip-lines`.
    @Test(arguments: [false, true])
    func standardInputResumesFromTheProducersResend(resendEverything: Bool) throws {
        let lines = (0..<1500).map { usageLine(utcMs(2026, 11, 1) + Int64($0) * 1000, user: "u\($0 % 9)", tokens: $0 + 1) }
        let workspace = TestWorkspace()
        let reference = try workspace.ingest([workspace.write("all.ndjson", lines: lines)]).1

        func ingest(_ part: ArraySlice<String>, _ extra: [String]) throws -> Int32 {
            let pipe = Pipe()
            let process = try start(["ingest", "--resume", "--snapshot-dir", workspace.snapshotDirectory + "-stdin", "--quiet", "--prices", "none"] + extra, stdin: pipe)
            pipe.fileHandleForWriting.write(Data(part.map { $0 + "\n" }.joined().utf8))
            try pipe.fileHandleForWriting.close()
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(try ingest(lines[..<1000], []) == 0)
        let first = try SnapshotLocator.open(workspace.snapshotDirectory + "-stdin") { _ in }
        let position = try #require(first.header.sources.first)
        #expect(position.name == "<stdin>" && position.linesRead == 1000)
        if resendEverything {
            #expect(try ingest(lines[...], ["--skip-lines", String(position.linesRead)]) == 0)
        } else {
            #expect(try ingest(lines[1000...], []) == 0)
        }
        let final = try SnapshotLocator.open(workspace.snapshotDirectory + "-stdin") { _ in }
        #expect(try final.totals() == reference.totals())
        #expect(try final.insightRows() == reference.insightRows())
        #expect(final.header.counters.eventsAccepted == 1500)
        #expect(final.header.sources.first?.linesRead == 1500)
    }
}
