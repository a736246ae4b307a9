#if canImport(Glibc)
import Glibc
#endif

/// Errors of the workload generator.
public enum WorkloadError: Error, CustomStringConvertible, Equatable {
    case invalidOption(String)
    /// The reader of the output went away (`gen | head`): a normal end, not a failure.
    case outputClosed
    case writeFailed(errno: Int32)

    public var description: String {
        switch self {
        case .invalidOption(let message): message
        case .outputClosed: "output closed by the reader"
        case .writeFailed(let code): "cannot write the generated events: \(SystemError.message(code))"
        }
    }
}
