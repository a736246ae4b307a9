import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif
import TallyEvents

/// `ingest`'s options for reading logs that are not schema v1 (docs/sources.md).
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Input format: \(SourceFormat.cliNames.joined(separator: ", ")).",
        discussion: "auto decides per input from its first lines (schema v1 when nothing else matches)."))
    var source = "auto"

    @Option(name: .long, help: "Who records without a person belong to (Claude Code transcripts, API responses). Default: the login name.")
    var user: String?

    @Option(name: .long, help: "Team for records that name none.")
    var team: String?

    @Option(name: .long, help: "Org for records that name none.")
    var org: String?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp(
        "Map a schema v1 field onto a custom JSON source: field=json.path (repeatable).",
        discussion: "For example --map user=actor.email --map ts=event_time --ts-unit s. Unmapped fields are read from the top-level member of the same name."))
    var map: [String] = []

    @Option(name: .long, help: "Unit of numeric ts values in a mapped source: s, ms, us or ns.")
    var tsUnit = "ms"

    @Option(name: .long, help: "OpenTelemetry attribute keys naming the user, comma-separated, tried in order (span, then resource).")
    var otelUserAttributes = SourceSettings().otelUserAttributes.joined(separator: ",")

    @Option(name: .long, help: "OpenTelemetry attribute keys naming the team, comma-separated.")
    var otelTeamAttributes = SourceSettings().otelTeamAttributes.joined(separator: ",")

    @Option(name: .long, help: "OpenTelemetry attribute keys naming the org, comma-separated.")
    var otelOrgAttributes = SourceSettings().otelOrgAttributes.joined(separator: ",")

    @Flag(name: .long, help: ArgumentHelp(
        "Count Claude Code's OpenTelemetry metrics (claude_code.token.usage, claude_code.cost.usage) instead of its api_request events.",
        discussion: "The two describe the same calls: one is counted, never both. Events are the default."))
    var claudeCodeMetrics = false

    func validate() throws {
        _ = try settings()
    }

    func settings() throws -> SourceSettings {
        var s = SourceSettings()
        guard let format = SourceFormat(rawValue: source) else {
            throw ValidationError("--source '\(source)' is not one of \(SourceFormat.cliNames.joined(separator: ", "))")
        }
        s.format = format
        guard let unit = TimestampUnit(rawValue: tsUnit) else {
            throw ValidationError("--ts-unit '\(tsUnit)' is not one of s, ms, us, ns")
        }
        s.timestampUnit = unit
        if !map.isEmpty {
            var fieldMap = FieldMap()
            for argument in map {
                do { try fieldMap.add(argument) } catch { throw ValidationError(error.description) }
            }
            s.fieldMap = fieldMap
        }
        if s.fieldMap != nil, format != .auto, format != .mapped {
            throw ValidationError(SourceError(.mapWithoutMappedSource(format)).description)
        }
        if format == .mapped, s.fieldMap == nil { throw ValidationError(SourceError(.mappedSourceWithoutMap).description) }
        s.user = user ?? Self.loginName()
        s.team = team
        s.org = org
        func keys(_ text: String) -> [String] { text.split(separator: ",").map(String.init).filter { !$0.isEmpty } }
        s.otelUserAttributes = keys(otelUserAttributes)
        s.otelTeamAttributes = keys(otelTeamAttributes)
        s.otelOrgAttributes = keys(otelOrgAttributes)
        s.claudeCodeMetrics = claudeCodeMetrics
        return s
    }

    /// The login name: `LOGNAME` or `USER` as a login shell sets them, else the password database's
    /// name for this process's user; nil when none is known (records then lack a user and are rejected).
    static func loginName() -> String? {
        for variable in ["LOGNAME", "USER"] {
            if let value = getenv(variable).map({ String(cString: $0) }), !value.isEmpty { return value }
        }
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
        let text = String(cString: name)
        return text.isEmpty ? nil : text
    }
}
