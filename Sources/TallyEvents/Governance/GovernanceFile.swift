#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the small input files of this area (a key, an org chart) whole, with errors that say which.
enum GovernanceFile {
    /// The file's bytes. Pipes and process substitutions (`<(vault read ...)`) work too, which is why
    /// the size is checked while reading rather than with stat.
    /// - Complexity: O(file size).
    static func readAll(_ path: String, subject: GovernanceError.Subject, bytesMax: Int) throws(GovernanceError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw GovernanceError(.fileNotFound(subject), path: path) }
            if code == EISDIR { throw GovernanceError(.fileIsDirectory(subject), path: path) }
            throw GovernanceError(.fileUnreadable(subject, errno: code), path: path)
        }
        defer { close(fd) }
        // open(2) succeeds on a directory for reading; read(2) would then fail with EISDIR.
        var info = stat()
        if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw GovernanceError(.fileIsDirectory(subject), path: path)
        }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                if code == EISDIR { throw GovernanceError(.fileIsDirectory(subject), path: path) }
                throw GovernanceError(.fileUnreadable(subject, errno: code), path: path)
            }
            if n == 0 { return result }
            guard result.count + n <= bytesMax else {
                throw GovernanceError(.fileTooLarge(subject, bytesMax: bytesMax), path: path)
            }
            result.append(contentsOf: buffer[0..<n])
        }
    }
}
