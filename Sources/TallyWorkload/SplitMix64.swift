/// SplitMix64 (Steele, Lea and Flood, 2014): one add and two multiply-xorshift rounds per 64 random
/// bits. Deterministic per seed on every platform, which is the point: the same `gen` options must give
/// the same bytes everywhere.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The next 64 random bits. O(1).
    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// Uniform in `[0, bound)` for `bound > 0` (Lemire's multiply-shift; the bias, below
    /// bound / 2^64, is irrelevant for a workload). O(1).
    @inline(__always)
    mutating func next(below bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Maps the low 32 bits of `bits` to `[0, bound)` for `bound <= 2^32`, so one 64-bit draw can
    /// serve several small choices on the hot path. O(1).
    @inline(__always)
    static func scale(_ bits: UInt64, below bound: UInt64) -> UInt64 {
        ((bits & 0xFFFF_FFFF) &* bound) >> 32
    }

    /// SplitMix64's finaliser: a stateless bijective hash, for attributes (such as a user's team)
    /// that must not depend on the order in which they are computed.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
