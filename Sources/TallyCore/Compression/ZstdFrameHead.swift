import CZstd

/// What the bytes at the start of a buffer say about the next zstd frame, read from its header
/// alone, without decoding it. The reader uses this to cut an input into independent frames that
/// can be decoded in parallel.
package enum ZstdFrameHead: Equatable {
    /// The header is not complete in the buffer yet.
    case needMoreBytes
    /// A skippable frame of `totalBytes` bytes, header included: nothing to decode.
    case skippable(totalBytes: Int)
    /// A zstd frame; `contentBytes` is its decoded size when the header records it (nil: unknown).
    case frame(contentBytes: Int?)
    /// Not a frame: garbage, a damaged header, or a header cut short by the end of input.
    case invalid

    /// A frame header is at most 18 bytes (`ZSTD_FRAMEHEADERSIZE_MAX`); a skippable header is 8.
    private static let headerBytesMax = 18

    /// - Parameter inputEnded: no more bytes will follow `bytes`, so a short header is invalid.
    /// - Complexity: O(1); reads at most 18 bytes.
    package static func inspect(_ bytes: UnsafeRawBufferPointer, inputEnded: Bool) -> ZstdFrameHead {
        if bytes.count >= 4, bytes[0] & 0xF0 == 0x50, bytes[1] == 0x2A, bytes[2] == 0x4D, bytes[3] == 0x18 {
            guard bytes.count >= 8 else { return inputEnded ? .invalid : .needMoreBytes }
            let size = Int(bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self).littleEndian)
            return .skippable(totalBytes: 8 + size)
        }
        let size = ZSTD_getFrameContentSize(bytes.baseAddress, bytes.count)
        switch size {
        case ZSTD_CONTENTSIZE_ERROR:
            // libzstd says "error" both for a bad header and for one it has not seen all of.
            return bytes.count < headerBytesMax && !inputEnded ? .needMoreBytes : .invalid
        case ZSTD_CONTENTSIZE_UNKNOWN:
            return .frame(contentBytes: nil)
        default:
            return size > UInt64(Int.max) ? .invalid : .frame(contentBytes: Int(size))
        }
    }

    /// The compressed size of the frame at the start of `bytes`, found by walking its block headers;
    /// nil when the frame does not end inside `bytes` (or its block headers are damaged).
    /// - Complexity: O(blocks in the frame).
    package static func compressedSize(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let size = ZSTD_findFrameCompressedSize(bytes.baseAddress, bytes.count)
        return ZSTD_isError(size) != 0 ? nil : size
    }

    /// The largest compressed size of a valid frame of `contentBytes` decoded bytes.
    package static func compressedBytesBound(contentBytes: Int) -> Int {
        ZSTD_compressBound(contentBytes) + headerBytesMax + 4
    }
}
