/// How readers print: aligned for people, or CSV and JSON for programs.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, json
}
