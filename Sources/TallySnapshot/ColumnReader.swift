import CPlatform

/// Reads a binary snapshot section's payload written by `ColumnWriter`. Every read is bounds
/// checked, and a count is checked against the bytes left before anything is allocated for it, so
/// a damaged or hostile payload gives a `SnapshotError` naming the section and the field, never a
/// crash or an allocation the payload cannot back.
package struct ColumnReader: ~Copyable {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0
    private let section: String
    private let path: String

    /// `bytes` must outlive the reader; `section` and `path` name the payload in errors.
    package init(_ bytes: UnsafeRawBufferPointer, section: String, path: String) {
        self.bytes = bytes
        self.section = section
        self.path = path
    }

    package var remaining: Int { bytes.count - offset }

    package func failure(_ what: String) -> SnapshotError {
        SnapshotError(.malformed("the \(section) section: \(what)"), path: path)
    }

    /// One little-endian value.
    package mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: String) throws(SnapshotError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw failure("ends inside \(what) (byte \(offset))") }
        let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += size
        return value
    }

    /// A row count (stored as UInt64), refused when `bytesPerRow` bytes per row would run past the
    /// payload: bounds a count before anything is allocated for it.
    package mutating func count(_ what: String, bytesPerRow: Int) throws(SnapshotError) -> Int {
        let stored = try read(UInt64.self, what)
        guard let count = Int(exactly: stored), count <= remaining / max(1, bytesPerRow) else {
            throw failure("\(what) claims \(stored) rows, more than its \(remaining) remaining bytes can hold")
        }
        return count
    }

    /// `count` little-endian values, back to back or, with `planes`, as byte planes
    /// (`ColumnWriter.append(column:planes:)`).
    /// - Complexity: O(count), one copy or transpose.
    package mutating func column<T: FixedWidthInteger>(
        _: T.Type, count: Int, _ what: String, planes: Bool = false
    ) throws(SnapshotError) -> [T] {
        let size = MemoryLayout<T>.size
        guard count >= 0, count <= remaining / size else { throw failure("ends inside the \(what) column (byte \(offset))") }
        let start = offset
        offset += count * size
        // Never ask for capacity 0: the standard library then writes the count into the shared
        // empty-array storage, a race ThreadSanitizer reports when other threads read it.
        guard count > 0 else { return [] }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let source = UnsafeRawBufferPointer(rebasing: bytes[start..<start + count * size])
            let target = UnsafeMutableRawBufferPointer(buffer)
            if planes, size > 1 {
                tt_planes_to_bytes(source.baseAddress!.assumingMemoryBound(to: UInt8.self), count, size,
                                   target.baseAddress!.assumingMemoryBound(to: UInt8.self))
            } else {
                target.copyMemory(from: source)
            }
            #if !_endian(little)
            for i in 0..<count { buffer[i] = T(littleEndian: buffer[i]) }
            #endif
            initialized = count
        }
    }

    /// The next `count` raw bytes, without copying.
    package mutating func raw(count: Int, _ what: String) throws(SnapshotError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else { throw failure("ends inside \(what) (byte \(offset))") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    /// Refuses bytes after the last field: a payload is read whole or not at all.
    package func finish() throws(SnapshotError) {
        guard remaining == 0 else { throw failure("\(remaining) bytes after the last field") }
    }
}
