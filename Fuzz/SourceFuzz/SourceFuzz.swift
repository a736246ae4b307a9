import FuzzSupport
import TallyEvents

/// libFuzzer target for the source translators (`scripts/fuzz`): each line of the input goes through
/// format detection and every translated format (Claude Code, OpenAI, Anthropic, OpenTelemetry, a
/// custom `--map`), whose records must be valid JSON that the schema v1 parser can read, the same
/// each time (`SourceTranslationCheck`). The whole input also goes through `JSONCompactor`, as a
/// `.json` document read whole would (`checkCompaction`).
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
        checkCompaction(data)
    }

    /// The compactor writes no whitespace outside strings and no line break unless it says so, gives
    /// the same bytes whatever pieces the text comes in, and changes nothing on its own output; a
    /// document it made one line goes through the translators like any line.
    static func checkCompaction(_ data: UnsafeRawBufferPointer) {
        let whole = compact(data, pieceBytes: data.count)
        defer { whole.line.deallocate() }
        let line = UnsafeRawBufferPointer(whole.line)
        precondition(whole.state.compactedBytes == line.count && line.count <= data.count, "compaction grew the text")
        if !whole.state.lineBreakInString { precondition(!line.contains(0x0A), "a line break left in the line") }
        let pieces = compact(data, pieceBytes: 1 + Int(data.first ?? 0) % 7)
        defer { pieces.line.deallocate() }
        precondition(line.elementsEqual(UnsafeRawBufferPointer(pieces.line)), "compaction depends on the pieces")
        precondition(pieces.state.valueEnded == whole.state.valueEnded, "the value's end depends on the pieces")
        let again = compact(line, pieceBytes: line.count)
        defer { again.line.deallocate() }
        precondition(line.elementsEqual(UnsafeRawBufferPointer(again.line)), "compaction is not idempotent")
        if whole.state.valueEnded, !whole.state.lineBreakInString {
            _ = SourceTranslationCheck.check(line, parser: &parser, batch: batch)
        }
    }

    /// `data` compacted, fed in pieces of `pieceBytes`, into an allocation of exactly its length.
    static func compact(_ data: UnsafeRawBufferPointer, pieceBytes: Int) -> (state: JSONCompactor, line: UnsafeMutableRawBufferPointer) {
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 1)
        var compactor = JSONCompactor()
        var start = 0
        while start < data.count, !compactor.trailingContent {
            let end = min(data.count, start + max(1, pieceBytes))
            compactor.compact(UnsafeRawBufferPointer(rebasing: data[start..<end]), into: output)
            start = end
        }
        return (compactor, UnsafeMutableRawBufferPointer(rebasing: output[0..<compactor.compactedBytes]))
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
