#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The snapshot directory: naming, crash-safe writes and retention.
///
/// Files are `snapshot-<sequence, 12 digits>.ndjson.zst`; the highest sequence is the newest. A file
/// is written under a temporary name, fsync'd, renamed into place and the directory fsync'd, so a
/// crash at any moment leaves either the old set of files or the old set plus one complete new file.
package struct SnapshotDirectory: Sendable {
    package let path: String
    static let prefix = "snapshot-"
    static let suffix = ".ndjson.zst"
    static let temporaryPrefix = ".snapshot-"

    package init(path: String) { self.path = path }

    /// Creates the directory (and parents) if needed and removes temporary files a crash left behind.
    package func prepare() throws(SnapshotError) {
        var built = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            built += "/" + component
            if mkdir(built, 0o755) != 0, errno != EEXIST {
                throw SnapshotError(.cannotCreateDirectory(errno: errno), path: built)
            }
        }
        for name in entries() where name.hasPrefix(Self.temporaryPrefix) && name.hasSuffix(".tmp") {
            unlink(path + "/" + name)
        }
    }

    package func fileName(sequence: Int) -> String {
        let digits = String(sequence)
        return Self.prefix + String(repeating: "0", count: max(0, 12 - digits.count)) + digits + Self.suffix
    }

    /// Snapshot files, newest first, with their sequence numbers.
    package func snapshots() -> [(sequence: Int, path: String)] {
        entries().compactMap { name -> (Int, String)? in
            guard name.hasPrefix(Self.prefix), name.hasSuffix(Self.suffix),
                  let sequence = Int(name.dropFirst(Self.prefix.count).dropLast(Self.suffix.count))
            else { return nil }
            return (sequence, path + "/" + name)
        }.sorted { $0.0 > $1.0 }
    }

    package func nextSequence() -> Int { (snapshots().first?.sequence ?? 0) + 1 }

    /// Writes a snapshot atomically. `produce` emits the file's bytes through the callback it gets.
    /// - Returns: the final path.
    package func write(
        sequence: Int, _ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws -> String {
        let finalPath = path + "/" + fileName(sequence: sequence)
        let temporaryPath = path + "/" + Self.temporaryPrefix + String(sequence) + ".tmp"
        let fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SnapshotError(.writeFailed(operation: "create", errno: errno), path: temporaryPath) }
        var closed = false
        do {
            defer { if !closed { close(fd) } }
            try produce { chunk in try Self.writeAll(fd, chunk, path: temporaryPath) }
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

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(SnapshotError) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw SnapshotError(.writeFailed(operation: "write", errno: errno), path: path)
            }
            offset += n
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
