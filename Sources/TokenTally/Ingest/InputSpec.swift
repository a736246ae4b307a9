/// One input of an ingest: a file path, or standard input (`-`).
public enum InputSpec: Sendable, Equatable, CustomStringConvertible {
    case standardInput
    case file(String)

    public init(argument: String) {
        self = argument == "-" ? .standardInput : .file(argument)
    }

    public var description: String {
        switch self {
        case .standardInput: "<stdin>"
        case .file(let path): path
        }
    }
}
