import TallyCore
import TallySnapshot

/// Errors that stop an ingest. Rejected lines are not errors; they are counted.
public struct IngestError: Error, CustomStringConvertible {
    package enum Kind {
        case cannotOpen(errno: Int32)
        case readFailed(errno: Int32, offset: Int)
        case corruptCompressedInput(CompressionError)
        case snapshotFailed(SnapshotError)
        case invalidConfiguration(String)
        case cannotResume(String)
        case rejectsFileFailed(errno: Int32)
        /// The rejects file's path holds a symbolic link or something other than a regular file.
        case rejectsFileRefused(kind: String)
        /// The directory given to follow cannot be followed (missing, not a directory, unlistable).
        case cannotFollow(String)
        /// The Kafka input failed: brokers unreachable, an unknown topic or partition, a lost offset.
        case kafka(String)
    }

    package let kind: Kind
    /// The input the error concerns, when there is one.
    public let input: String?

    package init(_ kind: Kind, input: String? = nil) {
        self.kind = kind
        self.input = input
    }

    public var description: String {
        let prefix = input.map { "\($0): " } ?? ""
        switch kind {
        case .cannotOpen(let code):
            return "\(prefix)cannot open for reading: \(SystemError.message(code))"
        case .readFailed(let code, let offset):
            return "\(prefix)read failed at byte offset \(offset): \(SystemError.message(code))"
        case .corruptCompressedInput(let error):
            return "\(prefix)\(error)"
        case .snapshotFailed(let error):
            return "snapshot: \(error)"
        case .invalidConfiguration(let message):
            return message
        case .cannotResume(let why):
            return "cannot resume: \(why)"
        case .rejectsFileFailed(let code):
            return "\(prefix)cannot write the rejects file: \(SystemError.message(code))"
        case .rejectsFileRefused(let kind):
            return "\(prefix)refusing to write the rejects file: it is \(kind), not a regular file"
        case .cannotFollow(let why):
            return "\(prefix)cannot follow: \(why)"
        case .kafka(let why):
            return "\(prefix)\(why)"
        }
    }

    /// The process exit status the CLI uses for this error.
    public var exitCode: Int32 {
        switch kind {
        case .cannotOpen, .readFailed, .corruptCompressedInput, .cannotFollow, .kafka: 1
        case .snapshotFailed(let error):
            if case .directoryLocked = error.kind { 2 } else { 3 }
        case .rejectsFileFailed, .rejectsFileRefused: 3
        case .invalidConfiguration, .cannotResume: 2
        }
    }
}
