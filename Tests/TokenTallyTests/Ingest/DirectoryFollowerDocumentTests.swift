import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// `DirectoryFollower` on `.json` files that hold one JSON document spread over lines, rewritten
/// whole (Gemini CLI's legacy session files): each version is handed out once, whole, as one line.
@Suite struct DirectoryFollowerDocumentTests {
    final class Reader {
        let follower: DirectoryFollower
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)

        init(_ directory: String, lineBytesMax: Int = 1000, resumeFrom: [FollowPosition] = []) throws {
            follower = try DirectoryFollower(
                directory: directory, lineBytesMax: lineBytesMax, pollIntervalMs: 5, rescanIntervalMs: 10,
                resumeFrom: resumeFrom, shouldStop: { false })
        }

        deinit { buffer.deallocate() }

        /// The reads that arrive within `ms` milliseconds (polls every 5 ms, so each change is seen).
        func reads(ms: Int = 150) throws -> [(read: FollowRead, text: String)] {
            let end = SystemClock.monotonicNs() + Int64(ms) * 1_000_000
            var got: [(FollowRead, String)] = []
            while SystemClock.monotonicNs() < end {
                guard let read = try follower.next(into: buffer, waitMsMax: 10) else { continue }
                got.append((read, String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<read.byteCount]), as: UTF8.self)))
            }
            return got
        }
    }

    /// Replaces `path`'s content in place (same inode), with modification time `second`.
    static func rewrite(_ path: String, _ text: String, second: Int) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0)
        let bytes = Array(text.utf8)
        precondition(write(fd, bytes, bytes.count) == bytes.count)
        var times = [timespec(tv_sec: second, tv_nsec: 0), timespec(tv_sec: second, tv_nsec: 0)]
        precondition(futimens(fd, &times) == 0)
        close(fd)
    }

    @Test func eachVersionIsOneLineEvenWithTheSameSizeAndFirstBytes() throws {
        let workspace = TestWorkspace()
        let path = workspace.path + "/session.json"
        let v1 = "{\n  \"a\": [1,\n    2],\n  \"b\": \"x y\"\n}"
        Self.rewrite(path, v1, second: 1_000)
        let reader = try Reader(workspace.path)
        let first = try reader.reads()
        #expect(first.map(\.text) == [#"{"a":[1,2],"b":"x y"}"# + "\n"])
        #expect(first.map(\.read.documentBytes) == [v1.utf8.count])
        #expect(first.map(\.read.startedOver) == [false])
        #expect(reader.follower.positions.map(\.offset) == [v1.utf8.count])

        // Rewritten whole: the same size and first bytes, only the time tells.
        Self.rewrite(path, v1.replacingOccurrences(of: "2]", with: "3]"), second: 2_000)
        let second = try reader.reads()
        #expect(second.map(\.text) == [#"{"a":[1,3],"b":"x y"}"# + "\n"])
        #expect(second.map(\.read.startedOver) == [true])
        #expect(second.map(\.read.start) == [0])
    }

    @Test func aHalfWrittenVersionWaitsForTheNextChange() throws {
        let workspace = TestWorkspace()
        let path = workspace.path + "/session.json"
        Self.rewrite(path, "{\n  \"a\": [1,\n", second: 1_000)
        let reader = try Reader(workspace.path)
        #expect(try reader.reads().isEmpty)
        #expect(reader.follower.positions.map(\.offset) == [0])
        Self.rewrite(path, "{\n  \"a\": [1,\n    2]\n}", second: 1_001)
        #expect(try reader.reads().map(\.text) == [#"{"a":[1,2]}"# + "\n"])
    }

    @Test func aJSONFileOfOneValuePerLineIsFollowedLineByLine() throws {
        let workspace = TestWorkspace()
        let path = workspace.path + "/calls.json"
        Self.rewrite(path, "{\"a\":1}\n{\"a\":2}\n{\"a\":", second: 1_000)
        let reader = try Reader(workspace.path)
        #expect(try reader.reads().map(\.text) == ["{\"a\":1}\n{\"a\":2}\n"])
        let fd = open(path, O_WRONLY | O_APPEND)
        #expect(write(fd, "3}\n", 3) == 3)
        close(fd)
        #expect(try reader.reads().map(\.text) == ["{\"a\":3}\n"])
    }

    @Test func aDocumentLongerThanTheLimitIsDroppedWhole() throws {
        let workspace = TestWorkspace()
        let text = "{\n  \"a\": \"" + String(repeating: "x", count: 40) + "\"\n}"
        Self.rewrite(workspace.path + "/big.json", text, second: 1_000)
        let reader = try Reader(workspace.path, lineBytesMax: 32)
        let got = try reader.reads()
        #expect(got.map(\.read.droppedLongLines) == [1])
        #expect(got.map(\.read.droppedLongLineBytes) == [text.utf8.count])
        #expect(got.map(\.read.byteCount) == [0])
        #expect(reader.follower.positions.map(\.offset) == [text.utf8.count])
    }

    @Test func aResumedRunReadsADocumentAgainOnlyOnceItChanges() throws {
        let workspace = TestWorkspace()
        let path = workspace.path + "/session.json"
        Self.rewrite(path, "{\n  \"a\": 1\n}", second: 1_000)
        let positions = try {
            let reader = try Reader(workspace.path)
            #expect(try reader.reads().count == 1)
            return reader.follower.positions
        }()
        let resumed = try Reader(workspace.path, resumeFrom: positions)
        #expect(try resumed.reads().isEmpty)
        Self.rewrite(path, "{\n  \"a\": 1, \"b\": 2\n}", second: 2_000)
        let got = try resumed.reads()
        #expect(got.map(\.text) == [#"{"a":1,"b":2}"# + "\n"])
        #expect(got.map(\.read.startedOver) == [true])
    }
}
