import Foundation
import Testing
@testable import TallyCore
@testable import TallyIngest
@testable import TallySnapshot
@testable import TallyStages

/// Snapshot write, read back, and refusal of damaged files.
@Suite struct SnapshotFileTests {
    private func makeSnapshot(_ workspace: TestWorkspace) throws -> (IngestSummary, SnapshotFile) {
        try workspace.ingest(lines: [
            usageLine(utcMs(2026, 11, 1, 10), user: "alice", team: "red", tokens: 10),
            usageLine(utcMs(2026, 11, 1, 11), user: #"bob \"quoted\""#, team: "red", tokens: 20),
            #"{"ts":"2026-11-01T11:30:00Z","user":"alice","model":"m","cost_usd":0.000000001,"cache_read_tokens":5}"#,
            "not json",
        ])
    }

    @Test func headerAndTotalsRoundTrip() throws {
        let workspace = TestWorkspace()
        let (summary, snapshot) = try makeSnapshot(workspace)
        let h = snapshot.header
        #expect(h.version == 2)
        #expect(h.sequence == 1)
        #expect(h.watermarkMs == utcMs(2026, 11, 1, 11, 30))
        #expect(h.windows.map(\.name) == ["1h", "24h", "7d", "30d"])
        #expect(h.counters == summary.counters)
        #expect(h.counters.rejected(.malformedJSON) == 1)
        #expect(h.keysByDimension[KeyDimension.user.rawValue] == 2)
        let users = try snapshot.totals(dimension: .user, window: "24h")
        #expect(users.map(\.key) == ["alice", "bob \"quoted\""])
        #expect(users[0].totalTokens == 15)
        #expect(users[0].costNanoUSD == 1)
        #expect(users[0].events == 2)
    }

    @Test func theContentIsPlainNDJSONUnderZstd() throws {
        let workspace = TestWorkspace()
        let (_, snapshot) = try makeSnapshot(workspace)
        let decoded = try decompressFile(snapshot.path)
        let lines = String(decoding: decoded, as: UTF8.self).split(separator: "\n")
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["type"] != nil)
        }
        #expect(lines.first?.contains("\"type\":\"header\"") == true)
        #expect(lines.last?.contains("\"type\":\"end\"") == true)
    }

    @Test func aChangedByteIsRefusedByTheChecksum() throws {
        let workspace = TestWorkspace()
        let (_, snapshot) = try makeSnapshot(workspace)
        var decoded = try decompressFile(snapshot.path)
        let text = String(decoding: decoded, as: UTF8.self)
        let range = try #require(text.range(of: "\"total_tokens\":15"))
        let index = text.utf8.distance(from: text.startIndex, to: range.upperBound) - 1
        decoded[index] = UInt8(ascii: "6")
        let path = workspace.write("tampered.ndjson.zst", try ZstdEncoder.compress(decoded))
        #expect {
            try SnapshotFile(path: path)
        } throws: { error in
            guard let error = error as? SnapshotError, case .checksumMismatch = error.kind else { return false }
            return error.description.contains("tampered.ndjson.zst")
        }
    }

    @Test func truncatedAndBitFlippedFilesAreRefused() throws {
        let workspace = TestWorkspace()
        let (_, snapshot) = try makeSnapshot(workspace)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: snapshot.path)))
        let truncated = workspace.write("truncated.ndjson.zst", Array(bytes.dropLast(bytes.count / 3)))
        #expect(throws: SnapshotError.self) { try SnapshotFile(path: truncated) }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x10
        let flippedPath = workspace.write("flipped.ndjson.zst", flipped)
        #expect(throws: SnapshotError.self) { try SnapshotFile(path: flippedPath) }
        let plain = workspace.write("plain.ndjson.zst", Array("{}\n".utf8))
        #expect(throws: SnapshotError.self) { try SnapshotFile(path: plain) }
    }

    @Test func anotherFormatVersionIsRefusedByName() throws {
        let workspace = TestWorkspace()
        let (_, snapshot) = try makeSnapshot(workspace)
        let text = String(decoding: try decompressFile(snapshot.path), as: UTF8.self)
        var lines = text.split(separator: "\n").map(String.init)
        lines[0] = lines[0].replacingOccurrences(of: "\"version\":2", with: "\"version\":3")
        lines.removeLast()
        let body = Array((lines.joined(separator: "\n") + "\n").utf8)
        let trailer = "{\"type\":\"end\",\"rows\":\(lines.count),\"xxh64\":\"\(SnapshotRows.hex(XXH64.hash(body)))\"}\n"
        let path = workspace.write("v3.ndjson.zst", try ZstdEncoder.compress(body + Array(trailer.utf8)))
        #expect {
            try SnapshotFile(path: path)
        } throws: { error in
            guard let error = error as? SnapshotError, case .unsupportedVersion(3) = error.kind else { return false }
            return error.description.contains("reads versions 1 to 2")
        }
    }

    @Test func aDirectoryFallsBackToTheNewestValidSnapshotAndSaysSo() throws {
        let workspace = TestWorkspace()
        let (_, good) = try makeSnapshot(workspace)
        let directory = SnapshotDirectory(path: workspace.snapshotDirectory)
        let newer = workspace.snapshotDirectory + "/" + directory.fileName(sequence: 7)
        _ = FileManager.default.createFile(atPath: newer, contents: Data([0x28, 0xB5, 0x2F, 0xFD, 1, 2, 3]))
        var warnings: [String] = []
        let chosen = try SnapshotLocator.open(workspace.snapshotDirectory) { warnings.append($0) }
        #expect(chosen.path == good.path)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains(newer) == true)
    }

    @Test func aDirectoryWithOnlyDamagedSnapshotsIsAnErrorListingEach() throws {
        let workspace = TestWorkspace()
        let (_, good) = try makeSnapshot(workspace)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: good.path)))
        bytes.removeLast(9)
        try Data(bytes).write(to: URL(fileURLWithPath: good.path))
        let directory = SnapshotDirectory(path: workspace.snapshotDirectory)
        let other = workspace.snapshotDirectory + "/" + directory.fileName(sequence: 9)
        _ = FileManager.default.createFile(atPath: other, contents: Data("plain text".utf8))
        do {
            _ = try SnapshotLocator.open(workspace.snapshotDirectory) { _ in }
            Issue.record("damaged snapshots were accepted")
        } catch {
            #expect(error.description.contains("no valid snapshot"))
            #expect(error.description.contains(good.path))
            #expect(error.description.contains(other))
        }
    }

    @Test func retentionKeepsTheNewestAndRemovesCrashLeftovers() throws {
        let workspace = TestWorkspace()
        let directory = SnapshotDirectory(path: workspace.snapshotDirectory)
        try withExtendedLifetime(try directory.prepare()) {
            for sequence in 1...5 {
                _ = try directory.write(sequence: sequence) { sink in
                    try [UInt8](repeating: UInt8(sequence), count: 10).withUnsafeBytes { try sink.write($0, at: 0) }
                }
            }
            directory.prune(keep: 2)
            #expect(directory.snapshots().map(\.sequence) == [5, 4])
            #expect(try directory.nextSequence() == 6)
        }
        let leftover = workspace.snapshotDirectory + "/.snapshot-9.tmp"
        _ = FileManager.default.createFile(atPath: leftover, contents: Data([1]))
        _ = try directory.prepare()
        #expect(!FileManager.default.fileExists(atPath: leftover))
    }

    @Test func anUnwritableDirectoryIsAClearError() throws {
        let workspace = TestWorkspace()
        let blocker = workspace.write("not-a-directory", [1])
        var configuration = IngestConfiguration()
        configuration.snapshotDirectory = blocker + "/snapshots"
        #expect {
            _ = try IngestPipeline(configuration: configuration)
        } throws: { error in
            (error as? IngestError)?.exitCode == 3 && "\(error)".contains("not-a-directory")
        }
    }

    /// A bucket that holds a negative sum (a hostile or damaged file with a valid checksum) is
    /// refused: a resume would otherwise carry the negative number into every sum it joins.
    @Test func aNegativeBucketSumIsMalformed() throws {
        let workspace = TestWorkspace()
        let (_, snapshot) = try workspace.ingest(lines: [usageLine(utcMs(2026, 11, 1), tokens: 7)])
        let (summary, original) = try SnapshotAssembly.parts(of: snapshot)
        var parts = original
        let counters = try #require(parts.firstIndex { $0.kind == CounterShard.section })
        // Every key has one hour and one day bucket, so the input column is n sevens, as byte planes
        // n bytes 07, then seven planes of n bytes 00. The first value's bytes become those of -7.
        var n = 0
        try snapshot.forEachBucketRow { n += $0.hours.count + $0.days.count }
        let sevens = Array(repeating: UInt8(7), count: n) + Array(repeating: 0, count: 7 * n)
        let payload = parts[counters].payload
        let at = try #require((0...payload.count - 8 * n).first { Array(payload[$0..<$0 + 8 * n]) == sevens })
        for (b, byte) in withUnsafeBytes(of: Int64(-7).littleEndian, Array.init).enumerated() { parts[counters].payload[at + b * n] = byte }
        let file = try SnapshotFile(compressed: try SnapshotAssembly.assemble(summary: summary, parts: parts), path: "negative")
        #expect {
            try file.forEachBucketRow { _ in }
        } throws: { error in
            "\(error)".contains("the counters section: a negative or oversized count")
        }
        // Unchanged, the same parts read back.
        let intact = try SnapshotFile(compressed: try SnapshotAssembly.assemble(summary: summary, parts: original), path: "intact")
        #expect(throws: Never.self) { try intact.forEachBucketRow { _ in } }
    }

    /// The same for a version 1 file: its `buckets` rows.
    @Test func aNegativeBucketSumIsMalformedInVersion1() throws {
        let content = try decompressFile(SnapshotFixtures.v1Full)
        var lines = String(decoding: content, as: UTF8.self).split(separator: "\n").map(String.init)
        lines.removeLast()  // the end record
        #expect(try SnapshotFile(path: SnapshotFixtures.v1Full).forEachBucketRow { _ in } == ())
        let bucket = try #require(lines.firstIndex { $0.contains("\"type\":\"buckets\"") })
        let tokens = try #require(lines[bucket].firstMatch(of: /\[\[(\d+),(\d+),/))
        lines[bucket] = lines[bucket].replacingOccurrences(of: "[[\(tokens.1),\(tokens.2),", with: "[[\(tokens.1),-\(tokens.2),")
        let body = Array((lines.joined(separator: "\n") + "\n").utf8)
        let checksum = body.withUnsafeBytes { SnapshotRows.hex(XXH64.hash($0)) }
        let sealed = body + Array("{\"type\":\"end\",\"rows\":\(lines.count),\"xxh64\":\"\(checksum)\"}\n".utf8)
        let file = try SnapshotFile(compressed: try ZstdEncoder.compress(sealed), path: "negative")
        #expect(file.header.version == 1)
        #expect(throws: SnapshotError.self) { try file.forEachBucketRow { _ in } }
    }
}

extension SnapshotFileTests {
    /// A payload is reserved for at most 16 times its compressed size, not at what it declares: a
    /// few bytes that declare a gigabyte allocate little (the content decompresses as before).
    @Test func aPayloadIsNotReservedAtWhatItDeclares() throws {
        let content = [UInt8](repeating: 7, count: 100_000)
        let compressed = try ZstdEncoder.compress(content)
        #expect(compressed.count < 1_000)
        let decoded = try compressed.withUnsafeBytes {
            try SnapshotFile.decompress($0, limit: 1 << 30, declaresLimit: true, path: "declares-a-gigabyte")
        }
        #expect(decoded == content)
        #expect(decoded.capacity < 1 << 20)
    }
}
