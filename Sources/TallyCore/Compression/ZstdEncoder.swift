import CZstd

/// Streaming zstd compression for snapshot files, with the frame's content checksum on so that
/// `zstd -t` and any reader also detect damage.
package final class ZstdEncoder {
    private let context: OpaquePointer
    private let output: UnsafeMutableRawBufferPointer

    /// - Parameter workerThreads: with 1 or more, libzstd compresses on its own threads while the
    ///   caller produces the next input (the output is still one frame); 0 compresses in the caller.
    ///   Ignored by a libzstd built without multithreading.
    package init(level: Int32 = 3, workerThreads: Int32 = 0) throws(CompressionError) {
        guard let context = ZSTD_createCCtx() else { throw CompressionError.contextUnavailable }
        self.context = context
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
        if workerThreads > 0 { ZSTD_CCtx_setParameter(context, ZSTD_c_nbWorkers, workerThreads) }
        output = .allocate(byteCount: ZSTD_CStreamOutSize(), alignment: 16)
    }

    deinit {
        ZSTD_freeCCtx(context)
        output.deallocate()
    }

    /// Compresses `input`, passing each block of compressed bytes to `sink`. With `end`, finishes
    /// the frame.
    package func compress(
        _ input: UnsafeRawBufferPointer, end: Bool, sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        try stream(input, end ? ZSTD_e_end : ZSTD_e_continue, sink)
    }

    /// Compresses everything given so far and passes it to `sink`, leaving the frame open: what is
    /// compressed after this does not change the bytes already given.
    package func flush(sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try stream(UnsafeRawBufferPointer(start: nil, count: 0), ZSTD_e_flush, sink)
    }

    /// Feeds `input` with `mode` until zstd has taken it all, and, to flush or end, given out all.
    private func stream(
        _ input: UnsafeRawBufferPointer, _ mode: ZSTD_EndDirective, _ sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        while true {
            var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
            let remaining = ZSTD_compressStream2(context, &outBuffer, &inBuffer, mode)
            if ZSTD_isError(remaining) != 0 {
                throw CompressionError.compressFailed(String(cString: ZSTD_getErrorName(remaining)))
            }
            if outBuffer.pos > 0 { try sink(UnsafeRawBufferPointer(start: output.baseAddress, count: outBuffer.pos)) }
            let done = mode == ZSTD_e_continue ? inBuffer.pos == inBuffer.size : remaining == 0
            if done { return }
        }
    }

    /// The most bytes compressing `count` bytes can give, frame header included (`ZSTD_compressBound`).
    package static func compressedBytesMax(_ count: Int) -> Int { ZSTD_compressBound(count) }

    /// One-shot compression of a whole buffer (tests and small files).
    package static func compress(_ bytes: [UInt8], level: Int32 = 3) throws -> [UInt8] {
        let encoder = try ZstdEncoder(level: level)
        var result: [UInt8] = []
        try bytes.withUnsafeBytes { input in
            try encoder.compress(input, end: true) { result.append(contentsOf: $0) }
        }
        return result
    }
}
