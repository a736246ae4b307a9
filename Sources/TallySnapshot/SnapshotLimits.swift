#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a reader accepts of any snapshot file, whatever stages wrote it: format versions and sizes.
package enum SnapshotLimits {
    /// Version 1 (one NDJSON frame) stays readable: people keep those files.
    package static let readableVersions = 1...2

    /// The most bytes a snapshot may decompress to, and be: 4 GiB, which leaves room for several
    /// million keys. Readers hold the content in memory, so this bounds them whatever a file says.
    package static let builtInBytesMax = 4 << 30
    package static let bytesMaxVariable = "TOKENTALLY_SNAPSHOT_BYTES_MAX"
    /// Content may be at most this many times the file's size (with `ratioFloorBytes` allowed
    /// whatever the file's size). Snapshots compress about 5 to 1 (a 200,000-event snapshot: 1.25 MB
    /// of zstd, 7.2 MB of content) and rows are distinct, so 1,000 to 1 is far beyond any real one,
    /// while a hostile 33 KB file that decompresses to 1 GiB is refused at 64 MiB.
    package static let compressionRatioMax = 1000
    package static let ratioFloorBytes = 64 << 20

    /// The most content a file of `fileBytes` may hold: `bytesMax`, lowered by the ratio bound.
    package static func contentBytesMax(fileBytes: Int, bytesMax: Int) -> Int {
        let (byRatio, overflow) = fileBytes.multipliedReportingOverflow(by: compressionRatioMax)
        return min(bytesMax, overflow ? bytesMax : max(ratioFloorBytes, byRatio))
    }

    /// `builtInBytesMax`, or the environment's `TOKENTALLY_SNAPSHOT_BYTES_MAX` (bytes) when set.
    package static let bytesMax: Int = {
        guard let text = getenv(bytesMaxVariable), let value = Int(String(cString: text)), value > 0 else {
            return builtInBytesMax
        }
        return value
    }()
}
