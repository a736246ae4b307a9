#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore

/// The snapshot directory: naming, crash-safe writes and retention.
///
/// Files are `snapshot-<sequence, at least 12 digits>.ndjson.zst`; the highest sequence is the newest.
/// A file is written under a temporary name, fsync'd, renamed into place and the directory fsync'd,
/// so a crash at any moment leaves either the old set of files or the old set plus one complete new
/// file. Snapshots hold per-person data: the directory is created 0700 and files 0600 (0750 and 0640
/// when group-readable); an existing directory's mode is left as it is.
package struct SnapshotDirectory: Sendable {
    package let path: String
    package let groupReadable: Bool
    static let prefix = "snapshot-"
    static let suffix = ".ndjson.zst"
    static let temporaryPrefix = ".snapshot-"
    /// The highest sequence written: one more must still be an `Int`.
    package static let sequenceMax = Int.max - 1

    package init(path: String, groupReadable: Bool = false) {
        self.path = path
        self.groupReadable = groupReadable
    }

    package var directoryMode: mode_t { groupReadable ? 0o750 : 0o700 }
    package var fileMode: mode_t { groupReadable ? 0o640 : 0o600 }

    /// Creates the directory (and parents) if needed, locks it against other writers for as long as
    /// the returned lock lives, and removes temporary files a crash left behind.
    package func prepare() throws(SnapshotError) -> SnapshotDirectoryLock {
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            built += "/" + component
            if mkdir(built, directoryMode) != 0, errno != EEXIST {
                throw SnapshotError(.cannotCreateDirectory(errno: errno), path: built)
            }
        }
        let lock = try SnapshotDirectoryLock(directory: path, fileMode: fileMode)
        // Under the lock, a temporary file can only be a dead run's.
        for name in entries() where name.hasPrefix(Self.temporaryPrefix) && name.hasSuffix(".tmp") {
            unlink(path + "/" + name)
        }
        return lock
    }

    package func fileName(sequence: Int) -> String {
        let digits = String(sequence)
        return Self.prefix + String(repeating: "0", count: max(0, 12 - digits.count)) + digits + Self.suffix
    }

    /// Snapshot files, newest first, with their sequence numbers. Only names exactly as `fileName`
    /// writes them count: no sign, no extra leading zeros, no number beyond `Int`.
    package func snapshots() -> [(sequence: Int, path: String)] {
        entries().compactMap { name -> (Int, String)? in
            guard name.hasPrefix(Self.prefix), name.hasSuffix(Self.suffix),
                  let sequence = Int(name.dropFirst(Self.prefix.count).dropLast(Self.suffix.count)),
                  name == fileName(sequence: sequence)
            else { return nil }
            return (sequence, path + "/" + name)
        }.sorted { $0.0 > $1.0 }
    }

    /// - Throws: `.sequenceExhausted` naming the file whose sequence is too high to follow.
    package func nextSequence() throws(SnapshotError) -> Int {
        guard let newest = snapshots().first else { return 1 }
        guard newest.sequence < Self.sequenceMax else {
            throw SnapshotError(.sequenceExhausted(newest.sequence), path: newest.path)
        }
        return newest.sequence + 1
    }

    /// Writes a snapshot atomically. `produce` writes the file's bytes through the sink it gets.
    /// - Returns: the final path.
    package func write(sequence: Int, _ produce: (FileSink) throws -> Void) throws -> String {
        let finalPath = path + "/" + fileName(sequence: sequence)
        let temporaryPath = path + "/" + Self.temporaryPrefix + String(sequence) + ".tmp"
        // O_EXCL: never write into a file (or through a link) that someone else put there.
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw SnapshotError(.writeFailed(operation: "create", errno: errno), path: temporaryPath) }
        var closed = false
        do {
            defer { if !closed { close(fd) } }
            try produce(FileSink(fd: fd, path: temporaryPath))
            guard fsync(fd) == 0 else { throw SnapshotError(.writeFailed(operation: "fsync", errno: errno), path: temporaryPath) }
            closed = true
            guard close(fd) == 0 else { throw SnapshotError(.writeFailed(operation: "close", errno: errno), path: temporaryPath) }
            guard rename(temporaryPath, finalPath) == 0 else {
                throw SnapshotError(.writeFailed(operation: "rename", errno: errno), path: finalPath)
            }
        } catch {
            unlink(temporaryPath)
            throw error
        }
        syncDirectory()
        return finalPath
    }

    /// Deletes all but the newest `keep` snapshots.
    package func prune(keep: Int) {
        for old in snapshots().dropFirst(max(1, keep)) { unlink(old.path) }
        syncDirectory()
    }

    private func syncDirectory() {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }

    /// A snapshot file being written (`write`), at offsets (`pwrite`).
    package struct FileSink: SnapshotSink {
        let fd: Int32
        let path: String

        package func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
            if let code = RegularFile.writeFully(fd, bytes, at: offset) {
                throw SnapshotError(.writeFailed(operation: "write", errno: code), path: path)
            }
        }
    }

    private func entries() -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            names.append(name)
        }
        return names
    }
}
