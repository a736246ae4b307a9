#if canImport(Glibc)
import Glibc
#endif

/// An output buffer flushed to a file descriptor (or a sink) in ~1 MiB writes, with the few
/// formatting primitives the generator needs. No `String` work per event.
struct ByteWriter: ~Copyable {
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private let flushAt: Int
    private(set) var count = 0
    private let sink: (UnsafeRawBufferPointer) throws -> Void

    init(flushBytes: Int = 1 << 20, sink: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        flushAt = flushBytes
        capacity = flushBytes + 64 * 1024  // room for one more event past the flush mark
        buffer = .allocate(capacity: capacity)
        self.sink = sink
    }

    deinit { buffer.deallocate() }

    /// Writes out the buffer once it passed the flush mark.
    @inline(__always)
    mutating func flushIfFull() throws {
        if count >= flushAt { try flush() }
    }

    mutating func flush() throws {
        guard count > 0 else { return }
        try sink(UnsafeRawBufferPointer(start: buffer, count: count))
        count = 0
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        buffer[count] = b
        count += 1
    }

    @inline(__always)
    mutating func bytes(_ text: StaticString) {
        (buffer + count).update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        count += text.utf8CodeUnitCount
    }

    @inline(__always)
    mutating func bytes(_ source: [UInt8]) {
        source.withUnsafeBufferPointer { (buffer + count).update(from: $0.baseAddress!, count: $0.count) }
        count += source.count
    }

    /// Decimal digits of a non-negative value.
    @inline(__always)
    mutating func int(_ value: Int64) {
        precondition(value >= 0)
        var v = UInt64(value)
        var digits = 1
        var probe = v
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var i = count + digits - 1
        repeat {
            buffer[i] = UInt8(truncatingIfNeeded: v % 10) + 0x30
            v /= 10
            i -= 1
        } while v > 0
        count += digits
    }

    /// Exactly `width` digits, zero-padded.
    @inline(__always)
    mutating func padded(_ value: Int64, width: Int) {
        var v = value
        for i in stride(from: width - 1, through: 0, by: -1) {
            buffer[count + i] = UInt8(truncatingIfNeeded: v % 10) + 0x30
            v /= 10
        }
        count += width
    }
}
