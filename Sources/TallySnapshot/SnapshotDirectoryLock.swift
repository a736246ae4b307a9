#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore

/// One writer per snapshot directory: an exclusive `flock` on `DIR/ingest.lock`, held from before the
/// directory is listed until the run ends. The kernel drops it when the process exits, however it
/// exits, so a lock file left behind by a crash blocks nothing. The holder's pid is written into the
/// file so that a refused second writer can name it.
package final class SnapshotDirectoryLock {
    package static let fileName = "ingest.lock"
    private var fd: Int32

    /// - Throws: `.directoryLocked` when another process holds the lock; otherwise why the lock file
    ///   could not be opened (a symbolic link or anything but a regular file is refused).
    package init(directory: String, fileMode: mode_t) throws(SnapshotError) {
        let path = directory + "/" + Self.fileName
        do {
            fd = try RegularFile.open(path, O_RDWR | O_CREAT | O_NOFOLLOW, mode: fileMode)
        } catch {
            switch error {
            case .system(let code): throw SnapshotError(.writeFailed(operation: "open the lock file", errno: code), path: path)
            case .notRegular(let kind): throw SnapshotError(.notRegularFile(kind), path: path)
            }
        }
        var result: Int32
        repeat { result = flock(fd, LOCK_EX | LOCK_NB) } while result != 0 && errno == EINTR
        guard result == 0 else {
            let code = errno
            let holder = code == EWOULDBLOCK ? Self.holder(fd) : nil
            close(fd)
            if code == EWOULDBLOCK { throw SnapshotError(.directoryLocked(holder: holder), path: directory) }
            throw SnapshotError(.writeFailed(operation: "lock", errno: code), path: path)
        }
        // Best effort: the pid only improves a second writer's message.
        let pid = Array("\(getpid())\n".utf8)
        if ftruncate(fd, 0) == 0 { _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) } }
    }

    /// Lets the next writer in: closing the descriptor drops the `flock`. Idempotent.
    package func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { release() }

    /// The pid the holder wrote, if the file holds one.
    private static func holder(_ fd: Int32) -> String? {
        var bytes = [UInt8](repeating: 0, count: 24)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard n > 0, let pid = Int32(String(decoding: bytes[0..<n], as: UTF8.self).prefix { $0 != "\n" }), pid > 0
        else { return nil }
        return String(pid)
    }
}
