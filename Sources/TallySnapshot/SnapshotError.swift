import TallyCore

/// Errors writing or reading snapshot files, naming the file and what to do.
public struct SnapshotError: Error, CustomStringConvertible {
    package enum Kind {
        case cannotCreateDirectory(errno: Int32)
        case writeFailed(operation: String, errno: Int32)
        case cannotRead(errno: Int32)
        case notZstd
        case corruptCompression(String)
        case truncated
        case checksumMismatch(expected: String, actual: String)
        case unsupportedVersion(Int)
        case malformed(String)
        case noSnapshots
        case noValidSnapshots(String)
        case encodeFailed(String)
        /// Another ingest holds the directory's lock; its pid when the lock file names one.
        case directoryLocked(holder: String?)
        /// The directory's highest sequence leaves no number for a next snapshot.
        case sequenceExhausted(Int)
        /// Refused because it is not a regular file ("a FIFO", "a symbolic link", ...).
        case notRegularFile(String)
        /// Decompresses to more than `limit` bytes: the size the file declares, or else the cap.
        case tooLarge(limit: Int, declared: Bool)
    }

    package let kind: Kind
    public let path: String
    /// The section whose payload is damaged (`corruptCompression`, `tooLarge`), nil for the summary.
    package private(set) var section: String?

    package init(_ kind: Kind, path: String) {
        self.kind = kind
        self.path = path
    }

    /// The same error, found in the payload of the section named `name`.
    package func inSection(_ name: String) -> SnapshotError {
        var error = self
        error.section = name
        return error
    }

    public var description: String {
        // Where damage was found: a reader of a damaged section can still read the summary.
        let place = section.map { "\(path): its \($0) section" } ?? path
        return switch kind {
        case .cannotCreateDirectory(let code):
            "\(path): cannot create the snapshot directory: \(SystemError.message(code))"
        case .writeFailed(let operation, let code):
            "\(path): \(operation) failed: \(SystemError.message(code)); the previous snapshot is untouched"
        case .cannotRead(let code):
            "\(path): cannot read: \(SystemError.message(code))"
        case .notZstd:
            "\(path): not a tokentally snapshot (not zstd-compressed)"
        case .corruptCompression(let reason):
            "\(place): damaged snapshot, zstd says: \(reason)"
        case .truncated:
            "\(path): truncated snapshot: the end record is missing"
        case .checksumMismatch(let expected, let actual):
            "\(path): checksum mismatch (file says \(expected), content hashes to \(actual)); the file was changed or damaged"
        case .unsupportedVersion(let version):
            "\(path): snapshot format version \(version) is not supported by this tokentally (reads versions \(SnapshotLimits.readableVersions.lowerBound) to \(SnapshotLimits.readableVersions.upperBound))"
        case .malformed(let what):
            "\(path): malformed snapshot: \(what)"
        case .noSnapshots:
            "\(path): no snapshot files (snapshot-*.ndjson.zst) in this directory"
        case .noValidSnapshots(let reasons):
            "\(path): no valid snapshot in this directory:\n\(reasons)"
        case .encodeFailed(let reason):
            "\(path): could not encode the snapshot: \(reason)"
        case .directoryLocked(let holder):
            "\(path): another ingest\(holder.map { " (pid \($0))" } ?? "") is writing to this snapshot directory; "
                + "stop it or use another --snapshot-dir"
        case .sequenceExhausted(let sequence):
            "\(path): sequence \(sequence) leaves no number for the next snapshot; "
                + "remove or rename this file, or use another --snapshot-dir"
        case .notRegularFile(let kind):
            "\(path): \(kind), not a regular file; refused"
        case .tooLarge(let limit, let declared):
            declared
                ? "\(place): damaged snapshot: decompresses to more than the \(limit) bytes it declares"
                : "\(path): decompresses to more than \(limit) bytes, the most a snapshot of its size may hold "
                    + "(\(SnapshotLimits.compressionRatioMax) times its size, at least \(SnapshotLimits.ratioFloorBytes >> 20) MiB, "
                    + "at most \(SnapshotLimits.bytesMaxVariable), 4 GiB by default)"
        }
    }
}
