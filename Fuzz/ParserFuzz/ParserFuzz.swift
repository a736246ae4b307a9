import FuzzSupport
import TallyCore
import TallyEvents

/// libFuzzer target for the schema v1 line parser (`scripts/fuzz`). The input is split at newlines
/// and every line is parsed from its own exactly-sized allocation, so that AddressSanitizer sees any
/// read at or past the line's end. Beyond "no crash", it checks what must hold for every line:
/// - an accepted event's five keys lie inside the batch's arena and its token counts and their total
///   are not negative (a total past 2^63 - 1 is `value_too_large`, never an accepted event);
/// - whitespace around a line (which JSON allows) never changes the outcome;
/// - the same line parsed twice gives the same outcome (no state leaks from one line to the next).
enum ParserFuzz {
    static let batch = EventBatch()
    nonisolated(unsafe) static var parser = LineParser(lineBytesMax: 1 << 16, maxFutureMs: Int64.max / 4)

    static func check(_ data: UnsafeRawBufferPointer) {
        batch.reset()
        var start = 0
        while start <= data.count {
            var end = start
            while end < data.count, data[end] != 0x0A { end += 1 }
            checkLine(UnsafeRawBufferPointer(rebasing: data[start..<end]))
            start = end + 1
        }
    }

    private static func parse(_ bytes: UnsafeRawBufferPointer) -> LineParser.Outcome {
        // An allocation of exactly the line's size: reading past its end is an ASan error.
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
        defer { copy.deallocate() }
        copy.copyMemory(from: bytes)
        return parser.parse(UnsafeRawBufferPointer(copy), into: batch)
    }

    private static func checkLine(_ line: UnsafeRawBufferPointer) {
        let eventsBefore = batch.events.count
        let outcome = parse(line)
        if outcome == .accepted {
            precondition(batch.events.count == eventsBefore + 1)
            let event = batch.events[eventsBefore]
            precondition(event.inputTokens >= 0 && event.outputTokens >= 0)
            precondition(event.cacheReadTokens >= 0 && event.cacheWriteTokens >= 0)
            precondition(event.totalTokens >= 0, "an accepted event's total tokens overflowed")
            for d in 0..<KeyDimension.count {
                let key = batch.keys[eventsBefore * EventBatch.refsPerEvent + d]
                precondition(Int(key.offset) + Int(key.length) <= batch.arena.count, "key outside the arena")
            }
        } else {
            precondition(batch.events.count == eventsBefore, "a rejected line added an event")
        }
        precondition(parse(line) == outcome, "the same line parsed twice differs")

        // A trailing `\r` is stripped, so pad with spaces and tabs only.
        var padded: [UInt8] = [0x20, 0x09]
        padded.append(contentsOf: line)
        padded.append(contentsOf: [0x20, 0x09, 0x20])
        let paddedOutcome = padded.withUnsafeBytes { parse($0) }
        // Padding can push a line over the length limit; nothing else may change.
        if line.count + 5 <= parser.lineBytesMax {
            precondition(paddedOutcome == outcome, "whitespace around the line changed \(outcome) to \(paddedOutcome)")
        }
        // Keep the batch small: the events were checked.
        if batch.events.count > 4096 { batch.reset() }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ParserFuzz.check(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@_cdecl("ParserFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.runDriver(argc, argv, fuzzTest)
}
#else
@main struct Replay {
    static func main() throws { try FuzzSupport.replay(ParserFuzz.check) }
}
#endif
