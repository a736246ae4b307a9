import TallyCore

/// The insights records of a snapshot as readers see them (names as text; nil = the events had no
/// value). See docs/snapshot-format.md for the meaning of each field.
public struct InsightRows: Sendable, Equatable {
    public struct Person: Sendable, Equatable {
        public var user: String
        public var team: String?
        public var org: String?
        public var latestMs: Int64
    }
    public struct Activity: Sendable, Equatable {
        public var user: String
        public var team: String?
        public var org: String?
        public var model: String?
        public var tool: String?
        public var lastHour: Int64
        public var lastDay: Int64
        public var dayBits: UInt64

        /// Whether the combination was active on `day` (within the 64 days that end at `lastDay`).
        public func wasActive(onDay day: Int64) -> Bool {
            day <= lastDay && lastDay - day < 64 && dayBits >> UInt64(lastDay - day) & 1 == 1
        }
    }
    public struct Session: Sendable, Equatable {
        public var user: String
        public var session: String?
        public var firstMs: Int64
        public var lastMs: Int64
        public var calls: Int64
        public var tokens: Int64
        /// The idle-loop detector's current streak: start, last, calls, interval, first call's
        /// tokens and output tokens, streak tokens.
        public var streak: [Int64]
    }
    /// A closed session that is the longest of its person's among those ending at or after some
    /// instant (the person's front: `SessionFronts`).
    public struct ClosedSession: Sendable, Equatable {
        public var user: String
        public var session: String
        public var firstMs: Int64
        public var lastMs: Int64
    }
    /// A task as the figures need it (insights section version 4; older versions' all-time calls,
    /// tokens, cost and first instant are read and dropped, their last instant kept to the hour).
    public struct Task: Sendable, Equatable {
        public var task: String
        /// The hour (since 1970) of its latest call or status event; nil when it has neither.
        public var lastHour: Int64?
        public var status: String?
        public var statusMs: Int64?
        public var callsSinceStatus: Int64
        public var tokensSinceStatus: Int64
        public var shippedMs: Int64?
    }
    public struct Work: Sendable, Equatable {
        public var user: String
        public var task: String
        public var unit: WindowSpec.Unit
        public var bucket: Int64
        public var team: String?
        public var org: String?
        public var tokens: Int64
    }
    public struct Loop: Sendable, Equatable {
        public var user: String
        public var session: String?
        public var startMs: Int64
        public var endMs: Int64
        public var calls: Int64
        public var tokens: Int64

        package init(user: String, session: String?, startMs: Int64, endMs: Int64, calls: Int64, tokens: Int64) {
            (self.user, self.session, self.startMs, self.endMs, self.calls, self.tokens) = (user, session, startMs, endMs, calls, tokens)
        }
    }

    public var people: [Person] = []
    public var activity: [Activity] = []
    /// Open sessions (every session, in snapshots written before sessions closed).
    public var sessions: [Session] = []
    public var closedSessions: [ClosedSession] = []
    public var tasks: [Task] = []
    public var work: [Work] = []
    public var loops: [Loop] = []

    public init() {}
}
