/// The few transcendental functions the generator needs while building its tables, written with
/// IEEE +, -, *, / and exact scaling only. libm's `exp` and `log` may differ in the last bit between
/// platforms and versions; these do not, so `gen` gives byte-identical output everywhere. Setup only:
/// nothing here runs per event.
enum WorkloadMath {
    private static let ln2 = 0.693_147_180_559_945_3

    /// e^x for |x| < 700, relative error about 1e-15. O(1).
    static func exp(_ x: Double) -> Double {
        // x = k ln2 + r with |r| <= ln2 / 2, then a Taylor series for e^r and an exact scale by 2^k.
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0
        var sum = 1.0
        for n in 1...22 {
            term *= r / Double(n)
            sum += term
        }
        return Double(sign: .plus, exponent: Int(k), significand: sum)
    }

    /// Natural logarithm for x > 0, relative error about 1e-15. O(1).
    static func log(_ x: Double) -> Double {
        // x = m 2^e with m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh((m - 1) / (m + 1)), a fast series there.
        var exponent = Int(x.exponent)
        var m = x.significand
        if m > 1.414_213_562_373_095 {
            m /= 2
            exponent += 1
        }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var power = s
        var sum = 0.0
        for k in stride(from: 1, through: 41, by: 2) {
            sum += power / Double(k)
            power *= s2
        }
        return Double(exponent) * ln2 + 2 * sum
    }

    /// The standard normal quantile Φ⁻¹(p) for 0 < p < 1 (Acklam's rational approximation, relative
    /// error below 1.2e-9). O(1).
    static func normalQuantile(_ p: Double) -> Double {
        let a = [-3.969_683_028_665_376e+01, 2.209_460_984_245_205e+02, -2.759_285_104_469_687e+02,
                 1.383_577_518_672_690e+02, -3.066_479_806_614_716e+01, 2.506_628_277_459_239e+00]
        let b = [-5.447_609_879_822_406e+01, 1.615_858_368_580_409e+02, -1.556_989_798_598_866e+02,
                 6.680_131_188_771_972e+01, -1.328_068_155_288_572e+01]
        let c = [-7.784_894_002_430_293e-03, -3.223_964_580_411_365e-01, -2.400_758_277_161_838e+00,
                 -2.549_732_539_343_734e+00, 4.374_664_141_464_968e+00, 2.938_163_982_698_783e+00]
        let d = [7.784_695_709_041_462e-03, 3.224_671_290_700_398e-01, 2.445_134_137_142_996e+00,
                 3.754_408_661_907_416e+00]
        let pLow = 0.024_25
        func tail(_ q: Double) -> Double {
            let t = (-2 * log(q)).squareRoot()
            return (((((c[0] * t + c[1]) * t + c[2]) * t + c[3]) * t + c[4]) * t + c[5])
                / ((((d[0] * t + d[1]) * t + d[2]) * t + d[3]) * t + 1)
        }
        if p < pLow { return tail(p) }
        if p > 1 - pLow { return -tail(1 - p) }
        let q = p - 0.5
        let r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }

    /// `count` equally likely values of a log-normal variable with median 1 and log-deviation `sigma`,
    /// in fixed point with 12 fraction bits, ascending: indexing with uniform random bits samples the
    /// distribution without any floating point per event. O(count).
    static func logNormalTableQ12(sigma: Double, count: Int) -> [UInt32] {
        (0..<count).map { i in
            let z = normalQuantile((Double(i) + 0.5) / Double(count))
            return UInt32(min(exp(sigma * z) * 4096, Double(UInt32.max)).rounded())
        }
    }
}
