import TallyCore

/// Finds where a JSON text stops being valid, for error messages about hand-edited files:
/// `JSONValue.parse` only says whether a text is valid. Same grammar and depth limit as
/// `JSONValue.parse`; recursion depth is bounded by `JSONValue.depthMax`.
enum JSONSyntaxLocator {
    struct Problem: Equatable {
        /// 1-based line, and 1-based column counted in characters (UTF-8 sequences).
        var line: Int
        var column: Int
        var message: String
    }

    /// The first syntax problem in `bytes` (which must be valid UTF-8), or nil if there is none.
    /// - Complexity: O(n).
    static func firstProblem(in bytes: UnsafeRawBufferPointer) -> Problem? {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), !bytes.isEmpty else {
            return Problem(line: 1, column: 1, message: "the file is empty; it should hold one JSON object")
        }
        let end = base + bytes.count
        var p = base
        JSONScanner.skipWhitespace(&p, end)
        let failure: (UnsafePointer<UInt8>, String)?
        if let problem = value(&p, end, depth: 0) {
            failure = problem
        } else {
            JSONScanner.skipWhitespace(&p, end)
            failure = p < end ? (p, "unexpected text after the end of the JSON value") : nil
        }
        guard let (at, message) = failure else { return nil }
        var line = 1
        var column = 1
        var q = base
        while q < at {
            if q.pointee == 0x0A {
                line += 1
                column = 1
            } else if q.pointee & 0xC0 != 0x80 {
                column += 1
            }
            q += 1
        }
        return Problem(line: line, column: column, message: message)
    }

    private static func value(
        _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, depth: Int
    ) -> (UnsafePointer<UInt8>, String)? {
        guard p < end else { return (p, "the text ends where a value was expected") }
        guard depth < JSONValue.depthMax else { return (p, "nested more than \(JSONValue.depthMax) levels deep") }
        switch p.pointee {
        case 0x7B, 0x5B:
            let isObject = p.pointee == 0x7B
            let close: UInt8 = isObject ? 0x7D : 0x5D
            let closeText = isObject ? "'}'" : "']'"
            p += 1
            JSONScanner.skipWhitespace(&p, end)
            if p < end, p.pointee == close {
                p += 1
                return nil
            }
            while true {
                if isObject {
                    guard p < end, p.pointee == 0x22 else {
                        return (p, p < end ? "expected a member name in double quotes" : "the text ends inside an object")
                    }
                    if let problem = string(&p, end) { return problem }
                    JSONScanner.skipWhitespace(&p, end)
                    guard p < end, p.pointee == 0x3A else { return (p, "expected ':' after the member name") }
                    p += 1
                    JSONScanner.skipWhitespace(&p, end)
                }
                if let problem = value(&p, end, depth: depth + 1) { return problem }
                JSONScanner.skipWhitespace(&p, end)
                guard p < end else { return (p, "the text ends before the closing \(closeText)") }
                if p.pointee == close {
                    p += 1
                    return nil
                }
                guard p.pointee == 0x2C else { return (p, "expected ',' or \(closeText); is a comma missing?") }
                p += 1
                JSONScanner.skipWhitespace(&p, end)
                if p < end, p.pointee == close {
                    return (p, "a comma before \(closeText); JSON allows no trailing comma")
                }
            }
        case 0x22:
            return string(&p, end)
        default:
            let start = p
            guard let kind = JSONScanner.skipScalar(&p, end), kind != .string else {
                return (start, "not a JSON value (strings need double quotes; numbers look like 3 or 0.3; "
                    + "no leading '+', leading zeros or bare '.5')")
            }
            return nil
        }
    }

    /// A string, with the same rules as `JSONValue.parse` (which also rejects lone surrogates).
    private static func string(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> (UnsafePointer<UInt8>, String)? {
        let start = p
        p += 1
        var unused = 0
        switch JSONScanner.scanString(&p, end, into: nil, written: &unused) {
        case .ok: return nil
        case .badUnicode: return (start, "a string holds a \\u escape of a lone surrogate")
        case .syntax: return (start, "a string is not closed, or holds a raw control character or an invalid escape")
        }
    }
}
