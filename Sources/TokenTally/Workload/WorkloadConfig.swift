/// Options of the synthetic workload (`tokentally gen`). The same options give the same bytes.
public struct WorkloadConfig: Sendable, Equatable {
    public var events: Int
    public var users: Int
    public var teams: Int
    public var days: Int
    public var seed: UInt64
    /// Event times span `[endMs - days, endMs]`. Default 2026-11-01T00:00:00Z, a fixed instant, so
    /// output does not depend on when it is generated.
    public var endMs: Int64

    public static let defaultEndMs: Int64 = 1_793_491_200_000

    public init(events: Int, users: Int = 1000, teams: Int? = nil, days: Int = 35, seed: UInt64 = 1, endMs: Int64 = defaultEndMs) {
        self.events = events
        self.users = users
        self.teams = teams ?? max(1, users / 40)
        self.days = days
        self.seed = seed
        self.endMs = endMs
    }

    public func validate() throws(WorkloadError) {
        guard events >= 0 else { throw WorkloadError.invalidOption("--events must not be negative") }
        guard users >= 1, users <= 100_000_000 else { throw WorkloadError.invalidOption("--users must be between 1 and 100,000,000") }
        guard teams >= 1, teams <= users else { throw WorkloadError.invalidOption("--teams must be between 1 and the number of users") }
        guard days >= 1, days <= 3650 else { throw WorkloadError.invalidOption("--days must be between 1 and 3650") }
        guard endMs - Int64(days) * Timestamp.msPerDay >= 0, endMs <= Timestamp.maxMs else {
            throw WorkloadError.invalidOption("--end must leave the whole span between 1970 and 9999")
        }
    }

    /// Parses `--end`: an RFC 3339 instant such as `2026-11-01T00:00:00Z`.
    public static func parseEnd(_ text: String) throws(WorkloadError) -> Int64 {
        var copy = text
        let ms = copy.withUTF8 { Timestamp.parseRFC3339($0.baseAddress!, count: $0.count) }
        guard let ms else { throw WorkloadError.invalidOption("--end '\(text)' is not an RFC 3339 time like 2026-11-01T00:00:00Z") }
        return ms
    }
}
