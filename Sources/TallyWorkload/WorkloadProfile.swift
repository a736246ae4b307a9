/// How sessions and tasks are shaped in a synthetic workload (`tokentally gen --profile`).
///
/// - `uniform`: the original model, kept byte for byte (benchmarks, tests and the soak depend on its
///   bytes): a pool of long sessions, about 23 calls each, so a 10M-event month has ~0.4M sessions.
/// - `realistic`: people work in stints of a day or so, start several short sessions per stint, move
///   between tools and models, and share tasks that live a few days: for 10M events, 85,000 people
///   and 35 days, millions of sessions, over a million tasks and activity combinations.
/// - `dense`: a company of agent users: fewer people active at a time, each making about 20 calls
///   per active hour in longer sessions.
public enum WorkloadProfile: String, Sendable, Equatable, CaseIterable {
    case uniform, realistic, dense

    /// The session and task shape of a non-uniform profile; each field is a `gen` option.
    public struct Shape: Sendable, Equatable {
        /// Sessions the median person starts per stint (about one active day; heavy users start more):
        /// `--sessions-per-day`.
        public var sessionsPerDay: Int
        /// Median calls per session: `--session-calls`.
        public var sessionCalls: Int
        /// Calls per hour of each person at work, at the stream's average rate (it sizes the pool of
        /// people at work): `--calls-per-hour`.
        public var callsPerHour: Int
        /// Days after its opening during which a task is worked on: `--task-days`.
        public var taskDays: Int
        /// A session that leaves its person's main task joins the team's newest task `peoplePerTask - 1`
        /// times in `peoplePerTask` and opens a new one otherwise (1: nobody shares): `--people-per-task`.
        public var peoplePerTask: Int
    }

    /// The profile's own shape; nil for `uniform`, which has none of these options.
    public var defaultShape: Shape? {
        switch self {
        case .uniform:
            nil
        case .realistic:
            Shape(sessionsPerDay: 5, sessionCalls: 1, callsPerHour: 2, taskDays: 3, peoplePerTask: 2)
        case .dense:
            Shape(sessionsPerDay: 4, sessionCalls: 6, callsPerHour: 26, taskDays: 3, peoplePerTask: 2)
        }
    }
}
