/// Why a line of a recognised source was deliberately not counted. Skipped lines are not faults:
/// transcripts and API dumps carry many lines that hold no model call (a user turn, a tool result,
/// a stream delta). Each is counted under exactly one reason, so every line read is accounted for.
public enum SkipReason: Int, CaseIterable, Sendable {
    /// A well-formed line with no usage block: user turns, tool results, summaries, empty pages.
    case noUsage
    /// Claude Code's `<synthetic>` model: messages the client wrote itself, no model call.
    case syntheticModel
    /// An API error recorded in place of a response (Claude Code's `isApiErrorMessage`, an
    /// `error` object): the call produced no billed usage worth attributing.
    case apiError
    /// A further line of one Claude Code response (same message id and request id): the response
    /// is counted once, with its largest usage.
    case repeatedResponse
    /// An OpenTelemetry agent or tool span whose usage totals repeat its child model calls.
    case aggregateSpan
    /// A streaming event (`message_start`, `message_delta`, a chat completion chunk without usage)
    /// whose usage is partial; the final response or usage chunk carries the totals.
    case streamEvent
    /// A Codex `token_count` whose cumulative total did not move since the file's previous one: the
    /// client re-emitted its counter, no new call was made.
    case repeatedTotal
    /// A Codex fork or subagent's copy of its parent's calls, written in one burst as it starts:
    /// they were counted in the parent's rollout.
    case replayedHistory
    /// Claude Code's telemetry that the other signal counts: its metrics (token and cost sums),
    /// or with `--claude-code-metrics` its `api_request` events. Both describe the same calls.
    case otherSignal

    public static let count = allCases.count

    public var name: String {
        switch self {
        case .noUsage: "no_usage"
        case .syntheticModel: "synthetic_model"
        case .apiError: "api_error"
        case .repeatedResponse: "repeated_response"
        case .aggregateSpan: "aggregate_span"
        case .streamEvent: "stream_event"
        case .repeatedTotal: "repeated_total"
        case .replayedHistory: "replayed_history"
        case .otherSignal: "other_signal"
        }
    }

    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}
