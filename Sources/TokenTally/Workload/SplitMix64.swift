/// SplitMix64: a small, fast, well-distributed generator. Deterministic per seed, which is the point:
/// the same `gen` options must give the same stream on every machine.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `[0, bound)` (Lemire's multiply-shift; the tiny bias is irrelevant for a workload).
    @inline(__always)
    mutating func next(below bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Uniform in `[0, 1)`.
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
