import CZstd

/// One whole zstd frame to decode on a pool thread: its compressed bytes (copied out of the read
/// buffer) in, its decoded bytes out. Jobs are reused, so their buffers grow to the largest frame
/// seen and then stay (bounded by the pool's `decodedBytesMax`).
package final class FrameDecodeJob: @unchecked Sendable {
    /// Where the frame starts in its input, for error positions when it has to be streamed instead.
    package var inputOffset = 0
    /// Decoded size from the frame header, when it records one.
    var contentBytes: Int?
    private(set) var compressed: UnsafeMutableRawBufferPointer = .init(start: nil, count: 0)
    private(set) var compressedCount = 0
    private(set) var decoded: UnsafeMutableRawBufferPointer = .init(start: nil, count: 0)
    private(set) var decodedCount = 0
    /// Set by the pool thread: false when the frame is corrupt or decodes to more than the limit;
    /// the reader then streams the frame itself, which reports the error where it happens.
    package var succeeded = false
    /// Guarded by the pool's completion lock.
    var isDone = false

    deinit {
        compressed.deallocate()
        decoded.deallocate()
    }

    /// Copies the frame's compressed bytes in.
    func load(_ frame: UnsafeRawBufferPointer, inputOffset: Int, contentBytes: Int?) {
        Self.ensure(&compressed, frame.count)
        compressed.baseAddress!.copyMemory(from: frame.baseAddress!, byteCount: frame.count)
        compressedCount = frame.count
        self.inputOffset = inputOffset
        self.contentBytes = contentBytes
        succeeded = false
        isDone = false
        decodedCount = 0
    }

    package var compressedBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: compressed.baseAddress, count: compressedCount)
    }

    package var decodedBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: decoded.baseAddress, count: decodedCount)
    }

    /// Decodes the frame with `context`, into a buffer of its recorded size, or (size unknown) into
    /// one that doubles up to `decodedBytesMax`.
    func decode(with context: OpaquePointer, decodedBytesMax: Int) {
        succeeded = false
        if let contentBytes {
            guard contentBytes <= decodedBytesMax else { return }
            Self.ensure(&decoded, max(contentBytes, 1))
            let result = ZSTD_decompressDCtx(
                context, decoded.baseAddress, decoded.count, compressed.baseAddress, compressedCount)
            guard ZSTD_isError(result) == 0, result == contentBytes else { return }
            decodedCount = result
            succeeded = true
            return
        }
        ZSTD_DCtx_reset(context, ZSTD_reset_session_only)
        Self.ensure(&decoded, min(max(compressedCount * 8, 1 << 16), decodedBytesMax))
        var input = ZSTD_inBuffer(src: compressed.baseAddress, size: compressedCount, pos: 0)
        var produced = 0
        while true {
            if produced == decoded.count {
                guard decoded.count < decodedBytesMax else { return }
                Self.grow(&decoded, keeping: produced, to: min(decoded.count * 2, decodedBytesMax))
            }
            var output = ZSTD_outBuffer(dst: decoded.baseAddress, size: decoded.count, pos: produced)
            let inputBefore = input.pos
            let result = ZSTD_decompressStream(context, &output, &input)
            guard ZSTD_isError(result) == 0 else { return }
            if result == 0 {
                // The frame ended; the job holds exactly one frame, so nothing may follow it.
                guard input.pos == input.size else { return }
                decodedCount = output.pos
                succeeded = true
                return
            }
            // No progress with room to write: the frame is cut short.
            if output.pos == produced, input.pos == inputBefore { return }
            produced = output.pos
        }
    }

    private static func ensure(_ buffer: inout UnsafeMutableRawBufferPointer, _ bytes: Int) {
        guard buffer.count < bytes else { return }
        buffer.deallocate()
        buffer = .allocate(byteCount: bytes, alignment: 64)
    }

    private static func grow(_ buffer: inout UnsafeMutableRawBufferPointer, keeping count: Int, to bytes: Int) {
        let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 64)
        bigger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: count)
        buffer.deallocate()
        buffer = bigger
    }
}
