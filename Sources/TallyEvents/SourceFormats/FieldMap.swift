/// `--map field=json.path`: where each schema v1 field lives in a custom JSON record.
///
/// A path is a dotted list of member names (`actor.email`); a segment of digits indexes an array
/// (`choices.0.usage`); `\.` is a literal dot inside a name (`attributes.gen_ai\.usage`). Fields not
/// mapped are read from the record's top-level member of the same name, so a source that already
/// spells most of schema v1 needs only the odd ones mapped.
public struct FieldMap: Sendable, Equatable {
    /// Schema v1 field name and the path its value is read from, in the order given.
    public private(set) var paths: [(field: String, path: [String])]

    public static let fields = [
        "ts", "kind", "user", "team", "org", "model", "tool", "session", "task", "input_tokens", "output_tokens",
        "cache_read_tokens", "cache_write_tokens", "cost_usd", "status", "artifact", "id",
    ]

    public init() { paths = [] }

    /// Adds one `field=path` argument.
    /// - Throws: `SourceError` naming the argument when the field is not in schema v1, the path is
    ///   empty, or the field is mapped twice.
    public mutating func add(_ argument: String) throws(SourceError) {
        guard let equals = argument.firstIndex(of: "=") else {
            throw SourceError(.invalidMap(argument, "expected field=json.path, e.g. user=actor.email"))
        }
        let field = String(argument[..<equals])
        let pathText = String(argument[argument.index(after: equals)...])
        guard Self.fields.contains(field) else {
            throw SourceError(.invalidMap(argument, "'\(field)' is not a schema v1 field (\(Self.fields.joined(separator: ", ")))"))
        }
        guard !paths.contains(where: { $0.field == field }) else {
            throw SourceError(.invalidMap(argument, "'\(field)' is mapped twice"))
        }
        let path = Self.segments(pathText)
        guard !path.isEmpty, !path.contains(where: \.isEmpty) else {
            throw SourceError(.invalidMap(argument, "the path has an empty segment"))
        }
        paths.append((field, path))
    }

    /// The path for `field`: its mapping, or the top-level member of that name.
    func path(for field: String) -> [String] {
        paths.first { $0.field == field }?.path ?? [field]
    }

    private static func segments(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var escaped = false
        for c in text {
            if escaped {
                current.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "." {
                result.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        result.append(current)
        return result
    }

    public static func == (a: FieldMap, b: FieldMap) -> Bool {
        a.paths.count == b.paths.count && zip(a.paths, b.paths).allSatisfy { $0.field == $1.field && $0.path == $1.path }
    }
}
