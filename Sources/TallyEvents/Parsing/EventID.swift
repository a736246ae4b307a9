import TallyCore

/// The 128-bit hash of an event's `id` (after JSON unescaping); zero means the event has none.
/// 128 bits keep a false match out of reach: with 10^9 ids in the horizon the chance of any one is
/// about 10^-21.
package struct EventID: Equatable, BitwiseCopyable {
    package var high: UInt64
    package var low: UInt64

    package static let none = EventID(high: 0, low: 0)
    package var isNone: Bool { high == 0 && low == 0 }

    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Hashes an id's bytes; never `none`. Two differently seeded runs of the key hash (inlined, no
    /// allocation): the parser does this for every event that has an id.
    @inline(__always)
    package init(_ bytes: UnsafeRawBufferPointer) {
        high = KeyHash.hash(bytes, dimension: 0x69_64)
        low = KeyHash.hash(bytes, dimension: 0x49_44_32)
        if high == 0 && low == 0 { low = 1 }
    }
}
