#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening a path that must be a regular file. The open never blocks (O_NONBLOCK: a FIFO put where a
/// file belongs would otherwise hang the open), and fstat on the open descriptor, not the path,
/// decides: no race between the check and the use.
package enum RegularFile {
    package enum Failure: Error {
        case system(errno: Int32)
        /// Not a regular file; says what it is ("a FIFO", "a symbolic link", ...).
        case notRegular(String)
    }

    /// Opens `path` with `flags` (plus O_CLOEXEC and O_NONBLOCK). With O_NOFOLLOW, a symbolic link
    /// is refused as `.notRegular("a symbolic link")`.
    /// - Returns: the descriptor, which the caller closes.
    package static func open(_ path: String, _ flags: Int32, mode: mode_t = 0) throws(Failure) -> Int32 {
        var fd: Int32
        repeat { fd = Glibc.open(path, flags | O_CLOEXEC | O_NONBLOCK, mode) } while fd < 0 && errno == EINTR
        guard fd >= 0 else {
            if errno == ELOOP, flags & O_NOFOLLOW != 0 { throw .notRegular("a symbolic link") }
            throw .system(errno: errno)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw .system(errno: code)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw .notRegular(kind(info.st_mode))
        }
        return fd
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }

    /// `pread` of `count` bytes at `offset` into `base`, continued across short reads and EINTR;
    /// fewer only at the end of the file.
    /// - Returns: the bytes read, or -1 with `errno` set on a read error.
    package static func readFully(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int, at offset: Int) -> Int {
        var done = 0
        while done < count {
            let n = pread(fd, base + done, count - done, off_t(offset + done))
            if n > 0 {
                done += n
            } else if n == 0 {
                break
            } else if errno != EINTR {
                return -1
            }
        }
        return done
    }

    /// `write` of all of `bytes` at the descriptor's position (the end, for O_APPEND), continued
    /// across short writes and EINTR.
    /// - Returns: the bytes written, and the `errno` of the write error that stopped it, if any.
    package static func appendFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> (written: Int, errno: Int32?) {
        repeatWrites(bytes.count) { done in write(fd, bytes.baseAddress! + done, bytes.count - done) }
    }

    /// `pwrite` of all of `bytes` at `offset`, continued across short writes and EINTR.
    /// - Returns: nil once all is written, or the `errno` of the write error.
    package static func writeFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int32? {
        repeatWrites(bytes.count) { done in pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done)) }.errno
    }

    /// Calls `step` with the bytes written so far until `count` are, continued across short writes
    /// and EINTR: the bytes written, and the `errno` of the write error that stopped it, if any.
    private static func repeatWrites(_ count: Int, _ step: (_ done: Int) -> Int) -> (written: Int, errno: Int32?) {
        var done = 0
        while done < count {
            let n = step(done)
            if n >= 0 {
                done += n
            } else if errno != EINTR {
                return (done, errno)
            }
        }
        return (done, nil)
    }
}
