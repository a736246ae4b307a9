/// Errors in a `--windows` list.
public enum WindowError: Error, CustomStringConvertible, Equatable {
    case malformed(String)
    case tooLong(String, limit: String)
    case duplicate(String)
    case empty

    public var description: String {
        switch self {
        case .malformed(let text):
            "window '\(text)' is not a whole number of hours or days; write it like 1h, 24h, 7d or 30d"
        case .tooLong(let text, let limit):
            "window '\(text)' is longer than the longest supported window of its unit (\(limit))"
        case .duplicate(let text):
            "window '\(text)' is listed twice"
        case .empty:
            "no windows given; pass a list such as --windows 1h,24h,7d,30d"
        }
    }
}
