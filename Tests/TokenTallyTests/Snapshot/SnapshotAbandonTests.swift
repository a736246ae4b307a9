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
    /// longer gives back.
    @Test(.timeLimit(.minutes(1))) func aSectionOfManyBlocksGivenUpStopsItsGathering() throws {
        let people = 6 * InsightColumns.blockRecords
        let lines = (0..<people).map { #"{"ts":"2026-11-20T10:00:00Z","user":"u\#($0)","team":"t","org":"o","model":"m","tool":"x","input_tokens":1}"# }
        let (state, watermarkMs) = InsightStateSectionTests.fedState(lines, recordsMax: people)
        #expect(state.users.count == people)
        var header = SnapshotHeader()
        header.windows = InsightStateSectionTests.windows.windows
        header.watermarkMs = watermarkMs
        var asked = 0
        #expect(throws: SnapshotAbandoned.self) {
            _ = try InsightState.encodeSection([state.image()], header: header, level: 1, abandon: {
                asked += 1
                return asked > 1
            })
        }
        #expect(asked == 2)
    }
}
