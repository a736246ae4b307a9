import TallyEvents

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
    package var origin = ChunkOrigin()
    /// Lines longer than the limit that were dropped in place of this chunk's bytes (0 or 1),
    /// and how many bytes they had.
    package var droppedLongLines = 0
    package var droppedLongLineBytes = 0
    /// For a Kafka chunk: each line's message offset (a compacted or transactional partition has
    /// gaps), so a rejected line names its message. Empty otherwise.
    package var kafkaOffsets: [Int64] = []
    /// 0, or the input bytes that the chunk's one line was compacted from (a JSON document read
    /// whole, `JSONDocumentFile`): the input's offset advances by these, not by the line's length.
    package var documentSourceBytes = 0

    // A translated chunk (`isTranslated`) holds schema v1 records made from another source's lines;
    // the fields below account for those lines (docs/sources.md, "Counting").
    package var isTranslated = false
    /// Source lines whose effect this chunk carries, and their decoded bytes.
    package var sourceLines = 0
    package var sourceBytes = 0
    /// The input line number (0-based) of the first of those lines.
    package var firstSourceLine = 0
    /// For each record line in `bytes`, the input line (0-based) it came from.
    package var lineOrigins: [Int] = []
    package var blankSourceLines = 0
    package var skippedByReason = [Int](repeating: 0, count: SkipReason.count)
    /// Records beyond the first that a source line held (an OTLP batch, an API page).
    package var extraRecords = 0
    /// Source lines rejected before any record was made of them.
    package var rejections: [Rejection] = []

    package struct Rejection {
        package var line: Int
        package var reason: RejectReason
        package var lineBytes: Int
        package var text: [UInt8]
    }

    package init(capacity: Int) {
        self.capacity = capacity
        bytes = .allocate(capacity: capacity)
    }

    deinit { bytes.deallocate() }

    package func reset() {
        count = 0
        droppedLongLines = 0
        droppedLongLineBytes = 0
        documentSourceBytes = 0
        origin = ChunkOrigin()
        kafkaOffsets.removeAll(keepingCapacity: true)
        if isTranslated {
            isTranslated = false
            sourceLines = 0
            sourceBytes = 0
            firstSourceLine = 0
            lineOrigins.removeAll(keepingCapacity: true)
            blankSourceLines = 0
            for i in skippedByReason.indices { skippedByReason[i] = 0 }
            extraRecords = 0
            rejections.removeAll(keepingCapacity: true)
        }
    }

    /// Input bytes the chunk's lines stand for.
    package var sourceByteCount: Int { documentSourceBytes > 0 ? documentSourceBytes : count }

    package var freeSpace: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: bytes + count, count: capacity - count)
    }
}
