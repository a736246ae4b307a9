import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import TallyCore
@testable import TallyEvents
@testable import TallyIngest

/// `DirectoryFollower` against real files in a temporary directory: appends, partial lines, new
/// files, rotation, truncation, deletion, long lines, resume and the descriptor limit. The follower
/// only acts inside `next(into:)`, so every change a test makes is seen at once at the next poll.
@Suite struct DirectoryFollowerTests {
    // MARK: - Reading

    @Test func existingFilesAreReadWholeAndAppendsPickedUp() throws {
        let workspace = TestWorkspace()
        put(workspace.path + "/a.jsonl", "a1\na2\n")
        put(workspace.path + "/b.ndjson", "b1\n")
        let harness = try Harness(workspace.path)
        let first = try harness.drain { lines($0).count == 3 }
        #expect(Set(lines(first)) == ["a1", "a2", "b1"])
        #expect(first.allSatisfy { !$0.read.startedOver && $0.text.hasSuffix("\n") })

        put(workspace.path + "/a.jsonl", "a3\n", append: true)
        let second = try harness.drain { lines($0).count == 1 }
        #expect(lines(second) == ["a3"])
        #expect(second[0].read.start == 6)
        #expect(second[0].read.fileKey == first.first { $0.read.path.hasSuffix("a.jsonl") }!.read.fileKey)
        #expect(try harness.idle(ms: 100).isEmpty)
        #expect(harness.follower.positions.map(\.offset) == [9, 3])
    }

    @Test func aPartialLineIsHeldBackUntilItsNewline() throws {
        let workspace = TestWorkspace()
        let path = workspace.path + "/p.jsonl"
        put(path, "p1\np2\npar")
        let harness = try Harness(workspace.path)
        #expect(lines(try harness.drain { lines($0).count == 2 }) == ["p1", "p2"])
        #expect(try harness.idle(ms: 100).isEmpty)
        #expect(harness.follower.positions.map(\.offset) == [6])

        put(path, "tial\np3", append: true)
        let next = try harness.drain { lines($0).count == 1 }
        #expect(lines(next) == ["partial"])
        #expect(next[0].read.start == 6)
        #expect(try harness.idle(ms: 100).isEmpty)

        put(path, "\n", append: true)
        #expect(lines(try harness.drain { lines($0).count == 1 }) == ["p3"])
        #expect(harness.follower.positions.map(\.offset) == [17])
    }

