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

    /// A column: `values` in order, little-endian, with no count (the reader knows it).
    /// - Complexity: O(values), one copy on little-endian machines.
    package mutating func append<T: FixedWidthInteger>(column values: [T]) {
        #if _endian(little)
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for value in values { append(value) }
        #endif
    }

    package mutating func append(raw: UnsafeRawBufferPointer) { bytes.append(contentsOf: raw) }
}
