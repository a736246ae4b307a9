/// One rolling window, such as `24h` or `30d`.
///
/// A window named in hours covers the hourly buckets `[H - length + 1, H]` where `H` is the
/// watermark's hour; one named in days covers the UTC day buckets `[D - length + 1, D]`.
public struct WindowSpec: Sendable, Hashable, CustomStringConvertible {
    public enum Unit: Sendable, Hashable {
        case hour, day

        public var milliseconds: Int64 { self == .hour ? Timestamp.msPerHour : Timestamp.msPerDay }
        var suffix: String { self == .hour ? "h" : "d" }

        /// The buckets (`floorDiv(ms, milliseconds)`) that a ring of `slots` keeps at this watermark:
        /// the newest `slots`, ending with the watermark's own. Empty when `slots` is 0 (starting
        /// after the watermark's), and at `Int64.min` when there is no watermark yet.
        package func liveBuckets(slots: Int, watermarkMs: Int64) -> Range<Int64> {
            guard watermarkMs != Int64.min else { return Int64.min..<Int64.min }
            let newest = Timestamp.floorDiv(watermarkMs, milliseconds)
            return newest - Int64(slots) + 1..<newest + 1
        }
    }

    public let unit: Unit
    public let length: Int

    /// Longest windows accepted: memory per key grows with them (one bucket per hour or day).
    public static let hoursMax = 24 * 31
    public static let daysMax = 400

    public init(unit: Unit, length: Int) {
        precondition(length >= 1)
        self.unit = unit
        self.length = length
    }

    /// Parses `12h` or `30d`.
    public init(parsing text: String) throws(WindowError) {
        guard let suffix = text.last, let length = Int(text.dropLast()), length >= 1 else {
            throw WindowError.malformed(text)
        }
        switch suffix {
        case "h":
            guard length <= Self.hoursMax else { throw WindowError.tooLong(text, limit: "\(Self.hoursMax)h") }
            self.init(unit: .hour, length: length)
        case "d":
            guard length <= Self.daysMax else { throw WindowError.tooLong(text, limit: "\(Self.daysMax)d") }
            self.init(unit: .day, length: length)
        default:
            throw WindowError.malformed(text)
        }
    }

    public var name: String { "\(length)\(unit.suffix)" }
    public var description: String { name }
    public var durationMs: Int64 { Int64(length) * unit.milliseconds }

    /// The first bucket inside the window when the watermark lies in bucket `watermarkBucket`.
    @inline(__always)
    public func firstBucket(watermarkBucket: Int64) -> Int64 { watermarkBucket - Int64(length) + 1 }

    /// The instant the window starts at, for a watermark.
    public func startMs(watermarkMs: Int64) -> Int64 {
        firstBucket(watermarkBucket: Timestamp.floorDiv(watermarkMs, unit.milliseconds)) * unit.milliseconds
    }
}
