/// How `ingest` reads its inputs' formats: `--source`, the defaults for records that carry no
/// person (`--user`, `--team`, `--org`), where OpenTelemetry keeps people, and a custom mapping.
public struct SourceSettings: Sendable {
    public var format: SourceFormat = .auto
    /// Who a record belongs to when its source does not say (Claude Code transcripts never do).
    /// The CLI defaults it to the login name.
    public var user: String?
    public var team: String?
    public var org: String?
    /// Attribute keys tried in order, span (or log record) attributes first, then the resource's.
    public var otelUserAttributes = ["user.id", "enduser.id", "user.email", "user.name"]
    public var otelTeamAttributes = ["team.id", "team.name", "team"]
    public var otelOrgAttributes = ["organization.id", "organization.name", "org"]
    /// `--claude-code-metrics`: count Claude Code's OpenTelemetry metrics instead of its
    /// `api_request` events (never both: they describe the same calls).
    public var claudeCodeMetrics = false
    /// `--map`: schema v1 field name to a path in each custom record; required for `.mapped`.
    public var fieldMap: FieldMap?
    /// The unit of numeric `ts` values in mapped records (`--ts-unit`).
    public var timestampUnit: TimestampUnit = .milliseconds

    public init() {}
}

/// The unit of a numeric timestamp in a custom source.
public enum TimestampUnit: String, CaseIterable, Sendable {
    case seconds = "s"
    case milliseconds = "ms"
    case microseconds = "us"
    case nanoseconds = "ns"
}
