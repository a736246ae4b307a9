/// Why a line was rejected. Every rejected line is counted under exactly one reason; the raw value
/// indexes counter arrays and the `name` is what snapshots, `inspect` and summaries print.
public enum RejectReason: Int, CaseIterable, Sendable {
    /// Not a single JSON object: a syntax error, trailing bytes, or a value that is not an object.
    case malformedJSON
    /// Bytes that are not UTF-8, or a `\u` escape that encodes a lone surrogate.
    case invalidUTF8
    /// More bytes than the line limit (`--line-bytes-max`, 1 MiB by default).
    case lineTooLong
    case missingTs
    case missingUser
    /// `ts` present but not an RFC 3339 string or integer epoch milliseconds in years 0000-9999.
    case invalidTs
    /// A token count that is not a non-negative integer literal below 2^63.
    case invalidTokens
    /// A known field given twice.
    case duplicateField
    /// `kind` other than `usage` or `outcome`.
    case unknownKind
    /// `ts` more than `--max-future` ahead of the machine's clock.
    case futureTs
    /// `cost_usd` that is not a non-negative JSON number (or too large for nano-dollars in 63 bits).
    case invalidCost
    /// A known string field (`user`, `team`, `model`, ...) holding a non-string value.
    case invalidFieldType
    /// A usage event without `model`.
    case missingModel
    /// An outcome event without `task`.
    case missingTask
    /// An outcome event without `status`.
    case missingStatus
    /// A translated source's parts exceed their whole: cached tokens above the prompt tokens that
    /// include them (OpenAI), cache tokens above OpenTelemetry's input tokens.
    case inconsistentTokens
    /// Every field in range, but a value derived from them is not: the event's total tokens (the
    /// sum of its four token fields) or the cost the price table estimates for it is 2^63 or more.
    /// Every accepted event's own numbers are thus exact; only sums of many events saturate.
    case valueTooLarge

    public static let count = allCases.count

    public var name: String {
        switch self {
        case .malformedJSON: "malformed_json"
        case .invalidUTF8: "invalid_utf8"
        case .lineTooLong: "line_too_long"
        case .missingTs: "missing_ts"
        case .missingUser: "missing_user"
        case .invalidTs: "invalid_ts"
        case .invalidTokens: "invalid_tokens"
        case .duplicateField: "duplicate_field"
        case .unknownKind: "unknown_kind"
        case .futureTs: "future_ts"
        case .invalidCost: "invalid_cost"
        case .invalidFieldType: "invalid_field_type"
        case .missingModel: "missing_model"
        case .missingTask: "missing_task"
        case .missingStatus: "missing_status"
        case .inconsistentTokens: "inconsistent_tokens"
        case .valueTooLarge: "value_too_large"
        }
    }

    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}
