/// A small JSON document model for reading snapshot files (not the event hot path). Numbers keep
/// their text so that 64-bit integers and exact decimals survive; nesting is limited, so a hostile
/// file cannot exhaust the stack. Not `indirect`: the arrays already give the recursion a fixed
/// size, and boxing every value cost 13% of a report.
package enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    package static let depthMax = 64

    package static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    package var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    package var int64: Int64? {
        if case .number(let text) = self { return Int64(text) }
        return nil
    }

    package var int: Int? { int64.map { Int($0) } }

    package var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    package var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// Parses one JSON text; nil if it is not exactly one valid value.
    package static func parse(_ bytes: UnsafeRawBufferPointer) -> JSONValue? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        guard UTF8Validation.isValid(base, count: bytes.count) else { return nil }
        var p = base
        let end = base + bytes.count
        JSONScanner.skipWhitespace(&p, end)
        guard let value = parseValue(&p, end, depth: 0) else { return nil }
        JSONScanner.skipWhitespace(&p, end)
        return p == end ? value : nil
    }

    package static func parse(_ text: String) -> JSONValue? {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    private static func parseValue(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, depth: Int) -> JSONValue? {
        guard p < end, depth < depthMax else { return nil }
        switch p.pointee {
        case 0x7B:
            p += 1
            var members: [(String, JSONValue)] = []
            JSONScanner.skipWhitespace(&p, end)
            if p < end, p.pointee == 0x7D {
                p += 1
                return .object(members)
            }
            while true {
                guard p < end, p.pointee == 0x22, let key = parseString(&p, end) else { return nil }
                JSONScanner.skipWhitespace(&p, end)
                guard p < end, p.pointee == 0x3A else { return nil }
                p += 1
                JSONScanner.skipWhitespace(&p, end)
                guard let value = parseValue(&p, end, depth: depth + 1) else { return nil }
                members.append((key, value))
                JSONScanner.skipWhitespace(&p, end)
                guard p < end else { return nil }
                if p.pointee == 0x2C {
                    p += 1
                    JSONScanner.skipWhitespace(&p, end)
                    continue
                }
                guard p.pointee == 0x7D else { return nil }
                p += 1
                return .object(members)
            }
        case 0x5B:
            p += 1
            var items: [JSONValue] = []
            JSONScanner.skipWhitespace(&p, end)
            if p < end, p.pointee == 0x5D {
                p += 1
                return .array(items)
            }
            while true {
                guard let value = parseValue(&p, end, depth: depth + 1) else { return nil }
                items.append(value)
                JSONScanner.skipWhitespace(&p, end)
                guard p < end else { return nil }
                if p.pointee == 0x2C {
                    p += 1
                    JSONScanner.skipWhitespace(&p, end)
                    continue
                }
                guard p.pointee == 0x5D else { return nil }
                p += 1
                return .array(items)
            }
        case 0x22:
            return parseString(&p, end).map { .string($0) }
        default:
            let start = p
            switch JSONScanner.skipScalar(&p, end) {
            case .number: return .number(String(decoding: UnsafeBufferPointer(start: start, count: p - start), as: UTF8.self))
            case .literalTrue: return .bool(true)
            case .literalFalse: return .bool(false)
            case .null: return .null
            default: return nil
            }
        }
    }

    private static func parseString(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> String? {
        p += 1
        let start = p
        var written = 0
        var probe = p
        guard JSONScanner.scanString(&probe, end, into: nil, written: &written) == .ok else { return nil }
        let rawCount = probe - start - 1
        let result = String(unsafeUninitializedCapacity: max(rawCount, 1)) { buffer in
            var q = start
            var n = 0
            _ = JSONScanner.scanString(&q, end, into: buffer.baseAddress!, written: &n)
            return n
        }
        p = probe
        return result
    }
}
