import Foundation
import Testing
@testable import TallyCore
@testable import TallySnapshot
@testable import TallyStages

/// Readers given hostile files: anything but a regular file is refused without blocking, and content
/// is bounded by the size the file declares and by a hard cap, so memory stays bounded.
@Suite struct SnapshotFileBoundsTests {
    private func isError(_ error: any Error, _ match: (SnapshotError.Kind) -> Bool) -> Bool {
        guard let error = error as? SnapshotError else { return false }
        return match(error.kind)
    }

    @Test func theHardCapIsFourGiB() {
        #expect(SnapshotLimits.builtInBytesMax == 4 << 30)
        #expect(SnapshotLimits.bytesMaxVariable == "TOKENTALLY_SNAPSHOT_BYTES_MAX")
        if getenv("TOKENTALLY_SNAPSHOT_BYTES_MAX") == nil { #expect(SnapshotLimits.bytesMax == 4 << 30) }
    }

    @Test func aZipBombIsRefusedAtTheCap() throws {
        let workspace = TestWorkspace()
        // 8 MiB of newlines compress to a few hundred bytes; the cap here is 1 MiB.
        let bomb = try ZstdEncoder.compress([UInt8](repeating: 0x0A, count: 8 << 20))
        #expect(bomb.count < 4096)
        let path = workspace.write("bomb.ndjson.zst", bomb)
        #expect {
            try SnapshotFile(path: path, bytesMax: 1 << 20)
        } throws: { error in
            isError(error) { if case .tooLarge(1 << 20, false) = $0 { true } else { false } }
                && "\(error)".contains("TOKENTALLY_SNAPSHOT_BYTES_MAX")
        }
    }

    /// Content bounded by the file's size: 1,000 times it, with a 64 MiB floor, under the cap. The
    /// issue's bomb (33 KB decompressing to 1 GiB) took inspect to 1.07 GB; now it stops at 64 MiB.
    @Test func contentIsBoundedByTheFilesSize() throws {
        #expect(SnapshotLimits.contentBytesMax(fileBytes: 33_000, bytesMax: 4 << 30) == 64 << 20)
        #expect(SnapshotLimits.contentBytesMax(fileBytes: 1 << 20, bytesMax: 4 << 30) == 1000 << 20)
        #expect(SnapshotLimits.contentBytesMax(fileBytes: 100 << 20, bytesMax: 4 << 30) == 4 << 30)
        #expect(SnapshotLimits.contentBytesMax(fileBytes: Int.max / 2, bytesMax: 4 << 30) == 4 << 30)
        // 80 MiB of newlines compress to a few KB: refused at the floor, under the default cap.
        let bomb = try ZstdEncoder.compress([UInt8](repeating: 0x0A, count: 80 << 20))
        #expect(bomb.count < 16_384)
        #expect {
            try SnapshotFile(compressed: bomb, path: "bomb", bytesMax: 4 << 30)
        } throws: { error in
            isError(error) { if case .tooLarge(64 << 20, false) = $0 { true } else { false } }
        }
    }

    @Test func aFileBiggerThanTheCapIsNotReadWhole() throws {
        let workspace = TestWorkspace()
        let path = workspace.write("big.ndjson.zst", ZstdFormat.frameMagic + [UInt8](repeating: 1, count: 2 << 20))
        #expect {
            try SnapshotFile(path: path, bytesMax: 1 << 20)
        } throws: { error in
            isError(error) { if case .tooLarge = $0 { true } else { false } }
        }
    }

    @Test func contentIsBoundedByTheDeclaredSize() throws {
        let workspace = TestWorkspace()
        let (_, snapshot) = try workspace.ingest(lines: [usageLine(utcMs(2026, 11, 1), tokens: 5)])
        let file = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshot.path)))
        let content = try decompressFile(snapshot.path)
        let declared = file.withUnsafeBytes { SnapshotSizeFrame.declaredSize($0) }
        #expect(declared == content.count)

        let frame = file.count - SnapshotSizeFrame.byteCount
        let understated = Array(file[..<frame]) + SnapshotSizeFrame.bytes(declaring: content.count - 1)
        #expect {
            try SnapshotFile(compressed: understated, path: "understated")
        } throws: { error in
            isError(error) { if case .tooLarge(content.count - 1, true) = $0 { true } else { false } }
        }
        let overstated = Array(file[..<frame]) + SnapshotSizeFrame.bytes(declaring: content.count + 1)
        #expect {
            try SnapshotFile(compressed: overstated, path: "overstated")
        } throws: { error in
            isError(error) { if case .malformed = $0 { true } else { false } }
        }
        let beyondCap = Array(file[..<frame]) + SnapshotSizeFrame.bytes(declaring: 1 << 40)
        #expect {
            try SnapshotFile(compressed: beyondCap, path: "beyond")
        } throws: { error in
            isError(error) { if case .tooLarge(_, false) = $0 { true } else { false } }
        }
        // Version 2 always has the frame (its sections sit before it); version 1 files written
        // before the frame existed are read, bounded by the cap only.
        #expect {
            try SnapshotFile(compressed: Array(file[..<frame]), path: "frameless")
        } throws: { error in
            "\(error)".contains("a version 2 snapshot without its size frame")
        }
        let v1 = [UInt8](try Data(contentsOf: URL(fileURLWithPath: SnapshotFixtures.v1Full)))
        let older = try SnapshotFile(compressed: Array(v1.dropLast(SnapshotSizeFrame.byteCount)), path: "older")
        #expect(try older.totals() == SnapshotFile(path: SnapshotFixtures.v1Full).totals())
    }

    @Test func aFIFOOrADeviceIsRefusedWithoutBlocking() throws {
        let workspace = TestWorkspace()
        let fifo = workspace.path + "/fifo.ndjson.zst"
        #expect(mkfifo(fifo, 0o600) == 0)
        let zero = workspace.path + "/zero.ndjson.zst"
        #expect(symlink("/dev/zero", zero) == 0)
        for (path, kind) in [(fifo, "a FIFO"), (zero, "a character device"), (workspace.path, "a directory")] {
            #expect {
                try SnapshotFile(path: path)
            } throws: { error in
                isError(error) { if case .notRegularFile(kind) = $0 { true } else { false } }
            }
        }
    }

    @Test func aDirectorySkipsAFIFOAndADeviceForTheNewestValidSnapshot() throws {
        let workspace = TestWorkspace()
        let (_, good) = try workspace.ingest(lines: [usageLine(utcMs(2026, 11, 1))])
        let directory = SnapshotDirectory(path: workspace.snapshotDirectory)
        let fifo = workspace.snapshotDirectory + "/" + directory.fileName(sequence: 8)
        let zero = workspace.snapshotDirectory + "/" + directory.fileName(sequence: 9)
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(symlink("/dev/zero", zero) == 0)
        var warnings: [String] = []
        let chosen = try SnapshotLocator.open(workspace.snapshotDirectory) { warnings.append($0) }
        #expect(chosen.path == good.path)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("\(fifo): a FIFO, not a regular file") == true)
        #expect(warnings.first?.contains("\(zero): a character device, not a regular file") == true)
    }
}
