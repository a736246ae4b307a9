/// The attributes that tokentally keeps rolling counters for. The raw value indexes per-dimension
/// arrays (five key references per event), so the order is part of the in-memory layout.
public enum KeyDimension: Int, CaseIterable, Sendable, Comparable {
    case user, team, org, model, tool

    public static let count = 5

    /// The field name in events, snapshots and report headers.
    public var name: String {
        switch self {
        case .user: "user"
        case .team: "team"
        case .org: "org"
        case .model: "model"
        case .tool: "tool"
        }
    }

    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    public static func < (lhs: KeyDimension, rhs: KeyDimension) -> Bool { lhs.rawValue < rhs.rawValue }
}
