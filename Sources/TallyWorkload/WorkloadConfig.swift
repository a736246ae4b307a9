import TallyCore

/// Options of the synthetic workload (`tokentally gen`). The same options give the same bytes.
public struct WorkloadConfig: Sendable, Equatable {
    /// Number of event lines to write.
    public var events: Int
    public var users: Int
    public var teams: Int
    /// Length of the event-time span, in days, ending at `endMs`.
    public var days: Int
    public var seed: UInt64
    /// Event times lie in `[endMs - days, endMs]`. The default, 2026-11-01T00:00:00Z, is a fixed
    /// instant so that output does not depend on when it is generated.
    public var endMs: Int64
    /// Shape of sessions and tasks; `.uniform` keeps the original bytes.
    public var profile: WorkloadProfile
    /// Overrides of the profile's shape (nil: the profile's value); see `WorkloadProfile.Shape`.
    public var sessionsPerDay: Int?
    public var sessionCalls: Int?
    public var callsPerHour: Int?
    public var taskDays: Int?
    public var peoplePerTask: Int?

    public static let defaultEndMs: Int64 = 1_793_491_200_000
    /// Per-user tables take about 45 bytes per user (measured: 10M users, 477 MB peak, 2.5 s setup).
    public static let maxUsers = 10_000_000
    public static let maxDays = 3650
    /// Bounds of the shape options: wide enough for any plausible use, small enough for 32-bit counts.
    public static let maxSessionsPerDay = 1000
    public static let maxSessionCalls = 100_000
    public static let maxCallsPerHour = 100_000
    public static let maxPeoplePerTask = 1000

    /// `teams` defaults to one team per 40 users (at least one).
    public init(
        events: Int, users: Int = 1000, teams: Int? = nil, days: Int = 35, seed: UInt64 = 1,
        endMs: Int64 = defaultEndMs, profile: WorkloadProfile = .uniform
    ) {
        self.events = events
        self.users = users
        self.teams = teams ?? max(1, users / 40)
        self.days = days
        self.seed = seed
        self.endMs = endMs
        self.profile = profile
    }

    /// The profile's shape with the overrides applied; nil for `.uniform`.
    public var shape: WorkloadProfile.Shape? {
        guard var shape = profile.defaultShape else { return nil }
        shape.sessionsPerDay = sessionsPerDay ?? shape.sessionsPerDay
        shape.sessionCalls = sessionCalls ?? shape.sessionCalls
        shape.callsPerHour = callsPerHour ?? shape.callsPerHour
        shape.taskDays = taskDays ?? shape.taskDays
        shape.peoplePerTask = peoplePerTask ?? shape.peoplePerTask
        return shape
    }

    /// Start of the event-time span, `endMs` minus `days` (meaningful once `validate()` passed).
    public var startMs: Int64 { endMs - Int64(days) * Timestamp.msPerDay }

    /// Checks every option; the message names the option and the accepted range. O(1).
    public func validate() throws(WorkloadError) {
        guard events >= 0 else {
            throw .invalidOption("--events must be 0 or more (got \(events))")
        }
        guard users >= 1, users <= Self.maxUsers else {
            throw .invalidOption("--users must be between 1 and \(Self.maxUsers) (got \(users))")
        }
        guard teams >= 1, teams <= users else {
            throw .invalidOption("--teams must be between 1 and the number of users, \(users) (got \(teams))")
        }
        guard days >= 1, days <= Self.maxDays else {
            throw .invalidOption("--days must be between 1 and \(Self.maxDays) (got \(days))")
        }
        try validateShape()
        // Zone offsets of up to ±14 h must still give four-digit years, and epoch milliseconds stay
        // non-negative: the whole span lies between 1970-01-01 and 9999-12-30.
        guard endMs <= Self.latestEndMs, endMs - Int64(days) * Timestamp.msPerDay >= 0 else {
            throw .invalidOption(
                "--end minus --days must not be before 1970-01-01 and --end not after 9999-12-30 "
                    + "(got --end \(Timestamp.format(ms: endMs)), --days \(days))")
        }
    }

    /// The shape options: only with a profile that has a shape, each within its range. O(1).
    private func validateShape() throws(WorkloadError) {
        let options: [(name: String, value: Int?, max: Int)] = [
            ("--sessions-per-day", sessionsPerDay, Self.maxSessionsPerDay),
            ("--session-calls", sessionCalls, Self.maxSessionCalls),
            ("--calls-per-hour", callsPerHour, Self.maxCallsPerHour),
            ("--task-days", taskDays, Self.maxDays),
            ("--people-per-task", peoplePerTask, Self.maxPeoplePerTask),
        ]
        for option in options {
            guard let value = option.value else { continue }
            guard profile.defaultShape != nil else {
                throw .invalidOption(
                    "\(option.name) applies only to --profile realistic or dense (got --profile \(profile.rawValue))")
            }
            guard value >= 1, value <= option.max else {
                throw .invalidOption("\(option.name) must be between 1 and \(option.max) (got \(value))")
            }
        }
    }

    /// 9999-12-30T00:00:00Z.
    static let latestEndMs: Int64 = Timestamp.daysFromCivil(year: 9999, month: 12, day: 30) * Timestamp.msPerDay

    /// Parses `--end`: an RFC 3339 instant such as `2026-11-01T00:00:00Z` or `2026-11-01T02:00:00+02:00`
    /// (fraction digits are truncated to milliseconds), or integer epoch milliseconds. O(length).
    public static func parseEnd(_ text: String) throws(WorkloadError) -> Int64 {
        let bytes = Array(text.utf8)
        if !bytes.isEmpty, bytes.count <= 15, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let ms = Int64(text) {
            return ms
        }
        let ms = bytes.withUnsafeBufferPointer { buffer -> Int64? in
            guard let start = buffer.baseAddress else { return nil }
            return Timestamp.parseRFC3339(start, count: buffer.count)
        }
        guard let ms else {
            throw .invalidOption(
                "--end '\(text)' is not an RFC 3339 time such as 2026-11-01T00:00:00Z or epoch milliseconds")
        }
        return ms
    }
}
