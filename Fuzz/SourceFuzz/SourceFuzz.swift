import FuzzSupport
import TallyEvents

/// libFuzzer target for the source translators (`scripts/fuzz`): each line of the input goes through
/// format detection and every translated format (Claude Code, OpenAI, Anthropic, OpenTelemetry, a
/// custom `--map`), whose records must be valid JSON that the schema v1 parser can read, the same
/// each time (`SourceTranslationCheck`).
enum SourceFuzz {
    static let batch = EventBatch()
    nonisolated(unsafe) static var parser = LineParser(lineBytesMax: 1 << 16, maxFutureMs: Int64.max / 4)

    static func check(_ data: UnsafeRawBufferPointer) {
        var start = 0
        while start <= data.count {
            var end = start
            while end < data.count, data[end] != 0x0A { end += 1 }
            // An allocation of exactly the line's size: reading past its end is an ASan error.
            let line = UnsafeMutableRawBufferPointer.allocate(byteCount: end - start, alignment: 1)
            line.copyMemory(from: UnsafeRawBufferPointer(rebasing: data[start..<end]))
            _ = SourceTranslationCheck.check(UnsafeRawBufferPointer(line), parser: &parser, batch: batch)
            line.deallocate()
            start = end + 1
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    SourceFuzz.check(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

@_cdecl("SourceFuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    FuzzSupport.runDriver(argc, argv, fuzzTest)
}
#else
@main struct Replay {
    static func main() throws { try FuzzSupport.replay(SourceFuzz.check) }
}
#endif
