#if canImport(Glibc)
import Glibc
#endif

/// Writes a synthetic but realistic stream of schema v1 events: heavy-tailed users (a Zipf law over a
/// shuffled ranking, so a few people use orders of magnitude more than the median), cache-heavy
/// agentic calls, sessions and tasks, about 3% outcome events, both timestamp encodings with several
/// offsets and fraction lengths, occasional JSON escapes, and a little disorder in time.
///
/// Deterministic: the same configuration gives the same bytes. About 250 bytes per event.
public struct WorkloadGenerator {
    public let config: WorkloadConfig

    static let models: [[UInt8]] = [
        "claude-opus-4", "claude-sonnet-4-5", "claude-haiku-4-5", "gpt-5", "gpt-4.1-mini", "gemini-2.5-pro",
        "gemini-2.5-flash", "o3",
    ].map { Array($0.utf8) }
    static let tools: [[UInt8]] = ["claude-code", "cursor", "chat", "copilot", "api"].map { Array($0.utf8) }
    static let statuses: [[UInt8]] = ["opened", "in_progress", "shipped", "merged", "abandoned"].map { Array($0.utf8) }
    /// RFC 3339 offsets in minutes east of UTC, exercising both signs and half hours.
    static let offsetsMinutes: [Int64] = [0, 120, -330, 840, -480, 60]
    /// Fraction digits written for RFC 3339 timestamps.
    static let fractionDigits = [0, 3, 6, 9]
    /// How far an event's time may stray from the stream's overall progress.
    static let jitterMs: Int64 = 180_000

    public init(config: WorkloadConfig) { self.config = config }

    /// Writes every event to `fd` with write(2) in ~1 MiB blocks.
    /// - Throws: `WorkloadError.outputClosed` when the reader closed the pipe (`gen | head`).
    /// - Complexity: O(events + users).
    public func write(to fd: Int32) throws(WorkloadError) {
        do {
            try generate { chunk in
                var offset = 0
                while offset < chunk.count {
                    let n = Glibc.write(fd, chunk.baseAddress! + offset, chunk.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw errno == EPIPE ? WorkloadError.outputClosed : WorkloadError.writeFailed(errno: errno)
                    }
                    offset += n
                }
            }
        } catch let error as WorkloadError {
            throw error
        } catch {
            throw WorkloadError.writeFailed(errno: EIO)
        }
    }

    /// Generates the stream into `sink` in blocks; for tests and benchmarks.
    package func generate(into sink: @escaping (UnsafeRawBufferPointer) throws -> Void) throws {
        var random = SplitMix64(seed: config.seed &* 0x2545_F491_4F6C_DD1D &+ 0x1234_5678)
        let population = Population(config: config, random: &random)
        var out = ByteWriter(sink: sink)
        let startMs = config.endMs - Int64(config.days) * Timestamp.msPerDay
        let spanMs = config.endMs - startMs
        let idPrefix = Array("e\(config.seed)-".utf8)

        for n in 0..<config.events {
            let user = population.sampleUser(&random)
            let progress = config.events > 1 ? Int64(Double(spanMs) * Double(n) / Double(config.events - 1)) : spanMs
            let jitter = Int64(random.next(below: Int(2 * Self.jitterMs + 1))) - Self.jitterMs
            let ts = min(max(startMs + progress + jitter, startMs), config.endMs)
            let isOutcome = random.next(below: 100) < 3
            let escapeTeam = random.next(below: 500) == 0

            out.bytes("{\"ts\":")
            writeTimestamp(ts, &out, &random)
            if isOutcome { out.bytes(",\"kind\":\"outcome\"") } else if random.next(below: 4) == 0 { out.bytes(",\"kind\":\"usage\"") }
            out.bytes(",\"user\":\"")
            out.bytes(population.userNames[user])
            out.bytes("\",\"team\":\"")
            let team = population.teamOfUser[user]
            if escapeTeam {
                out.bytes("team\\u002d")  // "\u002d" is "-": the same team, spelled with an escape
                out.padded(Int64(team), width: 4)
            } else {
                out.bytes(population.teamNames[team])
            }
            out.bytes("\",\"org\":\"")
            out.bytes(population.orgNames[population.orgOfTeam[team]])
            let tool = population.toolOfUser[user]
            out.bytes("\",\"tool\":\"")
            out.bytes(Self.tools[tool])
            // A session is a user's 2-hour block of work; its task changes with the day.
            let block = ts / (2 * Timestamp.msPerHour)
            out.bytes("\",\"session\":\"s")
            out.int(Int64(user))
            out.byte(0x2D)
            out.int(block)
            let task = (Int64(user) &* 7919 &+ ts / Timestamp.msPerDay &* 104_729) % 1_000_000
            out.bytes("\",\"task\":\"TASK-")
            out.int(task)
            out.byte(0x22)
            if isOutcome {
                let status = random.next(below: Self.statuses.count)
                out.bytes(",\"status\":\"")
                out.bytes(Self.statuses[status])
                out.byte(0x22)
                if status == 2 || status == 3 {
                    out.bytes(",\"artifact\":\"https://git.example.com/pr/")
                    out.int(task)
                    out.byte(0x22)
                }
            } else {
                writeUsage(user: user, population: population, &out, &random)
            }
            out.bytes(",\"id\":\"")
            out.bytes(idPrefix)
            out.int(Int64(n))
            out.bytes("\"}\n")
            try out.flushIfFull()
        }
        try out.flush()
    }

