import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallyStages

/// A cut's header is built in one place, `SnapshotStaging.finishedHeader`: the run's settings, the
/// sequencer's position (which `Sequencer.cut(into:)` hands over with the duplicate filter's ids)
/// and what the stages' images count.
@Suite struct SnapshotStagingHeaderTests {
    @Test func theHeaderJoinsTheRunThePositionAndTheImages() throws {
        let windows = try WindowSet(parsing: "24h,7d")
        let staging = SnapshotStaging(shardCount: 2)
        staging.run.windows = windows.windows
        staging.run.keysMax = 7
        staging.run.lineBytesMax = 4096
        staging.run.maxFutureMs = 60_000
        staging.run.insightRecordsMax = 11
        staging.run.leaderboardAllowed = true
        staging.run.pseudonymKeyFingerprint = "f00d"
        staging.run.sessionsPseudonymized = true
        staging.run.tasksPseudonymized = true
        staging.run.priceTable = "prices.json"
        staging.run.droppedUpdatesUnattributed = 3
        staging.position.watermarkMs = 1_000
        staging.position.counters.linesRead = 12
        staging.position.sources = [
            SourcePosition(name: "in", sizeBytes: 9, compressed: false, decodedBytesRead: 9, linesRead: 12, finished: true)
        ]
        staging.position.follow = [FollowPosition(path: "f", device: 1, inode: 2, offset: 3, fingerprint: 4, fingerprintBytes: 5)]
        staging.position.dedupHorizonHours = 48
        staging.position.dedupHorizonShortenings = 1
        staging.position.dedupIDsForgotten = 2
        staging.position.dedupIDsMax = 100
        staging.duplicateIDs = [.init(id: EventID(high: 1, low: 2), hour: 5), .init(id: EventID(high: 3, low: 4), hour: 5)]
        staging.images[0].keyDimensions = [0, 0, 1]
        staging.images[1].keyDimensions = [1]
        staging.images[0].droppedUpdates[KeyDimension.user.rawValue] = 2
        staging.images[1].droppedUpdates[KeyDimension.team.rawValue] = 1
        staging.images[1].saturatedSums = 4

        let header = staging.finishedHeader(sequence: 5, createdAtMs: 42)

        #expect(header.version == SnapshotHeader.currentVersion)
        #expect((header.sequence, header.createdAtMs) == (5, 42))
        #expect(header.windows == windows.windows)
        #expect((header.keysMax, header.lineBytesMax, header.maxFutureMs, header.insightRecordsMax) == (7, 4096, 60_000, 11))
        #expect(header.leaderboardAllowed && header.sessionsPseudonymized && header.tasksPseudonymized)
        #expect(header.pseudonymKeyFingerprint == "f00d")
        #expect(header.priceTable == "prices.json")
        #expect(header.watermarkMs == 1_000)
        #expect(header.counters.linesRead == 12)
        #expect(header.sources == staging.position.sources)
        #expect(header.follow == staging.position.follow)
        #expect((header.dedupHorizonHours, header.dedupHorizonShortenings, header.dedupIDsForgotten) == (48, 1, 2))
        #expect((header.dedupIDsMax, header.dedupIDs) == (100, 2))
        #expect(header.keysByDimension[0] == 2 && header.keysByDimension[1] == 2)
        #expect(header.droppedUpdatesByDimension[KeyDimension.user.rawValue] == 2)
        #expect(header.droppedUpdatesByDimension[KeyDimension.team.rawValue] == 1)
        // The run's unattributed drops (from a resumed pre-split snapshot) and the images' own.
        #expect(header.droppedUpdates == 3 + 2 + 1)
        #expect(header.saturatedSums == 4)
    }

    @Test func theSequencerHandsItsPositionAndTheFiltersIDs() throws {
        let windows = try WindowSet(parsing: "24h")
        let sequencer = Sequencer(
            windows: windows, inputNames: ["in"], duplicates: DuplicateFilter(horizonHours: 24, idsMax: 1_000))
        var parser = LineParser()
        parser.nowMs = Timestamp.maxMs
        let batch = EventBatch()
        for (i, id) in ["a", "b", "a"].enumerated() {
            let line = #"{"ts":"2026-11-01T1\#(i):00:00Z","user":"u","model":"m","input_tokens":1,"id":"\#(id)"}"#
            let outcome = Array(line.utf8).withUnsafeBytes { parser.parse($0, into: batch) }
            #expect(outcome == .accepted)
            batch.linesRead += 1
        }
        sequencer.sequence(batch)
        let staging = SnapshotStaging(shardCount: 1)
        staging.duplicateIDs = [.init(id: EventID(high: 9, low: 9), hour: 0)]  // a previous cut's, replaced

        sequencer.cut(into: staging)

        #expect(staging.position.watermarkMs == utcMs(2026, 11, 1, 12))
        #expect(staging.position.counters.linesRead == 3)
        #expect(staging.position.counters.duplicateEvents == 1)
        #expect(staging.position.sources.map(\.name) == ["in"])
        #expect((staging.position.dedupHorizonHours, staging.position.dedupIDsMax) == (24, 1_000))
        #expect(staging.duplicateIDs.count == 2)
        #expect(!staging.duplicateIDs.contains(.init(id: EventID(high: 9, low: 9), hour: 0)))
    }
}
