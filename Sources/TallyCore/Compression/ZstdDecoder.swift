import CZstd

/// Streaming zstd decompression over libzstd's `ZSTD_decompressStream`. Handles concatenated
/// frames and skippable frames; memory is bounded by zstd's default window limit (128 MiB).
package final class ZstdDecoder {
    private let context: OpaquePointer
    /// Compressed bytes consumed so far, for error positions.
    package var compressedOffset = 0
    /// True when the last call ended exactly at a frame boundary (libzstd returned 0).
    package private(set) var atFrameBoundary = true

    package init() throws(CompressionError) {
        guard let context = ZSTD_createDCtx() else { throw CompressionError.contextUnavailable }
        self.context = context
    }

    deinit { ZSTD_freeDCtx(context) }

    /// Decompresses from `input` into `output`; returns the bytes consumed and produced. Call again
    /// with the unconsumed rest while it returns progress.
    /// - Throws: `CompressionError` for corrupt input (including trailing bytes that are not a frame).
    package func decompress(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws(CompressionError) -> (consumed: Int, produced: Int) {
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        let result = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
        if ZSTD_isError(result) != 0 {
            throw CompressionError.corrupt(String(cString: ZSTD_getErrorName(result)), at: compressedOffset + inBuffer.pos)
        }
        compressedOffset += inBuffer.pos
        // A call that moved nothing returns a size hint for a next frame, not the end of this one.
        if inBuffer.pos > 0 || outBuffer.pos > 0 { atFrameBoundary = result == 0 }
        return (inBuffer.pos, outBuffer.pos)
    }

    /// Call at end of input: a stream that stops inside a frame is an error, not a short read.
    package func finish() throws(CompressionError) {
        guard atFrameBoundary else { throw CompressionError.truncated(at: compressedOffset) }
    }
}