    @inline(__always)
    private func writeUsage(user: Int, population: Population, _ out: inout ByteWriter, _ random: inout SplitMix64) {
        let model = (population.modelOfUser[user] + (random.next(below: 4) == 0 ? random.next(below: Self.models.count) : 0))
            % Self.models.count
        out.bytes(",\"model\":\"")
        out.bytes(Self.models[model])
        // Heavy-tailed sizes: the cube of a uniform variable puts most calls small and a few huge.
        let scale = population.intensityOfUser[user]
        let u = random.unit()
        let input = Int64(20 + u * u * u * 8_000 * scale)
        let output = Int64(10 + random.unit() * random.unit() * 3_000 * scale)
        let cacheRead = input * Int64(5 + random.next(below: 46))
        let cacheWrite = random.next(below: 5) == 0 ? Int64(random.next(below: 20_000)) : 0
        out.bytes("\",\"input_tokens\":")
        out.int(input)
        out.bytes(",\"output_tokens\":")
        out.int(output)
        out.bytes(",\"cache_read_tokens\":")
        out.int(cacheRead)
        out.bytes(",\"cache_write_tokens\":")
        out.int(cacheWrite)
        if random.next(below: 10) < 3 {
            // Micro-dollars at list-price-like rates per million tokens (3 in, 15 out, 0.3 cache
            // read, 4 cache write), written with six fraction digits.
            let micros = input * 3 + output * 15 + cacheRead * 3 / 10 + cacheWrite * 4
            out.bytes(",\"cost_usd\":")
            out.int(micros / 1_000_000)
            out.byte(0x2E)
            out.padded(micros % 1_000_000, width: 6)
        }
    }

    /// Half as epoch milliseconds, half as RFC 3339 with a mix of offsets and fraction lengths.
    @inline(__always)
    private func writeTimestamp(_ ts: Int64, _ out: inout ByteWriter, _ random: inout SplitMix64) {
        let choice = random.next()
        if choice & 1 == 0 {
            out.int(ts)
            return
        }
        let offsetMinutes = Self.offsetsMinutes[Int((choice >> 8) % UInt64(Self.offsetsMinutes.count))]
        let digits = Self.fractionDigits[Int((choice >> 16) % UInt64(Self.fractionDigits.count))]
        let local = ts + offsetMinutes * 60_000
        let days = Timestamp.floorDiv(local, Timestamp.msPerDay)
        let msOfDay = local - days * Timestamp.msPerDay
        let (year, month, day) = Timestamp.civilFromDays(days)
        out.byte(0x22)
        out.padded(year, width: 4)
        out.byte(0x2D)
        out.padded(month, width: 2)
        out.byte(0x2D)
        out.padded(day, width: 2)
        out.byte(0x54)
        out.padded(msOfDay / 3_600_000, width: 2)
        out.byte(0x3A)
        out.padded(msOfDay / 60_000 % 60, width: 2)
        out.byte(0x3A)
        out.padded(msOfDay / 1_000 % 60, width: 2)
        if digits > 0 {
            out.byte(0x2E)
            out.padded(msOfDay % 1_000, width: 3)
            // Sub-millisecond digits carry no information for a millisecond clock; vary them anyway.
            if digits > 3 { out.padded(Int64((choice >> 24) % 1_000_000), width: digits - 3) }
        }
        if offsetMinutes == 0 {
            out.byte(0x5A)
        } else {
            out.byte(offsetMinutes < 0 ? 0x2D : 0x2B)
            out.padded(abs(offsetMinutes) / 60, width: 2)
            out.byte(0x3A)
            out.padded(abs(offsetMinutes) % 60, width: 2)
        }
        out.byte(0x22)
    }
}
