import TallyCore

/// Removes the whitespace outside strings from JSON text, so that a document spread over lines
/// (`JSON.stringify(value, null, 2)`, Gemini CLI's legacy session files) becomes the one line the
/// line readers take, and follows the nesting of objects and arrays to tell where the first value
/// ends. Byte-level and incremental: the text may arrive in pieces cut anywhere.
///
/// It validates nothing else: what it writes is parsed later, so malformed text stays malformed.
/// The one exception is a raw line break inside a string, which JSON forbids and which would split
/// the line: it is recorded (`lineBreakInString`) for the caller to refuse the text as a document.
package struct JSONCompactor {
    private var inString = false
    private var escaped = false
    private var depth = 0
    /// Something other than whitespace was seen.
    package private(set) var started = false
    /// The first byte that is not whitespace opens an object or an array.
    package private(set) var startsWithContainer = false
    /// The first value is complete: its closing bracket (or quote) was seen at the top level.
    package private(set) var valueEnded = false
    /// Something other than whitespace followed the first value: the text is not one value.
    /// Scanning stops there.
    package private(set) var trailingContent = false
    /// A raw `\n` or `\r` inside a string.
    package private(set) var lineBreakInString = false
    /// Compacted bytes so far, including those beyond the output's capacity (not written).
    package private(set) var compactedBytes = 0

    package init() {}

    /// Compacts `input`, the next piece of the text. `output` is the same buffer on every call:
    /// compacted byte `i` goes to `output[i]` while it has room, and bytes beyond its capacity are
    /// only counted. Stops at the first byte of trailing content.
    /// - Complexity: O(input bytes), no allocation.
    package mutating func compact(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        for byte in input {
            if inString {
                write(byte, output)
                if byte == 0x0A || byte == 0x0D { lineBreakInString = true }  // escaped or not
                if escaped {
                    escaped = false
                } else if byte == 0x5C {  // backslash
                    escaped = true
                } else if byte == 0x22 {  // closing quote
                    inString = false
                    if depth == 0 { valueEnded = true }
                }
                continue
            }
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                continue
            default:
                if valueEnded {
                    trailingContent = true
                    return
                }
                if !started {
                    started = true
                    startsWithContainer = byte == 0x7B || byte == 0x5B
                }
                write(byte, output)
                switch byte {
                case 0x22: inString = true
                case 0x7B, 0x5B: depth += 1
                case 0x7D, 0x5D:
                    depth -= 1
                    if depth <= 0 { valueEnded = true }
                default: break
                }
            }
        }
    }

    private mutating func write(_ byte: UInt8, _ output: UnsafeMutableRawBufferPointer) {
        if compactedBytes < output.count { output[compactedBytes] = byte }
        compactedBytes += 1
    }
}
