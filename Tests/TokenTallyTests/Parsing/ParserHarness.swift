@testable import TokenTally

/// Parses one line with a fresh parser and reads back what it produced.
struct ParsedLine {
    var outcome: LineParser.Outcome
    var event: EventRecord?
    /// Key strings in KeyDimension order; nil where absent.
    var keys: [String?] = []
    var hashes: [UInt64] = []

    /// Epoch ms the parser's "machine clock" reads in these tests: 2026-11-22T00:00:00Z.
    static let now: Int64 = 1_795_305_600_000

    init(_ line: String, now: Int64 = ParsedLine.now, lineBytesMax: Int = 1 << 20, maxFutureMs: Int64 = 86_400_000) {
        var parser = LineParser(lineBytesMax: lineBytesMax, maxFutureMs: maxFutureMs)
        parser.nowMs = now
        let batch = EventBatch()
        var copy = line
        outcome = copy.withUTF8 { parser.parse(UnsafeRawBufferPointer($0), into: batch) }
        guard batch.events.count == 1 else { return }
        event = batch.events[0]
        for d in 0..<KeyDimension.count {
            let ref = batch.keys[d]
            hashes.append(ref.hash)
            keys.append(ref.length == 0 ? nil : String(
                decoding: UnsafeBufferPointer(start: batch.arena.base + Int(ref.offset), count: Int(ref.length)), as: UTF8.self))
        }
    }

    init(bytes: [UInt8]) {
        var parser = LineParser()
        parser.nowMs = ParsedLine.now
        let batch = EventBatch()
        outcome = bytes.withUnsafeBytes { parser.parse($0, into: batch) }
        event = batch.events.count == 1 ? batch.events[0] : nil
    }

    var rejection: RejectReason? {
        if case .rejected(let reason) = outcome { return reason }
        return nil
    }
}

/// A minimal valid usage line with `extra` fields spliced in after `ts`.
func line(_ extra: String = "", ts: String = "1793491200000") -> String {
    "{\"ts\":\(ts)\(extra.isEmpty ? "" : ",")\(extra),\"user\":\"u1\",\"model\":\"m\"}"
}
