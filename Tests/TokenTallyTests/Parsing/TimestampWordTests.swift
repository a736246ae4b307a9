import Testing
@testable import TallyCore

/// `Timestamp.parseRFC3339` reads its fixed `YYYY-MM-DDTHH:MM:SS` prefix as words. Against the
/// byte-at-a-time version it replaced (kept here verbatim as the reference), on valid timestamps with
/// every byte changed to each of a set of near misses, on exact-size allocations.
@Suite struct TimestampWordTests {
        static func reference(_ s: UnsafePointer<UInt8>, count n: Int) -> Int64? {
            guard n >= 20, n <= 35 else { return nil }
            @inline(__always) func digit(_ i: Int) -> Int64? {
                let c = s[i] &- 0x30
                return c < 10 ? Int64(c) : nil
            }
            @inline(__always) func two(_ i: Int) -> Int64? {
                guard let a = digit(i), let b = digit(i + 1) else { return nil }
                return a * 10 + b
            }
            guard let y0 = two(0), let y1 = two(2), s[4] == 0x2D, let month = two(5), s[7] == 0x2D,
                  let day = two(8), s[10] == 0x54 || s[10] == 0x74 || s[10] == 0x20,
                  let hour = two(11), s[13] == 0x3A, let minute = two(14), s[16] == 0x3A,
                  let second = two(17)
            else { return nil }
            let year = y0 * 100 + y1
            guard month >= 1, month <= 12, day >= 1, day <= Timestamp.daysInMonth(year: year, month: month),
                  hour <= 23, minute <= 59, second <= 60
            else { return nil }
            var i = 19
            var fractionMs: Int64 = 0
            if s[i] == 0x2E {
                i += 1
                let fractionStart = i
                while i < n, let d = digit(i) {
                    if i - fractionStart < 3 { fractionMs = fractionMs * 10 + d }
                    i += 1
                }
                let digits = i - fractionStart
                guard digits >= 1, digits <= 9 else { return nil }
                for _ in digits..<max(digits, 3) { fractionMs *= 10 }
            }
            guard i < n else { return nil }
            var offsetMinutes: Int64 = 0
            switch s[i] {
            case 0x5A, 0x7A:
                i += 1
            case 0x2B, 0x2D:
                guard n - i == 6, let offsetHours = two(i + 1), s[i + 3] == 0x3A, let offsetMins = two(i + 4),
                      offsetHours <= 23, offsetMins <= 59
                else { return nil }
                offsetMinutes = offsetHours * 60 + offsetMins
                if s[i] == 0x2D { offsetMinutes = -offsetMinutes }
                i += 6
            default:
                return nil
            }
            guard i == n else { return nil }
            let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
            let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offsetMinutes * 60
            let ms = seconds * 1_000 + fractionMs
            guard ms >= Timestamp.minMs, ms <= Timestamp.maxMs else { return nil }
            return ms
        }

    static func both(_ bytes: [UInt8]) -> (Int64?, Int64?) {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        defer { p.deallocate() }
        p.update(from: bytes, count: bytes.count)
        return (Timestamp.parseRFC3339(p, count: bytes.count), reference(p, count: bytes.count))
    }

    @Test func agreesWithTheByteVersionOnEveryOneByteChange() {
        let valid = [
            "2026-10-31T23:00:50.868340301Z", "2026-09-27T05:46:49+05:45", "1970-01-01T00:00:00Z", "2024-02-29t12:00:00.5z",
            "9999-12-31 23:59:60+23:59", "0000-01-01T00:00:00-00:01", "2026-11-01T10:30:00.123+14:00",
        ]
        let replacements: [UInt8] = [0x2F, 0x30, 0x31, 0x32, 0x35, 0x39, 0x3A, 0x2D, 0x2B, 0x2E, 0x20, 0x54, 0x74, 0x5A, 0x7A, 0x00, 0x80, 0xB9, 0xFF]
        var mismatches: [String] = []
        var accepted = 0
        for text in valid {
            let base = Array(text.utf8)
            let (fast, slow) = Self.both(base)
            if fast != slow || fast == nil { mismatches.append(text) }
            for i in base.indices {
                for r in replacements {
                    var bytes = base
                    bytes[i] = r
                    let (fast, slow) = Self.both(bytes)
                    if fast != slow { mismatches.append("\(bytes)") }
                    if fast != nil { accepted += 1 }
                }
            }
            for length in 0..<base.count {
                let (fast, slow) = Self.both(Array(base[0..<length]))
                if fast != slow { mismatches.append("prefix \(length) of \(text)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
        #expect(accepted > 300)
    }

    @Test func agreesOnRandomDigitsInEveryField() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(truncatingIfNeeded: state >> 1)
        }
        var mismatches: [String] = []
        for _ in 0..<50_000 {
            func d(_ k: Int) -> String { String((0..<k).map { _ in Character(String(next() % 10)) }) }
            let zone = ["Z", "+\(d(2)):\(d(2))", "-\(d(2)):\(d(2))"][next() % 3]
            let fraction = next() % 2 == 0 ? "" : "." + d(1 + next() % 10)
            let text = "\(d(4))-\(d(2))-\(d(2))T\(d(2)):\(d(2)):\(d(2))\(fraction)\(zone)"
            let (fast, slow) = Self.both(Array(text.utf8))
            if fast != slow { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }
}