    @Test func newFilesInSubdirectoriesAreFoundAndOthersIgnored() throws {
        let workspace = TestWorkspace()
        let root = workspace.path
        let harness = try Harness(root)
        #expect(try harness.idle(ms: 50).isEmpty)

        mkdirs(root + "/proj/sub")
        mkdirs(root + "/.hidden")
        put(root + "/proj/sub/s1.jsonl", "x1\n")
        put(root + "/proj/d.ndjson", "d1\n")
        put(root + "/proj/e.json", "e1\n")
        put(root + "/.hidden/h.jsonl", "hidden\n")
        put(root + "/proj/.h.jsonl", "hidden\n")
        put(root + "/proj/notes.txt", "text\n")
        put(root + "/outside.jsonl.bak", "bak\n")
        #expect(symlink(root + "/proj/sub/s1.jsonl", root + "/proj/link.jsonl") == 0)
        #expect(symlink(root + "/proj", root + "/proj/sub/loop") == 0)

        let got = try harness.drain { lines($0).count == 3 }
        #expect(Set(lines(got)) == ["x1", "d1", "e1"])
        #expect(try harness.idle(ms: 100).isEmpty)
        #expect(harness.follower.positions.map(\.path)
            == [root + "/proj/d.ndjson", root + "/proj/e.json", root + "/proj/sub/s1.jsonl"])
        #expect(Set(got.map(\.read.fileKey)).count == 3)
    }

    @Test func readsTakeTurnsAcrossFiles() throws {
        let workspace = TestWorkspace()
        let line = String(repeating: "a", count: 19)
        put(workspace.path + "/1.jsonl", String(repeating: line + "\n", count: 10))
        put(workspace.path + "/2.jsonl", String(repeating: line + "\n", count: 10))
        // A buffer that holds exactly one line: every read is one line.
        let harness = try Harness(workspace.path, lineBytesMax: 20, bufferBytes: 21)
        let got = try harness.drain { $0.count == 20 }
        #expect(got.count == 20)
        let keys = got.map(\.read.fileKey)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 != $1 })
    }

    @Test func aSmallBufferSplitsAtLineBoundariesOnly() throws {
        let workspace = TestWorkspace()
        let content = (0..<30).map { "line-\($0)-" + String(repeating: "x", count: $0 % 25) + "\n" }.joined()
        put(workspace.path + "/s.jsonl", content)
        let harness = try Harness(workspace.path, lineBytesMax: 40, bufferBytes: 41)
        let got = try harness.drain { $0.reduce(0) { $0 + $1.read.byteCount } == content.utf8.count }
        #expect(got.count > 1)
        #expect(got.allSatisfy { $0.read.byteCount <= 41 && $0.text.hasSuffix("\n") })
        #expect(got.map(\.text).joined() == content)
        var expectedStart = 0
        for read in got.map(\.read) {
            #expect(read.start == expectedStart)
            expectedStart += read.byteCount
        }
    }

    // MARK: - Long lines

    @Test(arguments: [65, 100, 4096])
    func longLinesAreDroppedWithTheirExactSize(bufferBytes: Int) throws {
        let workspace = TestWorkspace()
        let path = workspace.path + "/long.jsonl"
        let atLimit = String(repeating: "y", count: 64)
        let content = "a\n" + String(repeating: "x", count: 200) + "\nb\n" + atLimit + "\n"
            + String(repeating: "z", count: 65) + "\nc\n"
        put(path, content)
        let harness = try Harness(workspace.path, lineBytesMax: 64, bufferBytes: bufferBytes)
        let got = try harness.drain { lines($0) == ["a", "b", atLimit, "c"] && dropped($0).count == 2 }
        #expect(lines(got) == ["a", "b", atLimit, "c"])
        #expect(dropped(got) == [201, 66])
        #expect(got.allSatisfy { $0.read.droppedLongLines <= 1 })
        #expect(harness.follower.positions.map(\.offset) == [content.utf8.count])

        // A line that grows past the limit while being written.
        put(path, String(repeating: "q", count: 50), append: true)
        #expect(try harness.idle(ms: 80).isEmpty)
        put(path, String(repeating: "q", count: 30), append: true)
        #expect(try harness.idle(ms: 80).isEmpty)
        put(path, String(repeating: "q", count: 20) + "\nd\n", append: true)
        let more = try harness.drain { lines($0) == ["d"] }
        #expect(lines(more) == ["d"])
        #expect(dropped(more) == [101])
        #expect(harness.follower.positions.map(\.offset) == [content.utf8.count + 103])
    }

    // MARK: - Rotation, truncation, deletion

    @Test func renameRotationDrainsTheOldFileAndReadsTheNewOneFromTheStart() throws {
        let workspace = TestWorkspace()
        let path = workspace.path + "/r.jsonl"
        put(path, "r1\nr2\n")
        let harness = try Harness(workspace.path)
        let first = try harness.drain { lines($0).count == 2 }
        let oldKey = first[0].read.fileKey
        let oldInode = harness.follower.positions[0].inode

        // The writer adds to the old file, which is then renamed away (its last line unfinished),
        // and a new file starts at the path.
        put(path, "r3\nr4", append: true)
        #expect(rename(path, workspace.path + "/r.jsonl.1") == 0)
        put(path, "n1\nn2\n")
        let got = try harness.drain { lines($0).count == 4 }
        let old = got.filter { $0.read.fileKey == oldKey }
        let new = got.filter { $0.read.fileKey != oldKey }
        #expect(lines(old) == ["r3", "r4"])
        #expect(old.last?.text.hasSuffix("r4\n") == true)  // the unfinished line, finished for it
        #expect(lines(new) == ["n1", "n2"])
        #expect(new.first?.read.start == 0)
        #expect(new.allSatisfy { !$0.read.startedOver })

        try harness.wait { harness.follower.positions.count == 1 && harness.follower.files.count == 1 }
        let position = harness.follower.positions[0]
        #expect(position.path == path && position.inode != oldInode && position.offset == 6)
        #expect(harness.follower.openCount == 1)
    }

    @Test func renameWithinTheTreeKeepsReading() throws {
        let workspace = TestWorkspace()
        put(workspace.path + "/a.jsonl", "a1\n")
        let harness = try Harness(workspace.path)
        let first = try harness.drain { lines($0).count == 1 }
        #expect(rename(workspace.path + "/a.jsonl", workspace.path + "/a-2026.jsonl") == 0)
        put(workspace.path + "/a-2026.jsonl", "a2\n", append: true)
        let got = try harness.drain { lines($0).count == 1 }
        #expect(lines(got) == ["a2"])
        #expect(got[0].read.fileKey == first[0].read.fileKey)
        try harness.wait { harness.follower.positions.first?.path == workspace.path + "/a-2026.jsonl" }
        #expect(harness.follower.positions.map(\.offset) == [6])
    }

    @Test func copytruncateStartsOverFromZero() throws {
        let workspace = TestWorkspace()
        let path = workspace.path + "/t.jsonl"
        put(path, "c1\nc2\nc3\n")
        let harness = try Harness(workspace.path)
        let first = try harness.drain { lines($0).count == 3 }

        put(path, "t1\n")  // truncated below the offset, then written
        let got = try harness.drain { lines($0).count == 1 }
        #expect(lines(got) == ["t1"])
        #expect(got[0].read.startedOver && got[0].read.start == 0)
        #expect(got[0].read.fileKey == first[0].read.fileKey)

        put(path, "t2\n", append: true)
        let after = try harness.drain { lines($0).count == 1 }
        #expect(lines(after) == ["t2"] && !after[0].read.startedOver)

        // Truncated and refilled past the old offset before a poll: the first bytes differ.
        put(path, "T1-much-longer\nT2-much-longer\n")
        let rewritten = try harness.drain { lines($0).count == 2 }
        #expect(lines(rewritten) == ["T1-much-longer", "T2-much-longer"])
        #expect(rewritten[0].read.startedOver && rewritten[0].read.start == 0)
    }

    @Test func aDeletedFileIsDroppedFromPositions() throws {
        let workspace = TestWorkspace()
        put(workspace.path + "/a.jsonl", "a1\n")
        put(workspace.path + "/b.jsonl", "b1\n")
        let harness = try Harness(workspace.path)
        _ = try harness.drain { lines($0).count == 2 }
        #expect(harness.follower.positions.count == 2)
        #expect(unlink(workspace.path + "/a.jsonl") == 0)
        try harness.wait { harness.follower.positions.count == 1 }
        #expect(harness.follower.positions.map(\.path) == [workspace.path + "/b.jsonl"])
        #expect(harness.follower.openCount == 1)
    }

    @Test func aFileReplacedByADirectoryAndAVanishingDirectoryAreSurvived() throws {
        let workspace = TestWorkspace()
        let root = workspace.path + "/tree"
        mkdirs(root)
        put(root + "/a.jsonl", "a1\n")
        let harness = try Harness(root)
        _ = try harness.drain { lines($0).count == 1 }

        #expect(unlink(root + "/a.jsonl") == 0)
        mkdirs(root + "/a.jsonl")
        put(root + "/a.jsonl/inner.jsonl", "i1\n")
        #expect(lines(try harness.drain { lines($0).count == 1 }) == ["i1"])

        // The whole tree goes away, then comes back with a new file.
        #expect(unlink(root + "/a.jsonl/inner.jsonl") == 0 && rmdir(root + "/a.jsonl") == 0 && rmdir(root) == 0)
        try harness.wait { harness.follower.positions.isEmpty }
        mkdirs(root)
        put(root + "/back.jsonl", "k1\n")
        #expect(lines(try harness.drain { lines($0).count == 1 }) == ["k1"])
    }

    // MARK: - Start at end, resume

    @Test func startAtEndSkipsWhatIsThereButReadsUnfinishedLinesAndNewFiles() throws {
        let workspace = TestWorkspace()
        put(workspace.path + "/full.jsonl", "o1\no2\n")
        put(workspace.path + "/part.jsonl", "o1\npar")
        put(workspace.path + "/one.jsonl", "unfini")
        let harness = try Harness(workspace.path, startAtEnd: true)
        #expect(try harness.idle(ms: 100).isEmpty)
        #expect(harness.follower.positions.map(\.offset) == [6, 0, 3])

        put(workspace.path + "/full.jsonl", "n1\n", append: true)
        put(workspace.path + "/part.jsonl", "tial\n", append: true)
        put(workspace.path + "/one.jsonl", "shed\n", append: true)
        put(workspace.path + "/late.jsonl", "l1\nl2\n")
        let got = try harness.drain { lines($0).count == 5 }
        #expect(Set(lines(got)) == ["n1", "partial", "unfinished", "l1", "l2"])
    }

    @Test func resumeContinuesExactlyAcrossAppendsAndRenames() throws {
        let workspace = TestWorkspace()
        put(workspace.path + "/a.jsonl", "r1\nr2\npar")
        put(workspace.path + "/b.jsonl", "b1\n")
        var positions: [FollowPosition] = []
        do {
            let harness = try Harness(workspace.path)
            _ = try harness.drain { lines($0).count == 3 }
            positions = harness.follower.positions
        }
        #expect(positions.map(\.offset) == [6, 3])
        #expect(positions.allSatisfy { $0.fingerprintBytes > 0 })

        // While down: a is finished and grows, b is renamed within the tree and grows.
        put(workspace.path + "/a.jsonl", "tial\nr3\n", append: true)
        #expect(rename(workspace.path + "/b.jsonl", workspace.path + "/b2.jsonl") == 0)
        put(workspace.path + "/b2.jsonl", "b2\n", append: true)
        let harness = try Harness(workspace.path, resumeFrom: positions)
        let got = try harness.drain { lines($0).count == 3 }
        #expect(Set(lines(got)) == ["partial", "r3", "b2"])
        #expect(try harness.idle(ms: 100).isEmpty)
        #expect(harness.follower.positions.map(\.path) == [workspace.path + "/a.jsonl", workspace.path + "/b2.jsonl"])
    }

    @Test func resumeKeepsEveryPositionOfAManyFileTree() throws {
        // More files than the follower remembers beyond its walk: every position still counts.
        let workspace = TestWorkspace()
        let count = DirectoryFollower.rememberedMax + 100
        for index in 0..<count {
            mkdirs(workspace.path + "/p\(index % 10)")
            put(workspace.path + "/p\(index % 10)/s\(index).jsonl", "a\(index)\n")
        }
        var positions: [FollowPosition] = []
        do {
            let harness = try Harness(workspace.path, pollIntervalMs: 50, rescanIntervalMs: 500)
            let got = try harness.drain { $0.count == count }  // one line per file, one read per file
            #expect(lines(got).count == count)
            positions = harness.follower.positions
            #expect(harness.follower.openCount <= 64)
        }
        #expect(positions.count == count)
        put(workspace.path + "/p3/s3.jsonl", "b3\n", append: true)
        let harness = try Harness(workspace.path, pollIntervalMs: 50, rescanIntervalMs: 500, resumeFrom: positions)
        #expect(lines(try harness.drain { lines($0).count == 1 }) == ["b3"])
        #expect(try harness.idle(ms: 150).isEmpty)
    }

    @Test func resumeReadsFromZeroWhenTheFileChanged() throws {
        let workspace = TestWorkspace()
        let path = workspace.path + "/a.jsonl"
        put(path, "r1\nr2\n")
        var positions: [FollowPosition] = []
        do {
            let harness = try Harness(workspace.path)
            _ = try harness.drain { lines($0).count == 2 }
            positions = harness.follower.positions
        }
        // Rewritten in place (same inode, same size), then grown.
        let fd = open(path, O_WRONLY)
        #expect(pwrite(fd, "X", 1, 0) == 1)
        close(fd)
        put(path, "r3\n", append: true)
        let harness = try Harness(workspace.path, resumeFrom: positions)
        #expect(lines(try harness.drain { lines($0).count == 3 }) == ["X1", "r2", "r3"])

        // A position for another file (another inode) at the same path: read from 0.
        var stale = positions[0]
        stale.inode &+= 1
        let other = try Harness(workspace.path, resumeFrom: [stale], startAtEnd: true)
        #expect(lines(try other.drain { lines($0).count == 3 }) == ["X1", "r2", "r3"])
    }

    // MARK: - Limits and stopping

    @Test func oneDescriptorStillDeliversEveryLineOfThreeGrowingFiles() throws {
        let workspace = TestWorkspace()
        let names = ["f0.jsonl", "f1.jsonl", "f2.jsonl"]
        for (index, name) in names.enumerated() {
            put(workspace.path + "/" + name, (0..<20).map { "f\(index)-\($0)\n" }.joined())
        }
        let harness = try Harness(workspace.path, lineBytesMax: 63, bufferBytes: 64, openFilesMax: 1)
        var all = try harness.drain { lines($0).count == 60 }
        #expect(harness.follower.openCount <= 1)
        for round in 1...3 {
            for (index, name) in names.enumerated() {
                put(workspace.path + "/" + name, (0..<20).map { "f\(index)-\(round * 20 + $0)\n" }.joined(), append: true)
            }
            all += try harness.drain { lines($0).count == 60 }
            #expect(harness.follower.openCount <= 1)
        }
        #expect(try harness.idle(ms: 100).isEmpty)
        for index in 0..<3 {
            #expect(lines(all).filter { $0.hasPrefix("f\(index)-") } == (0..<80).map { "f\(index)-\($0)" })
        }
    }

    @Test(arguments: [(51, 2), (120, 5), (4096, 64)])
    func randomFragmentsArriveAsWholeLinesExactlyOnce(bufferBytes: Int, openFilesMax: Int) throws {
        // Lines of random length (some over the limit of 50) written in random fragments to five
        // files, with reads in between: every line within the limit comes out once, in order, and
        // every longer one is reported dropped with its size.
        let workspace = TestWorkspace()
        var random = SplitMix(seed: UInt64(bufferBytes * 31 + openFilesMax))
        let paths = (0..<5).map { workspace.path + "/r\($0).jsonl" }
        var pending = Array(repeating: "", count: paths.count)  // written, not yet flushed to disk
        var expected: [String: [String]] = [:]
        var expectedDrops: [Int] = []
        var pendingIsLong = Array(repeating: false, count: paths.count)
        let harness = try Harness(workspace.path, lineBytesMax: 50, bufferBytes: bufferBytes, openFilesMax: openFilesMax)
        var got: [Got] = []
        for step in 0..<300 {
            let file = Int(random.next() % 5)
            if pending[file].isEmpty {
                let length = Int(random.next() % 20 == 0 ? 51 + random.next() % 100 : random.next() % 45)
                let line = "\(file)-\(step)-" + String(repeating: "x", count: length)
                pending[file] = line + "\n"
                pendingIsLong[file] = line.utf8.count > 50
                if line.utf8.count > 50 {
                    expectedDrops.append(line.utf8.count + 1)
                } else {
                    expected[paths[file], default: []].append(line)
                }
            }
            let cut = 1 + Int(random.next() % UInt64(pending[file].utf8.count))
            let bytes = Array(pending[file].utf8)
            put(paths[file], String(decoding: bytes[..<cut], as: UTF8.self), append: true)
            pending[file] = String(decoding: bytes[cut...], as: UTF8.self)
            if step % 25 == 24 {
                // Lines still being written are not out yet.
                let unfinished = pending.indices.filter { !pending[$0].isEmpty }
                let unfinishedLong = unfinished.filter { pendingIsLong[$0] }.count
                let complete = expected.values.reduce(0) { $0 + $1.count } - (unfinished.count - unfinishedLong)
                let drops = expectedDrops.count - unfinishedLong
                got += try harness.drain { lines(got + $0).count == complete && dropped(got + $0).count == drops }
                #expect(lines(got).count == complete && dropped(got).count == drops)
                #expect(harness.follower.openCount <= openFilesMax)
            }
        }
        for (file, rest) in pending.enumerated() where !rest.isEmpty { put(paths[file], rest, append: true) }
        let total = expected.values.reduce(0) { $0 + $1.count }
        got += try harness.drain { lines(got + $0).count == total && dropped(got + $0).count == expectedDrops.count }
        #expect(try harness.idle(ms: 50).isEmpty)
        for path in paths {
            #expect(lines(got.filter { $0.read.path == path }) == expected[path, default: []])
        }
        #expect(dropped(got).sorted() == expectedDrops.sorted())
        #expect(got.allSatisfy { $0.text.isEmpty || $0.text.hasSuffix("\n") })
    }

    @Test func shouldStopEndsTheWaitPromptly() throws {
        let workspace = TestWorkspace()
        let harness = try Harness(workspace.path, pollIntervalMs: 20)
        let started = SystemClock.monotonicNs()
        harness.deadline.ns = started + 50_000_000
        #expect(try harness.follower.next(into: harness.buffer) == nil)
        #expect(SystemClock.monotonicNs() - started < 2_000_000_000)
        // Already stopped: nil at once, even with data waiting.
        put(workspace.path + "/a.jsonl", "a1\n")
        harness.deadline.stopNow = true
        #expect(try harness.follower.next(into: harness.buffer) == nil)
    }

    @Test func waitMsMaxReturnsNilWhenNothingComesAndReadsCarryTheirPosition() throws {
        let workspace = TestWorkspace()
        let path = workspace.path + "/w.jsonl"
        put(path, "w1\nw2\n")
        let harness = try Harness(workspace.path)
        harness.deadline.ns = .max
        let read = try #require(try harness.follower.next(into: harness.buffer, waitMsMax: 1000))
        #expect(read.byteCount == 6)
        #expect(read.position.path == path && read.position.offset == 6)
        #expect(read.position == harness.follower.positions[0])
        #expect(read.position.fingerprintBytes == 6)
        // Nothing more: nil after about waitMsMax, although shouldStop() stays false.
        let started = SystemClock.monotonicNs()
        #expect(try harness.follower.next(into: harness.buffer, waitMsMax: 30) == nil)
        #expect(SystemClock.monotonicNs() - started < 2_000_000_000)
        put(path, "w3\n", append: true)
        let more = try #require(try harness.follower.next(into: harness.buffer, waitMsMax: 5000))
        #expect(more.start == 6 && more.position.offset == 9 && more.position.fingerprintBytes == 9)
    }

    @Test func aPathThatIsNotADirectoryIsRefused() throws {
        let workspace = TestWorkspace()
        let file = workspace.path + "/file.jsonl"
        put(file, "a\n")
        for (path, message) in [(file, "not a directory"), (workspace.path + "/missing", "no such directory")] {
            do {
                _ = try DirectoryFollower(directory: path, lineBytesMax: 100, shouldStop: { true })
                Issue.record("no error for \(path)")
            } catch {
                #expect(error.description.contains(message))
                #expect(error.description.hasPrefix(path))
                #expect(error.exitCode == 1)
            }
        }
    }
}

