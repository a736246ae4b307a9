#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore
import TallyEvents
import TallySnapshot
import TallyStages

/// A `.json` input read whole as one JSON document, made one line (`JSONCompactor`) for the line
/// readers: Gemini CLI's legacy session files are pretty-printed over many lines, rewritten whole
/// as the session grows, and end without a newline (docs/sources.md).
///
/// Both readers use it: `InputReader` for a file argument, `DirectoryFollower` for a followed file,
/// each time it changes. Memory is the caller's line buffer and a 64 KiB block: a document whose
/// compacted form exceeds the line limit is only scanned, never held.
enum JSONDocumentFile {
    /// What the first `sizeBytes` bytes of a file hold.
    struct Scan: Equatable {
        enum Kind: Equatable {
            /// One value, then only whitespace: compacted into the buffer (when it fits).
            case document
            /// The bytes end inside the value (a file being written), or hold nothing but whitespace.
            case unfinished
            /// Not one document: more than one value (NDJSON), a scalar, or a raw line break inside
            /// a string. Read line by line instead.
            case notOneDocument
        }
        var kind: Kind
        /// The compacted value's length, which may exceed the buffer (then nothing past it is held).
        var lineBytes: Int
        /// Bytes of the file the scan covered.
        var sourceBytes: Int
    }

    static let blockBytes = 64 << 10

    /// Scans the file's first `sizeBytes` bytes from offset 0 with `pread`, compacting its value
    /// into `buffer`. Stops early at a second value.
    /// - Throws: `IngestError.readFailed` naming `input`, with the `errno` and offset of a failed read.
    /// - Complexity: O(sizeBytes) time; no allocation beyond one block.
    static func scan(_ fd: Int32, sizeBytes: Int, into buffer: UnsafeMutableRawBufferPointer, input: String) throws(IngestError) -> Scan {
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockBytes, alignment: 16)
        defer { block.deallocate() }
        var compactor = JSONCompactor()
        var offset = 0
        while offset < sizeBytes, !compactor.trailingContent {
            let n = RegularFile.readFully(fd, block.baseAddress!, min(blockBytes, sizeBytes - offset), at: offset)
            if n < 0 { throw IngestError(.readFailed(errno: errno, offset: offset), input: input) }
            if n == 0 { break }  // shorter than it was: what was read decides
            compactor.compact(UnsafeRawBufferPointer(rebasing: block[0..<n]), into: buffer)
            offset += n
        }
        let kind: Scan.Kind
        if compactor.trailingContent || compactor.lineBreakInString || (compactor.started && !compactor.startsWithContainer) {
            kind = .notOneDocument
        } else {
            kind = compactor.valueEnded ? .document : .unfinished
        }
        return Scan(kind: kind, lineBytes: compactor.compactedBytes, sourceBytes: offset)
    }

    /// Whether a path names a file read as a document when it holds one.
    static func isDocumentName(_ path: String) -> Bool { path.hasSuffix(".json") }
}
