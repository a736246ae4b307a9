import TallyCore

/// Errors of the workload generator (`tokentally gen`).
public enum WorkloadError: Error, CustomStringConvertible, Equatable {
    /// An option is out of range; the message names it and what is accepted.
    case invalidOption(String)
    /// The reader of the output went away (`gen | head`): a normal end, not a failure.
    case outputClosed
    /// write(2) failed with this errno.
    case writeFailed(errno: Int32)

    public var description: String {
        switch self {
        case .invalidOption(let message):
            message
        case .outputClosed:
            "the reader closed the output before all events were written"
        case .writeFailed(let code):
            "cannot write the generated events: \(SystemError.message(code)); check that the output "
                + "file system has room and the output is writable"
        }
    }
}
