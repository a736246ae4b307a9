import TallySnapshot

/// Errors of the reading commands.
public enum ReportError: Error, CustomStringConvertible {
    case unknownWindow(String, available: [String])
    case snapshot(SnapshotError)

    public var description: String {
        switch self {
        case .unknownWindow(let window, let available):
            "the snapshot has no window '\(window)'; it has \(available.joined(separator: ", ")) (set them with ingest --windows)"
        case .snapshot(let error):
            error.description
        }
    }
}
