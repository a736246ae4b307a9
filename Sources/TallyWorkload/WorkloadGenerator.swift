#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a synthetic but realistic stream of schema v1 events as NDJSON: heavy-tailed users (a
/// log-normal activity over a shuffled ranking, so a few people use 2-3 orders of magnitude more than
/// the median), sessions and tasks, cache-heavy agentic calls on 8 models and 5 tools, list-price
/// costs on 30% of calls, about 3% outcome events, both timestamp encodings with 32 zone suffixes and
/// 0/3/6/9 fraction digits, occasional JSON escapes, id-first lines from one producer, and a few
/// minutes of disorder in time. About 250 bytes per event.
///
/// Deterministic: the same configuration gives the same bytes, on every platform (integer arithmetic
/// per event, and portable math in the setup).
public struct WorkloadGenerator: Sendable {
    public let config: WorkloadConfig

    /// Output is handed over in blocks of a little more than this many bytes.
    static let blockBytes = 1 << 20
    /// Room past `blockBytes` for the line that crosses it; a line is at most about 600 bytes.
    static let slackBytes = 64 << 10

    public init(config: WorkloadConfig) { self.config = config }

    /// Writes every event to `fd` with write(2) in ~1 MiB blocks, retrying partial writes and EINTR
    /// and waiting out EAGAIN on a non-blocking descriptor.
    /// - Throws: `WorkloadError.outputClosed` when the reader closed the pipe (EPIPE: the caller
    ///   should ignore SIGPIPE and treat this as a normal end), `.writeFailed` on other write errors,
    ///   `.invalidOption` when the configuration does not validate.
    /// - Complexity: O(events + users + days) time, O(users + days) memory.
    public func write(to fd: Int32) throws(WorkloadError) {
        do {
            try generate { block in try Self.writeAll(block, to: fd) }
        } catch let error as WorkloadError {
            throw error
        } catch {
            preconditionFailure("only WorkloadError is thrown here: \(error)")
        }
    }

    /// Generates the stream into `sink`, called with consecutive blocks of whole lines (~1 MiB each;
    /// the memory is reused after `sink` returns). For tests, benchmarks and in-process pipelines.
    /// - Throws: `WorkloadError.invalidOption`, or whatever `sink` throws (generation stops there).
    /// - Complexity: O(events + users + days) time, O(users + days) memory; no allocation per event.
    package func generate(into sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try config.validate()
        // Separate streams for the population and the events, both derived from the seed.
        var setupRandom = SplitMix64(seed: SplitMix64.mix(config.seed ^ 0x5EED_0000_0000_0001))
        let catalog = WorkloadCatalog()
        let population = Population(config: config, catalog: catalog, random: &setupRandom)
        var emitter = WorkloadEmitter(
            config: config, catalog: catalog, population: population,
            random: SplitMix64(seed: SplitMix64.mix(config.seed ^ 0x5EED_0000_0000_0002)))
        var timeline = WorkloadTimeline(startMs: config.startMs, endMs: config.endMs, events: config.events)
        var out = ByteWriter(capacity: Self.blockBytes + Self.slackBytes)
        for index in 0..<config.events {
            emitter.emit(event: index, baseMs: timeline.baseTimeMs(forEvent: index), into: &out)
            if out.count >= Self.blockBytes {
                try sink(out.bytes)
                out.removeAll()
            }
        }
        if out.count > 0 { try sink(out.bytes) }
    }

    /// Writes all of `block` to `fd`. O(block size).
    static func writeAll(_ block: UnsafeRawBufferPointer, to fd: Int32) throws(WorkloadError) {
        guard var next = block.baseAddress else { return }
        var remaining = block.count
        while remaining > 0 {
            let written = systemWrite(fd, next, remaining)
            if written >= 0 {
                next += written
                remaining -= written
                continue
            }
            switch errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                // A non-blocking descriptor (inherited from a parent): wait until it drains.
                var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
            case EPIPE:
                throw .outputClosed
            case let code:
                throw .writeFailed(errno: code)
            }
        }
    }
}

/// write(2), named apart from `WorkloadGenerator.write(to:)`.
@inline(__always)
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, bytes, count)
    #elseif canImport(Musl)
    Musl.write(fd, bytes, count)
    #else
    Darwin.write(fd, bytes, count)
    #endif
}
