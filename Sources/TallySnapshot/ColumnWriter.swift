import CPlatform

/// Builds the payload of a binary snapshot section: fixed-width little-endian integers, written
/// one value or one whole column at a time, and raw bytes (a string dictionary's text).
///
/// The caller takes the bytes (`bytes`) and empties the writer (`removeAll`) as it goes, so a
/// payload is compressed in pieces and never held whole.
package struct ColumnWriter {
    package private(set) var bytes: [UInt8] = []
    /// Offsets in `bytes` that end a *segment*: a byte plane, or a run of raw bytes, with what small
    /// pieces came before it. The section encoder ends a zstd block at each (`SnapshotSectionEncoder`):
    /// the planes of one column differ from each other more than anything else in a payload (a
    /// random low byte, a constant high one), and a block shares one literals table, so a block per
    /// plane compresses 7% smaller at level 1 (measured on the insights section of a realistic
    /// month) for about the same time. Increasing; the last is at most `count`.
    package private(set) var segmentEnds: [Int] = []

    /// The smallest segment: below this, a block's header and tables cost more than they save.
    package static let segmentBytesMin = 1024

    package init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    package var count: Int { bytes.count }

    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        segmentEnds.removeAll(keepingCapacity: true)
    }

    /// Ends a segment at `offset` when it holds at least `segmentBytesMin` bytes since the last end.
    private mutating func endSegment(at offset: Int) {
        if offset - (segmentEnds.last ?? 0) >= Self.segmentBytesMin { segmentEnds.append(offset) }
    }

    /// One value, little-endian.
    package mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A column: `values` in order, little-endian, with no count (the reader knows it). With
    /// `planes`, as byte planes: the values' first bytes, then their second bytes, and so on
    /// (`tt_bytes_to_planes`); integers whose high bytes repeat compress smaller and faster so
    /// (docs/snapshot-format.md, "Byte planes").
    /// - Complexity: O(values), one copy or transpose.
    package mutating func append<T: FixedWidthInteger>(column values: [T], planes: Bool = false) {
        values.withUnsafeBufferPointer { append(column: $0, planes: planes) }
    }

    /// A column from memory the caller owns (`append(column:planes:)`).
    package mutating func append<T: FixedWidthInteger>(column values: UnsafeBufferPointer<T>, planes: Bool = false) {
        #if _endian(little)
        append(little: UnsafeRawBufferPointer(values), count: values.count, width: MemoryLayout<T>.size, planes: planes)
        #else
        values.map(\.littleEndian).withUnsafeBytes {
            append(little: $0, count: values.count, width: MemoryLayout<T>.size, planes: planes)
        }
        #endif
    }

    /// `count` little-endian values of `width` bytes, back to back or as planes.
    private mutating func append(little: UnsafeRawBufferPointer, count: Int, width: Int, planes: Bool) {
        guard planes, width > 1, count > 0 else { return bytes.append(contentsOf: little) }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: count * width))
        bytes.withUnsafeMutableBytes { out in
            tt_bytes_to_planes(little.baseAddress!.assumingMemoryBound(to: UInt8.self), count, width,
                               out.baseAddress!.assumingMemoryBound(to: UInt8.self) + start)
        }
        for plane in 1...width { endSegment(at: start + plane * count) }
    }

    /// Raw bytes (a dictionary's text), a segment of their own when they are long enough.
    package mutating func append(raw: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: raw)
        endSegment(at: bytes.count)
    }
}
