/// Appends JSON text to a byte buffer: the snapshot writer's only serializer. Not on the ingest hot
/// path, but it writes hundreds of thousands of rows per snapshot, so it avoids `String` work.
package struct JSONOutput {
    package var bytes: [UInt8] = []

    package init(capacity: Int = 1 << 20) { bytes.reserveCapacity(capacity) }

    @inline(__always)
    package mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    package mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    package mutating func int(_ value: Int64) {
        if value < 0 {
            bytes.append(0x2D)
            // Int64.min has no positive counterpart; go through UInt64.
            uint(UInt64(bitPattern: 0 &- value))
        } else {
            uint(UInt64(value))
        }
    }

    package mutating func int(_ value: Int) { int(Int64(value)) }

    /// `,"name":value`: a member after the first one of an object.
    package mutating func member(_ name: StaticString, _ value: Int64) {
        raw(",\"")
        raw(name)
        raw("\":")
        int(value)
    }

    package mutating func member(_ name: StaticString, _ value: Int) { member(name, Int64(value)) }

    private mutating func uint(_ value: UInt64) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = value
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[19 - n] = UInt8(v % 10) + 0x30
                v /= 10
                n += 1
            } while v > 0
            bytes.append(contentsOf: d[(20 - n)...])
        }
    }

    /// Nano-units as an exact decimal: `1.5`, `0.000000001`, `0`.
    package mutating func nano(_ value: Int64) { raw(Self.nanoText(value)) }

    package static func nanoText(_ value: Int64) -> String {
        let negative = value < 0
        let magnitude = value.magnitude
        let whole = magnitude / 1_000_000_000
        var fraction = magnitude % 1_000_000_000
        var text = (negative ? "-" : "") + String(whole)
        guard fraction != 0 else { return text }
        var digits = 9
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let f = String(fraction)
        text += "." + String(repeating: "0", count: digits - f.count) + f
        return text
    }

    /// A JSON string with the escapes RFC 8259 requires (quote, backslash, control characters).
    package mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(0x22)
        for c in utf8 {
            switch c {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                bytes.append(Self.hexDigit(c >> 4))
                bytes.append(Self.hexDigit(c & 0xF))
            default: bytes.append(c)
            }
        }
        bytes.append(0x22)
    }

    package mutating func string(_ text: String) {
        var copy = text
        copy.withUTF8 { string($0) }
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }
}
