/// Byte-level JSON scanning primitives for the line parser: whitespace, strings (validated, and
/// unescaped when a destination is given), numbers and whole values skipped without recursion.
///
/// All functions take the cursor `p` by reference and the line's `end`; they never read at or past
/// `end`. A `false`/`nil` result means the bytes are not JSON, or a string holds bytes that are not
/// UTF-8 (the caller validates the line to tell which); the cursor is then unspecified.
package enum JSONScanner {
    package enum StringStatus { case ok, syntax, badUnicode }

    package enum ValueKind { case string, number, object, array, literalTrue, literalFalse, null }

    @inline(__always)
    package static func skipWhitespace(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) {
        while p < end {
            let c = p.pointee
            guard c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D else { return }
            p += 1
        }
    }

    @inline(__always)
    private static func hexValue(_ c: UInt8) -> UInt32? {
        switch c {
        case 0x30...0x39: UInt32(c - 0x30)
        case 0x41...0x46: UInt32(c - 0x41 + 10)
        case 0x61...0x66: UInt32(c - 0x61 + 10)
        default: nil
        }
    }

    @inline(__always)
    private static func hex4(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UInt32? {
        guard end - p >= 4, let a = hexValue(p[0]), let b = hexValue(p[1]), let c = hexValue(p[2]),
              let d = hexValue(p[3])
        else { return nil }
        return a << 12 | b << 8 | c << 4 | d
    }

    /// Scans a string body; `p` points just after the opening quote and ends just after the closing
    /// one. With `dest`, writes the unescaped bytes there (at most as many as the raw body, so a
    /// destination as large as the line suffices) and returns their count in `written`. A `\u` escape
    /// of a lone surrogate gives `.badUnicode`, with the cursor still after the closing quote.
    /// Raw bytes that are not UTF-8 give `.syntax`: the parser then validates the whole line to tell
    /// `invalid_utf8` from `malformed_json`, so this scan only has to notice them.
    @inline(__always)
    package static func scanString(
        _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
        into dest: UnsafeMutablePointer<UInt8>?, written: inout Int
    ) -> StringStatus {
        written = 0
        var status = StringStatus.ok
        while true {
            // Plain run: copy until a quote, a backslash, a control byte or a non-ASCII byte.
            let runStart = p
            p = firstStringStop(p, end)
            if let dest {
                let n = p - runStart
                ShortBytes.copy(dest + written, runStart, n)
                written += n
            }
            guard p < end else { return .syntax }
            let c = p.pointee
            if c == 0x22 {
                p += 1
                return status
            }
            if c >= 0x80 {
                // Non-ASCII: one well-formed sequence, copied as is.
                let width = UTF8Validation.sequenceWidth(p, end)
                guard width > 0 else { return .syntax }
                if let dest {
                    for k in 0..<width { dest[written + k] = p[k] }
                    written += width
                }
                p += width
                continue
            }
            if c < 0x20 { return .syntax }
            // Escape sequence.
            p += 1
            guard p < end else { return .syntax }
            let e = p.pointee
            p += 1
            var scalar: UInt32
            switch e {
            case 0x22, 0x5C, 0x2F: scalar = UInt32(e)
            case 0x62: scalar = 0x08
            case 0x66: scalar = 0x0C
            case 0x6E: scalar = 0x0A
            case 0x72: scalar = 0x0D
            case 0x74: scalar = 0x09
            case 0x75:
                guard let unit = hex4(p, end) else { return .syntax }
                p += 4
                scalar = unit
                if unit >= 0xD800, unit <= 0xDBFF {
                    // A high surrogate must be followed by an escaped low surrogate.
                    if end - p >= 6, p[0] == 0x5C, p[1] == 0x75, let low = hex4(p + 2, end), low >= 0xDC00, low <= 0xDFFF {
                        p += 6
                        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        status = .badUnicode
                        continue
                    }
                } else if unit >= 0xDC00, unit <= 0xDFFF {
                    status = .badUnicode
                    continue
                }
            default:
                return .syntax
            }
            if let dest { written += encodeUTF8(scalar, into: dest + written) }
        }
    }

    @inline(__always)
    private static func encodeUTF8(_ s: UInt32, into d: UnsafeMutablePointer<UInt8>) -> Int {
        switch s {
        case 0..<0x80:
            d[0] = UInt8(s)
            return 1
        case 0x80..<0x800:
            d[0] = UInt8(0xC0 | s >> 6)
            d[1] = UInt8(0x80 | s & 0x3F)
            return 2
        case 0x800..<0x10000:
            d[0] = UInt8(0xE0 | s >> 12)
            d[1] = UInt8(0x80 | s >> 6 & 0x3F)
            d[2] = UInt8(0x80 | s & 0x3F)
            return 3
        default:
            d[0] = UInt8(0xF0 | s >> 18)
            d[1] = UInt8(0x80 | s >> 12 & 0x3F)
            d[2] = UInt8(0x80 | s >> 6 & 0x3F)
            d[3] = UInt8(0x80 | s & 0x3F)
            return 4
        }
    }

    @inline(__always)
    private static func skipDigits(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int {
        let start = p
        while p < end, p.pointee &- 0x30 < 10 { p += 1 }
        return p - start
    }

    /// Skips a number per RFC 8259: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    package static func skipNumber(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool {
        if p < end, p.pointee == 0x2D { p += 1 }
        guard p < end else { return false }
        if p.pointee == 0x30 {
            p += 1
        } else if skipDigits(&p, end) == 0 {
            return false
        }
        if p < end, p.pointee == 0x2E {
            p += 1
            guard skipDigits(&p, end) > 0 else { return false }
        }
        if p < end, p.pointee | 0x20 == 0x65 {
            p += 1
            if p < end, p.pointee == 0x2B || p.pointee == 0x2D { p += 1 }
            guard skipDigits(&p, end) > 0 else { return false }
        }
        return true
    }

    @inline(__always)
    private static func skipLiteral(
        _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ word: StaticString
    ) -> Bool {
        let n = word.utf8CodeUnitCount
        guard end - p >= n, ShortBytes.equal(p, word.utf8Start, n) else { return false }
        p += n
        return true
    }

    /// Skips one scalar value (string, number, literal) and says which it was.
    @inline(__always)
    package static func skipScalar(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> ValueKind? {
        guard p < end else { return nil }
        var unused = 0
        switch p.pointee {
        case 0x22:
            p += 1
            // Lone surrogates are valid JSON grammar; only kept strings must become UTF-8.
            return scanString(&p, end, into: nil, written: &unused) != .syntax ? .string : nil
        case 0x74: return skipLiteral(&p, end, "true") ? .literalTrue : nil
        case 0x66: return skipLiteral(&p, end, "false") ? .literalFalse : nil
        case 0x6E: return skipLiteral(&p, end, "null") ? .null : nil
        default: return skipNumber(&p, end) ? .number : nil
        }
    }

    /// Skips any value, nested to any depth, without recursion: the container kinds of open levels
    /// are kept as bits in `stack` (one bit per level; capacity `stackWords * 64` levels, which the
    /// caller sizes from the line length, since every level costs at least one byte).
    package static func skipValue(
        _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
        stack: UnsafeMutablePointer<UInt64>, stackWords: Int
    ) -> ValueKind? {
        guard p < end else { return nil }
        let first = p.pointee
        guard first == 0x7B || first == 0x5B else { return skipScalar(&p, end) }
        var depth = 0
        // Invariant at `open`: p is at '{' or '['.
        var atOpen = true
        while true {
            if atOpen {
                let isObject = p.pointee == 0x7B
                guard depth < stackWords * 64 else { return nil }
                let word = depth >> 6, bit = UInt64(1) << UInt64(depth & 63)
                if isObject { stack[word] |= bit } else { stack[word] &= ~bit }
                depth += 1
                p += 1
                skipWhitespace(&p, end)
                guard p < end else { return nil }
                if p.pointee == (isObject ? 0x7D : 0x5D) {
                    p += 1
                    depth -= 1
                    atOpen = false
                } else {
                    if isObject, !skipKeyAndColon(&p, end) { return nil }
                    guard p < end else { return nil }
                    if p.pointee == 0x7B || p.pointee == 0x5B { continue }
                    guard skipScalar(&p, end) != nil else { return nil }
                    atOpen = false
                }
            }
            // After a value at `depth`; close levels or move to the next member.
            if depth == 0 { return first == 0x7B ? .object : .array }
            skipWhitespace(&p, end)
            guard p < end else { return nil }
            let top = depth - 1
            let inObject = stack[top >> 6] & (UInt64(1) << UInt64(top & 63)) != 0
            switch p.pointee {
            case 0x2C:
                p += 1
                skipWhitespace(&p, end)
                if inObject, !skipKeyAndColon(&p, end) { return nil }
                guard p < end else { return nil }
                if p.pointee == 0x7B || p.pointee == 0x5B {
                    atOpen = true
                } else if skipScalar(&p, end) == nil {
                    return nil
                }
            case 0x7D where inObject, 0x5D where !inObject:
                p += 1
                depth -= 1
            default:
                return nil
            }
        }
    }

    /// `"key"` then optional whitespace, `:` and optional whitespace.
    @inline(__always)
    private static func skipKeyAndColon(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Bool {
        guard p < end, p.pointee == 0x22 else { return false }
        p += 1
        var unused = 0
        guard scanString(&p, end, into: nil, written: &unused) != .syntax else { return false }
        skipWhitespace(&p, end)
        guard p < end, p.pointee == 0x3A else { return false }
        p += 1
        skipWhitespace(&p, end)
        return true
    }
}
