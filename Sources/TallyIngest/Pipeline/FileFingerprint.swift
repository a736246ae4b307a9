#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore
import TallySnapshot

/// A file's identity for resuming: the XXH64 of its first `bytes` bytes (at most `bytesMax`).
///
/// Content, not the inode: inode numbers are reused as soon as a file is deleted, so a rotated log
/// recreated under the same name often gets the old number back, and a copied file gets a new one.
/// A file that only grew keeps its fingerprint, which is what lets a resumed run read on. Text form
/// `<bytes>:<hex hash>`, as snapshots record it in `file_id`.
package struct FileFingerprint: Equatable, Sendable {
    package static let bytesMax = 4096
    package let bytes: Int
    package let hash: UInt64

    /// Reads up to `bytesMax` bytes from the start of `path`; nil when it cannot be read.
    package init?(path: String, bytesMax: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: bytesMax)
        var count = 0
        while count < bytesMax {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, bytesMax - count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            count += n
        }
        bytes = count
        hash = XXH64.hash(Array(buffer[..<count]))
    }

    package init?(text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let bytes = Int(parts[0]), bytes >= 0, let hash = UInt64(parts[1], radix: 16) else { return nil }
        self.bytes = bytes
        self.hash = hash
    }

    package var text: String { "\(bytes):\(SnapshotRows.hex(hash))" }
}
