import TallyCore

/// A custom JSON source described by `--map field=json.path`. Each schema v1 field is read from its
/// path (or the top-level member of its name) and written unchanged, so schema v1's own checks
/// decide what is valid; only a numeric `ts` is converted from `--ts-unit` to milliseconds.
enum MappedFormat {
    static func translate(_ line: JSONValue, _ settings: SourceSettings) -> LineOutcome {
        guard line.isObject else { return .rejected(.malformedJSON) }
        let map = settings.fieldMap ?? FieldMap()
        var record = V1Record()
        for field in FieldMap.fields {
            guard let value = line.at(map.path(for: field)), !value.isNull, value != .string("") else { continue }
            if field == "ts", case .number(let text) = value, settings.timestampUnit != .milliseconds {
                if let ms = SourceValue.epochMs(text, unit: settings.timestampUnit) {
                    record.setTimestamp(ms: ms)
                } else {
                    record.set("ts", value)  // rejected as invalid_ts
                }
                continue
            }
            record.set(field, value)
        }
        for (field, fallback) in [("user", settings.user), ("team", settings.team), ("org", settings.org)] where !record.has(field) {
            record.set(field, text: fallback)
        }
        return .records([.success(record)])
    }
}
