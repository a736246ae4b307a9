/// Appends JSON text to a growable byte buffer: the snapshot writer's serializer. Not on the ingest
/// hot path, but a snapshot of a large state is hundreds of thousands of rows and millions of
/// integers, so it writes bytes directly: no `String`, no `Array` uniqueness checks, no allocation
/// per value once the buffer is warm.
package struct JSONOutput: ~Copyable {
    private var buffer: GrowableBuffer<UInt8>

    package init(capacity: Int = 1 << 16) { buffer = GrowableBuffer(capacity: capacity) }

    package var count: Int { buffer.count }

    /// The bytes written since the last `removeAll()`; valid until the next mutation.
    package var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(buffer.buffer) }

    package var text: String { String(decoding: buffer.buffer, as: UTF8.self) }

    package mutating func removeAll() { buffer.removeAll() }

    /// Drops what was written after the first `count` bytes.
    package mutating func truncate(to count: Int) {
        precondition(count <= buffer.count)
        buffer.setCount(count)
    }

    @inline(__always)
    package mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0.baseAddress!, count: $0.count) }
    }

    package mutating func raw(_ text: String) {
        var copy = text
        copy.withUTF8 { buffer.append(contentsOf: $0.baseAddress!, count: $0.count) }
    }

    @inline(__always)
    package mutating func int(_ value: Int64) {
        if value < 0 {
            buffer.append(0x2D)
            // Int64.min has no positive counterpart; go through UInt64.
            uint(UInt64(bitPattern: 0 &- value))
        } else {
            uint(UInt64(value))
        }
    }

    package mutating func int(_ value: Int) { int(Int64(value)) }

    /// The low `digits` hex digits of `value` (lowercase, zero-padded), most significant first.
    package mutating func hex(_ value: UInt64, digits: Int) {
        buffer.reserve(digits)
        let out = buffer.base + buffer.count
        for i in 0..<digits {
            let nibble = UInt8(truncatingIfNeeded: value >> UInt64(4 * (digits - 1 - i))) & 0xF
            out[i] = Self.hexDigit(nibble)
        }
        buffer.setCount(buffer.count + digits)
    }

    /// `,"name":value`: a member after the first one of an object.
    package mutating func member(_ name: StaticString, _ value: Int64) {
        raw(",\"")
        raw(name)
        raw("\":")
        int(value)
    }

    package mutating func member(_ name: StaticString, _ value: Int) { member(name, Int64(value)) }

    /// `{"name":count,...}`: one count per name (per dimension, per reason), in the names' order.
    package mutating func counts(_ names: some Sequence<String>, _ count: (Int) -> Int) {
        raw("{")
        for (i, name) in names.enumerated() {
            if i > 0 { raw(",") }
            raw("\"")
            raw(name)
            raw("\":")
            int(count(i))
        }
        raw("}")
    }

    /// Decimal digits, two per division (the divide chain is the cost). O(digits).
    @inline(__always)
    private mutating func uint(_ value: UInt64) {
        let digits = Self.decimalDigitCount(value)
        buffer.reserve(digits)
        var v = value
        var end = buffer.base + buffer.count + digits
        while v >= 100 {
            let quotient = v / 100
            let pair = Int(truncatingIfNeeded: v &- quotient &* 100)
            end -= 2
            end[0] = Self.pairDigits[2 &* pair]
            end[1] = Self.pairDigits[2 &* pair &+ 1]
            v = quotient
        }
        if v >= 10 {
            end -= 2
            end[0] = Self.pairDigits[2 &* Int(v)]
            end[1] = Self.pairDigits[2 &* Int(v) &+ 1]
        } else {
            end[-1] = UInt8(truncatingIfNeeded: v) &+ 0x30
        }
        buffer.setCount(buffer.count + digits)
    }

    /// "00", "01", ... "99".
    private static let pairDigits: [UInt8] = {
        var table: [UInt8] = []
        for n in 0..<100 {
            table.append(UInt8(0x30 + n / 10))
            table.append(UInt8(0x30 + n % 10))
        }
        return table
    }()

    @inline(__always)
    private static func decimalDigitCount(_ value: UInt64) -> Int {
        var digits = 1
        var limit: UInt64 = 10
        while digits < 20, value >= limit {
            digits += 1
            limit &*= 10
        }
        return digits
    }

    /// Nano-units as an exact decimal without trailing zeros: `1.5`, `0.000000001`, `0`.
    package mutating func nano(_ value: Int64) {
        if value < 0 { buffer.append(0x2D) }
        let magnitude = value.magnitude
        uint(magnitude / 1_000_000_000)
        var fraction = magnitude % 1_000_000_000
        guard fraction != 0 else { return }
        var digits = 9
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        buffer.append(0x2E)
        for _ in 0..<(digits - Self.decimalDigitCount(fraction)) { buffer.append(0x30) }
        uint(fraction)
    }

    package static func nanoText(_ value: Int64) -> String {
        var out = JSONOutput(capacity: 32)
        out.nano(value)
        return out.text
    }

    /// A JSON string with the escapes RFC 8259 requires (quote, backslash, control characters).
    package mutating func string(_ utf8: UnsafeBufferPointer<UInt8>) {
        buffer.reserve(utf8.count + 2)
        buffer.append(0x22)
        for c in utf8 {
            switch c {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                buffer.append(Self.hexDigit(c >> 4))
                buffer.append(Self.hexDigit(c & 0xF))
            default: buffer.append(c)
            }
        }
        buffer.append(0x22)
    }

    package mutating func string(_ text: String) {
        var copy = text
        copy.withUTF8 { string($0) }
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }
}
