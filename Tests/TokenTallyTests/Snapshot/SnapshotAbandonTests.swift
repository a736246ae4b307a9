import Dispatch
import Synchronization
import Testing
@testable import TallyCore
@testable import TallySnapshot
@testable import TallyStages

/// A snapshot its writer gives up (a periodic one the final cut supersedes) stops at its next write
/// or insights block with `SnapshotAbandoned`, its section threads joined; one never given up is
/// the same bytes as one written without the question.
@Suite struct SnapshotAbandonTests {
    /// A staging area with the insights scenario's records, and its header.
    static func staging() -> (SnapshotStaging, SnapshotHeader) {
        let (state, watermarkMs) = InsightStateSectionTests.fedState()
        let staging = SnapshotStaging(shardCount: 1)
        staging.run.windows = InsightStateSectionTests.windows.windows
        staging.holdInsights([state.image()])
        var header = staging.finishedHeader(sequence: 1, createdAtMs: 0)
        header.watermarkMs = watermarkMs
        return (staging, header)
    }

    /// Counts the writes it takes.
    final class CountingSink: SnapshotSink, @unchecked Sendable {
        let bytes = SnapshotBytes()
        var writes = 0
        func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
            writes += 1
            self.bytes.write(bytes, at: offset)
        }
    }

    @Test func aSnapshotNeverGivenUpIsTheSameBytes() throws {
        let (staging, header) = Self.staging()
        let plain = SnapshotBytes(), asked = SnapshotBytes()
        try SnapshotWriter(compressionLevel: 1).encode(staging, header: header, into: plain)
        staging.holdInsights(Self.staging().0.takeInsights())
        try SnapshotWriter(compressionLevel: 1).encode(staging, header: header, abandon: { false }, into: asked)
        #expect(asked.bytes == plain.bytes && plain.bytes.count > 1000)
        #expect(try SnapshotFile(compressed: plain.bytes, path: "plain").insightRows().people.isEmpty == false)
    }

    @Test(arguments: [0, 1, 2, 3]) func aSnapshotGivenUpStopsAtItsNextWrite(after allowed: Int) throws {
        let (staging, header) = Self.staging()
        let sink = CountingSink()
        let asked = Atomic(0)
        // Yes from the question after `allowed` writes have gone through.
        let abandon: @Sendable () -> Bool = { asked.add(1, ordering: .relaxed).newValue > allowed }
        #expect(throws: SnapshotAbandoned.self) {
            try SnapshotWriter(compressionLevel: 1).encode(staging, header: header, abandon: abandon, into: sink)
        }
        #expect(sink.writes <= allowed)
    }

    /// An insights section of many blocks given up after its first stops there: the thread that
    /// gathers the next blocks is stopped and joined, not left waiting for blocks the encoder no
    /// longer gives back. The section is written on a thread of its own and waited for from the
    /// body, not with a test time limit: that clock starts before the body gets a thread, and in a
    /// parallel run under a sanitizer the wait for one took over a minute (CI, 2026-12-07). Five
    /// minutes against the 1.5 s it takes alone under AddressSanitizer only catches a hang.
    @Test func aSectionOfManyBlocksGivenUpStopsItsGathering() throws {
        let people = 6 * InsightColumns.blockRecords
        let lines = (0..<people).map { #"{"ts":"2026-11-20T10:00:00Z","user":"u\#($0)","team":"t","org":"o","model":"m","tool":"x","input_tokens":1}"# }
        let (state, watermarkMs) = InsightStateSectionTests.fedState(lines, recordsMax: people)
        #expect(state.users.count == people)
        var header = SnapshotHeader()
        header.windows = InsightStateSectionTests.windows.windows
        header.watermarkMs = watermarkMs
        let images = [state.image()]
        let asked = Atomic(0), gaveUp = Atomic(false)
        let ended = DispatchSemaphore(value: 0)
        let writing = SystemThread(name: "test-writer") { [header] in
            do {
                _ = try InsightState.encodeSection(images, header: header, level: 1, abandon: {
                    asked.add(1, ordering: .relaxed).newValue > 1
                })
            } catch is SnapshotAbandoned {
                gaveUp.store(true, ordering: .relaxed)
            } catch {}
            ended.signal()
        }
        let stopped = ended.wait(timeout: .now() + .seconds(300)) == .success
        try #require(stopped, "the section given up did not stop its gathering thread")
        writing.join()
        let gaveUpThere = gaveUp.load(ordering: .relaxed), questions = asked.load(ordering: .relaxed)
        #expect(gaveUpThere)
        #expect(questions == 2)
    }
}
