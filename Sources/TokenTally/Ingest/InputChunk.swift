/// A line-aligned run of decoded NDJSON bytes from one input, as the reader hands it to the parsers.
///
/// The reader guarantees that `bytes[0..<count]` holds whole lines (the last one may lack its `\n`
/// only at the end of an input). Chunks are pooled and reused; ownership moves reader -> worker ->
/// pool, one thread at a time.
package final class InputChunk: @unchecked Sendable {
    package let capacity: Int
    package let bytes: UnsafeMutablePointer<UInt8>
    package var count = 0
    package var sequence = 0
    package var sourceIndex = 0
    /// Decoded bytes of the source consumed up to the end of this chunk.
    package var sourceDecodedOffsetEnd = 0
    package var sourceSizeBytes: Int?
    package var sourceCompressed = false
    /// The last chunk of its input.
    package var endsSource = false
    /// Lines longer than the limit that were dropped in place of this chunk's bytes (0 or 1),
    /// and how many bytes they had.
    package var droppedLongLines = 0
    package var droppedLongLineBytes = 0
    /// The last chunk of the whole run.
    package var isFinal = false

    package init(capacity: Int) {
        self.capacity = capacity
        bytes = .allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    package func reset() {
        count = 0
        droppedLongLines = 0
        droppedLongLineBytes = 0
        isFinal = false
        endsSource = false
    }

    package var freeSpace: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: bytes + count, count: capacity - count)
    }
}
