import CPlatform

/// Builds the payload of a binary snapshot section: fixed-width little-endian integers, written
/// one value or one whole column at a time, and raw bytes (a string dictionary's text).
///
/// The caller takes the bytes (`bytes`) and empties the writer (`removeAll`) as it goes, so a
/// payload is compressed in pieces and never held whole.
package struct ColumnWriter {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    package var count: Int { bytes.count }

    package mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

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
        #if _endian(little)
        let little = values
        #else
        let little = values.map(\.littleEndian)
        #endif
        let size = MemoryLayout<T>.size
        guard planes, size > 1, !values.isEmpty else { return little.withUnsafeBytes { bytes.append(contentsOf: $0) } }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: values.count * size))
        little.withUnsafeBytes { source in
            bytes.withUnsafeMutableBytes { out in
                tt_bytes_to_planes(source.baseAddress!.assumingMemoryBound(to: UInt8.self), values.count, size,
                                   out.baseAddress!.assumingMemoryBound(to: UInt8.self) + start)
            }
        }
    }

    package mutating func append(raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }
}
