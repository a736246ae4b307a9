/// A fixed-capacity byte buffer with the formatting primitives the generator needs: static strings,
/// byte copies and decimal digits written by hand, so no `String` or allocation happens per event.
///
/// Appends do not check capacity in release builds: the caller drains the buffer before it can
/// overflow (`WorkloadGenerator` drains at `blockBytes` and one line is far below the slack
/// `capacity - blockBytes`). Debug builds assert it.
struct ByteWriter: ~Copyable {
    private let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written since the last `removeAll()`; valid until the next mutation.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    mutating func removeAll() { count = 0 }

    @inline(__always)
    mutating func append(byte: UInt8) {
        assert(count < capacity)
        base[count] = byte
        count += 1
    }

    /// (`withUTF8Buffer`, not `utf8Start`: a one-character literal may be stored as a scalar.)
    @inline(__always)
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    @inline(__always)
    mutating func append(_ source: UnsafeBufferPointer<UInt8>) {
        guard let start = source.baseAddress else { return }
        assert(count + source.count <= capacity)
        (base + count).update(from: start, count: source.count)
        count += source.count
    }

    /// The decimal digits of `value`, two per division to halve the dependent divide chain. O(digits).
    @inline(__always)
    mutating func appendDecimal(_ value: UInt64) {
        let digits = Self.decimalDigitCount(value)
        assert(count + digits <= capacity)
        var v = value
        var end = base + count + digits
        while v >= 100 {
            let quotient = v / 100
            let pair = v &- quotient &* 100
            end -= 2
            end[0] = UInt8(truncatingIfNeeded: pair / 10) &+ 0x30
            end[1] = UInt8(truncatingIfNeeded: pair % 10) &+ 0x30
            v = quotient
        }
        if v >= 10 {
            end -= 2
            end[0] = UInt8(truncatingIfNeeded: v / 10) &+ 0x30
            end[1] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
        } else {
            end -= 1
            end[0] = UInt8(truncatingIfNeeded: v) &+ 0x30
        }
        count += digits
    }

    /// Exactly `width` decimal digits of `value`, zero-padded on the left (higher digits are
    /// dropped, so callers pass values below 10^width). O(width).
    @inline(__always)
    mutating func appendPadded(_ value: UInt64, width: Int) {
        assert(count + width <= capacity)
        var v = value
        var i = count + width - 1
        while i >= count {
            let quotient = v / 10
            base[i] = UInt8(truncatingIfNeeded: v &- quotient &* 10) &+ 0x30
            v = quotient
            i -= 1
        }
        count += width
    }

    /// Two lowercase hexadecimal digits of `value`.
    @inline(__always)
    mutating func appendHex(_ value: UInt8) {
        @inline(__always) func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x61 - 10 + nibble }
        append(byte: hexDigit(value >> 4))
        append(byte: hexDigit(value & 15))
    }

    /// Number of decimal digits of `value` (1 for 0). O(digits).
    @inline(__always)
    static func decimalDigitCount(_ value: UInt64) -> Int {
        var digits = 1
        var limit: UInt64 = 10
        while digits < 20, value >= limit {
            digits += 1
            limit &*= 10
        }
        return digits
    }
}
