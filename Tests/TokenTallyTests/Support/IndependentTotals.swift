import Foundation

/// Window totals computed straight from NDJSON text with Foundation, sharing no code with the engine:
/// the "batch query over the whole input" that the schema says every window must equal.
struct IndependentTotals {
    struct Row: Equatable {
        var input: Int64 = 0, output: Int64 = 0, cacheRead: Int64 = 0, cacheWrite: Int64 = 0
        var events: Int64 = 0, outcomes: Int64 = 0
        var cost = Decimal(0)
        var total: Int64 { input + output + cacheRead + cacheWrite }
    }

    struct Event {
        var ts: Int64
        var keys: [String: String]
        var row: Row
    }

    static let dimensions = ["user", "team", "org", "model", "tool"]
    private(set) var events: [Event] = []
    private(set) var watermark = Int64.min
    private(set) var late = 0

    /// Reads valid schema v1 lines (generated input has no invalid ones), applying the late rule in
    /// input order against the windows' earliest start.
    init(ndjson: Data, windows: [(name: String, hours: Int64?, days: Int64?)]) throws {
        for line in ndjson.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let object = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            let ts = try Self.timestamp(object["ts"]!)
            if watermark != Int64.min {
                let earliest = windows.map { Self.start(of: $0, watermark: watermark) }.min()!
                if ts < earliest {
                    late += 1
                    continue
                }
            }
            watermark = max(watermark, ts)
            var row = Row()
            row.input = (object["input_tokens"] as? NSNumber)?.int64Value ?? 0
            row.output = (object["output_tokens"] as? NSNumber)?.int64Value ?? 0
            row.cacheRead = (object["cache_read_tokens"] as? NSNumber)?.int64Value ?? 0
            row.cacheWrite = (object["cache_write_tokens"] as? NSNumber)?.int64Value ?? 0
            if (object["kind"] as? String) == "outcome" { row.outcomes = 1 } else { row.events = 1 }
            if object["cost_usd"] != nil { row.cost = try Self.costLiteral(in: Data(line)) }
            var keys: [String: String] = [:]
            for d in Self.dimensions { if let v = object[d] as? String, !v.isEmpty { keys[d] = v } }
            events.append(Event(ts: ts, keys: keys, row: row))
        }
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { (a - ((a % b) + b) % b) / b }

    static func start(of window: (name: String, hours: Int64?, days: Int64?), watermark: Int64) -> Int64 {
        let unit: Int64 = window.hours != nil ? 3_600_000 : 86_400_000
        let length = window.hours ?? window.days!
        return (floorDiv(watermark, unit) - length + 1) * unit
    }

    /// key -> totals for one dimension over one window at the final watermark.
    func totals(dimension: String, window: (name: String, hours: Int64?, days: Int64?)) -> [String: Row] {
        let unit: Int64 = window.hours != nil ? 3_600_000 : 86_400_000
        let start = Self.start(of: window, watermark: watermark)
        let end = (Self.floorDiv(watermark, unit) + 1) * unit
        var result: [String: Row] = [:]
        for e in events where e.ts >= start && e.ts < end {
            guard let key = e.keys[dimension] else { continue }
            var r = result[key] ?? Row()
            r.input += e.row.input
            r.output += e.row.output
            r.cacheRead += e.row.cacheRead
            r.cacheWrite += e.row.cacheWrite
            r.events += e.row.events
            r.outcomes += e.row.outcomes
            r.cost += e.row.cost
            result[key] = r
        }
        return result
    }

    /// The cost exactly as written (JSONSerialization would round it through a Double).
    private static func costLiteral(in line: Data) throws -> Decimal {
        let text = String(decoding: line, as: UTF8.self)
        let match = try require(text.firstMatch(of: /"cost_usd"\s*:\s*([-0-9.eE+]+)/), "cost_usd literal")
        return Decimal(string: String(match.1))!
    }

    /// RFC 3339 or epoch milliseconds, parsed with Calendar.
    static func timestamp(_ value: Any) throws -> Int64 {
        if let n = value as? NSNumber, !(value is String) { return n.int64Value }
        let text = value as! String
        let pattern = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/
        let m = try require(text.wholeMatch(of: pattern), "RFC 3339 timestamp \(text)")
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = try require(calendar.date(from: DateComponents(
            year: Int(m.1)!, month: Int(m.2)!, day: Int(m.3)!, hour: Int(m.4)!, minute: Int(m.5)!, second: Int(m.6)!)),
            "calendar date of \(text)")
        var ms = Int64((date.timeIntervalSince1970 * 1000).rounded())
        if let fraction = m.7 { ms += Int64(String((String(fraction) + "00").prefix(3)))! }
        let offset = String(m.8)
        if offset != "Z" && offset != "z" {
            let sign: Int64 = offset.hasPrefix("-") ? -1 : 1
            let parts = offset.dropFirst().split(separator: ":")
            ms -= sign * (Int64(parts[0])! * 3_600_000 + Int64(parts[1])! * 60_000)
        }
        return ms
    }
}

/// `#require`-like unwrap usable outside a test function.
func require<T>(_ value: T?, _ what: String) throws -> T {
    guard let value else { throw NSError(domain: "IndependentTotals", code: 1, userInfo: [NSLocalizedDescriptionKey: what]) }
    return value
}
