import Testing
@testable import TallyCore
@testable import TallyEvents

/// Root suite of the parsing tests. The concerns live in nested suites in the `Parsing*Tests.swift`
/// files beside this one, so that `swift test --filter ParsingTests` runs all of them.
///
/// Every expected value in these suites was derived independently of the code under test: by hand
/// from docs/event-schema.md and the engine's documented decisions, with Python (`datetime`,
/// `decimal`, `json`) or with the reference xxHash library (`libxxhash` 0.8.1, `xxhsum`).
@Suite struct ParsingTests {
    /// The "machine clock" the parser compares with: 2026-11-22T00:00:00Z (Python: 1795305600000).
    static let now: Int64 = 1_795_305_600_000
    /// 2026-11-01T00:00:00Z (Python: 1793491200000).
    static let nov1: Int64 = 1_793_491_200_000

    /// Everything one parse produced.
    struct Parsed {
        var outcome: LineParser.Outcome
        var event: EventRecord?
        /// Key strings in `KeyDimension` order (user, team, org, model, tool); nil = absent.
        var keys: [String?] = []
        /// The same keys as raw arena bytes.
        var keyBytes: [[UInt8]?] = []
        var hashes: [UInt64] = []
        /// Session, task and status (`EventRef`), for the insights stage; nil = absent.
        var details: [String?] = []
        /// Events and key references the batch holds after the parse.
        var eventCount = 0
        var keyRefCount = 0

        var rejection: RejectReason? {
            if case .rejected(let reason) = outcome { return reason }
            return nil
        }
    }

    /// Parses one line (given without its `\n`) with a fresh parser into a fresh batch.
    static func parseBytes(
        _ bytes: [UInt8], now: Int64 = ParsingTests.now, lineBytesMax: Int = 1 << 20,
        maxFutureMs: Int64 = 86_400_000
    ) -> Parsed {
        var parser = LineParser(lineBytesMax: lineBytesMax, maxFutureMs: maxFutureMs)
        parser.nowMs = now
        let batch = EventBatch()
        let outcome = bytes.withUnsafeBytes { parser.parse($0, into: batch) }
        var parsed = Parsed(outcome: outcome)
        parsed.eventCount = batch.events.count
        parsed.keyRefCount = batch.keys.count
        guard batch.events.count == 1 else { return parsed }
        parsed.event = batch.events[0]
        for d in 0..<KeyDimension.count {
            let (bytes, hash) = keyBytes(batch, event: 0, dimension: d)
            parsed.keyBytes.append(bytes)
            parsed.keys.append(bytes.map { String(decoding: $0, as: UTF8.self) })
            parsed.hashes.append(hash)
        }
        for slot in [EventRef.session, EventRef.task, EventRef.status] {
            parsed.details.append(keyBytes(batch, event: 0, dimension: slot).0.map { String(decoding: $0, as: UTF8.self) })
        }
        return parsed
    }

    static func parseFull(
        _ line: String, now: Int64 = ParsingTests.now, lineBytesMax: Int = 1 << 20,
        maxFutureMs: Int64 = 86_400_000
    ) -> Parsed {
        parseBytes(Array(line.utf8), now: now, lineBytesMax: lineBytesMax, maxFutureMs: maxFutureMs)
    }

    /// The helper the brief asks for: outcome, the appended event, and the five key strings.
    static func parse(_ line: String, now: Int64 = ParsingTests.now) -> (LineParser.Outcome, EventRecord?, [String?]) {
        let parsed = parseFull(line, now: now)
        return (parsed.outcome, parsed.event, parsed.keys)
    }

    /// The rejection reason of `line`, or nil when it was accepted or blank.
    static func reason(_ line: String, now: Int64 = ParsingTests.now, lineBytesMax: Int = 1 << 20) -> RejectReason? {
        parseFull(line, now: now, lineBytesMax: lineBytesMax).rejection
    }

    /// Key bytes and hash of `event`'s key in `dimension`; nil bytes when absent.
    static func keyBytes(_ batch: EventBatch, event: Int, dimension d: Int) -> ([UInt8]?, UInt64) {
        let ref = batch.keys[event * EventBatch.refsPerEvent + d]
        guard ref.length > 0 else { return (nil, ref.hash) }
        let bytes = Array(UnsafeBufferPointer(start: batch.arena.base + Int(ref.offset), count: Int(ref.length)))
        return (bytes, ref.hash)
    }

    /// A valid usage line: `{"ts":<ts>,<extra>,"user":"u1","model":"m1"}`.
    static func usage(_ extra: String = "", ts: String = "1793491200000") -> String {
        "{\"ts\":\(ts)\(extra.isEmpty ? "" : ",")\(extra),\"user\":\"u1\",\"model\":\"m1\"}"
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = Array(hex.filter { !$0.isWhitespace })
        while chars.count >= 2 {
            out.append(UInt8(String(chars[0..<2]), radix: 16)!)
            chars.removeFirst(2)
        }
        return out
    }

    @Test func harnessReadsBackAMinimalLine() throws {
        let (outcome, event, keys) = Self.parse(#"{"ts":0,"user":"u","model":"m"}"#)
        #expect(outcome == .accepted)
        #expect(try #require(event).timestampMs == 0)
        #expect(keys == ["u", nil, nil, "m", nil])
    }
}