// MARK: - Helpers

/// A small seeded generator: the same fragments on every run.
private struct SplitMix {
    var seed: UInt64
    mutating func next() -> UInt64 {
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// When the follower under test should stop: a deadline the helpers move, or at once.
private final class StopCondition {
    var ns: Int64 = .max
    var stopNow = false
}

private struct Got {
    var read: FollowRead
    var text: String
}

/// A follower with fast polling, its buffer and its stop condition.
private final class Harness {
    let follower: DirectoryFollower
    let deadline = StopCondition()
    let buffer: UnsafeMutableRawBufferPointer

    init(
        _ directory: String, lineBytesMax: Int = 1000, bufferBytes: Int = 4096, pollIntervalMs: Int = 10,
        rescanIntervalMs: Int = 20, resumeFrom: [FollowPosition] = [], startAtEnd: Bool = false, openFilesMax: Int = 64
    ) throws {
        let deadline = self.deadline
        follower = try DirectoryFollower(
            directory: directory, lineBytesMax: lineBytesMax, pollIntervalMs: pollIntervalMs, rescanIntervalMs: rescanIntervalMs,
            resumeFrom: resumeFrom, startAtEnd: startAtEnd, openFilesMax: openFilesMax,
            shouldStop: { deadline.stopNow || SystemClock.monotonicNs() >= deadline.ns })
        buffer = .allocate(byteCount: bufferBytes, alignment: 1)
    }

    deinit { buffer.deallocate() }

    /// Reads until `done(reads so far)` holds, or for at most `timeoutMs`.
    func drain(timeoutMs: Int = 10_000, until done: ([Got]) -> Bool) throws -> [Got] {
        deadline.ns = SystemClock.monotonicNs() + Int64(timeoutMs) * 1_000_000
        var got: [Got] = []
        while !done(got), let read = try follower.next(into: buffer) {
            #expect(read.byteCount <= buffer.count)
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<read.byteCount]), as: UTF8.self)
            got.append(Got(read: read, text: text))
        }
        return got
    }

    /// What arrives within `ms` milliseconds.
    func idle(ms: Int) throws -> [Got] {
        try drain(timeoutMs: ms) { _ in false }
    }

    /// Lets the follower run until `condition` holds (at most 10 s); lines read meanwhile are
    /// discarded.
    func wait(_ condition: () -> Bool) throws {
        let end = SystemClock.monotonicNs() + 10_000_000_000
        while !condition(), SystemClock.monotonicNs() < end {
            _ = try idle(ms: 20)
        }
        #expect(condition())
    }
}

/// The lines handed out, without their newlines.
private func lines(_ got: [Got]) -> [String] {
    got.flatMap { $0.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
}

private func dropped(_ got: [Got]) -> [Int] {
    got.filter { $0.read.droppedLongLines > 0 }.map(\.read.droppedLongLineBytes)
}

/// Writes `text` to `path`: replacing its content (same inode) or appending.
private func put(_ path: String, _ text: String, append: Bool = false) {
    let fd = open(path, O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0o644)
    precondition(fd >= 0, "cannot open \(path)")
    let bytes = Array(text.utf8)
    precondition(write(fd, bytes, bytes.count) == bytes.count)
    close(fd)
}

private func mkdirs(_ path: String) {
    var prefix = ""
    for part in path.split(separator: "/") {
        prefix += "/" + part
        mkdir(prefix, 0o755)
    }
}
