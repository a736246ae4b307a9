import TallyCore

/// Reading helpers the source translators share: paths into nested records, strings that are
/// present and non-empty, and counts checked with schema v1's rules.
extension JSONValue {
    /// The value at `path`: object members by name, array items by a decimal index.
    /// - Complexity: O(members scanned along the path).
    func at(_ path: [String]) -> JSONValue? {
        var current = self
        for step in path {
            switch current {
            case .object(let members):
                guard let next = members.first(where: { $0.0 == step })?.1 else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(step), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    func at(_ path: String...) -> JSONValue? { at(path) }

    /// A string that says something: nil for absent, null, non-string and empty values.
    var text: String? {
        if case .string(let s) = self, !s.isEmpty { return s }
        return nil
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    var isObject: Bool {
        if case .object = self { return true }
        return false
    }
}

/// A record that cannot be counted, with the schema v1 reason it is rejected under.
package struct RecordFault: Error {
    package let reason: RejectReason
    init(_ reason: RejectReason) { self.reason = reason }
}

/// Token counts and times as the sources write them, checked like schema v1 checks its own.
enum SourceValue {
    /// A count: absent or null is 0; otherwise a non-negative integer literal below 2^63. OTLP/JSON
    /// writes 64-bit integers as decimal strings, so `stringsAllowed` accepts `"12"` there.
    static func count(_ value: JSONValue?, stringsAllowed: Bool = false) throws(RecordFault) -> Int64 {
        switch value {
        case nil, .null?: return 0
        case .number(let text)?: return try integer(text)
        case .string(let text)? where stringsAllowed: return try integer(text)
        default: throw RecordFault(.invalidTokens)
        }
    }

    /// `text` as schema v1 reads a count: digits only, no leading zero, below 2^63.
    static func integer(_ text: String) throws(RecordFault) -> Int64 {
        let utf8 = text.utf8
        guard let first = utf8.first, utf8.allSatisfy({ $0 &- 0x30 < 10 }), first != 0x30 || utf8.count == 1,
              let value = Int64(text)
        else { throw RecordFault(.invalidTokens) }
        return value
    }

    /// A count that includes the parts listed after it (OpenAI's prompt tokens include the cached
    /// ones; OpenTelemetry's input tokens include cache reads and writes): the remainder, or
    /// `inconsistent_tokens` when the parts exceed the whole.
    static func remainder(_ whole: Int64, minus parts: Int64...) throws(RecordFault) -> Int64 {
        var rest = whole
        for part in parts {
            rest -= part
            guard rest >= 0 else { throw RecordFault(.inconsistentTokens) }
        }
        return rest
    }

    /// Epoch milliseconds from an integer count of `unit`s; a fraction (seconds as written by many
    /// loggers, `1741569952.123`) is kept to the millisecond, rounding down. Nil when it is not a
    /// plain decimal or lies outside years 0000-9999.
    static func epochMs(_ text: String, unit: TimestampUnit) -> Int64? {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" {
            negative = true
            digits = digits.dropFirst()
        }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCII), let w = Int64(whole), w >= 0
        else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || (!fraction.isEmpty && fraction.allSatisfy { $0.isASCII && $0.isNumber }) else { return nil }
        let fractionIsZero = !fraction.contains { $0 != "0" }
        var ms: Int64
        var hasRemainder: Bool
        switch unit {
        case .seconds:
            let (up, overflow) = w.multipliedReportingOverflow(by: 1000)
            guard !overflow else { return nil }
            let padded = Array((fraction + "000").prefix(3))
            ms = up + Int64(padded[0].wholeNumberValue! * 100 + padded[1].wholeNumberValue! * 10 + padded[2].wholeNumberValue!)
            hasRemainder = fraction.dropFirst(3).contains { $0 != "0" }
        case .milliseconds:
            ms = w
            hasRemainder = !fractionIsZero
        case .microseconds:
            ms = w / 1000
            hasRemainder = w % 1000 != 0 || !fractionIsZero
        case .nanoseconds:
            ms = w / 1_000_000
            hasRemainder = w % 1_000_000 != 0 || !fractionIsZero
        }
        if negative {
            // Round toward the past, as the hour and day buckets do.
            ms = -ms - (hasRemainder ? 1 : 0)
        }
        guard ms >= Timestamp.minMs, ms <= Timestamp.maxMs else { return nil }
        return ms
    }
}
