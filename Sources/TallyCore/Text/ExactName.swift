#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A name (a person's, team's, task's id) compared, hashed and ordered by its UTF-8 bytes, as the
/// engine keys them. Swift's `String` equality is canonical equivalence: "é" (U+00E9) and "e"
/// followed by U+0301 are equal strings, but two people to the engine, which counts and stores them
/// apart. Readers keyed by `String` merged such ids: one person's figures shown for both, the
/// other's lost, two people counted as one.
///
/// Byte order is code point order, so names sort as their NFC forms would for text that is in NFC.
public struct ExactName: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let text: String

    public init(_ text: String) { self.text = text }
    public init(stringLiteral text: String) { self.text = text }

    public var description: String { text }

    /// O(bytes). Inlinable, as `hash(into:)`: readers compare and hash millions of names.
    @inlinable
    public static func == (a: ExactName, b: ExactName) -> Bool { a.text.isBytewiseEqual(to: b.text) }

    /// O(bytes).
    @inlinable
    public func hash(into hasher: inout Hasher) {
        let hashed: Void? = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if hashed == nil { Array(text.utf8).withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    /// Byte order. O(bytes).
    @inlinable
    public static func < (a: ExactName, b: ExactName) -> Bool { a.text.utf8.lexicographicallyPrecedes(b.text.utf8) }
}

extension String {
    /// Whether the two strings hold the same UTF-8 bytes (`==` is canonical equivalence). O(bytes).
    @inlinable
    public func isBytewiseEqual(to other: String) -> Bool {
        // The same representation is the same bytes: a small string holds its bytes in the value, a
        // large one points to its storage (names decoded from one dictionary share it).
        if MemoryLayout<String>.size == 16 {
            let same = withUnsafeBytes(of: self) { x in
                withUnsafeBytes(of: other) { y in
                    x.load(as: UInt64.self) == y.load(as: UInt64.self)
                        && x.load(fromByteOffset: 8, as: UInt64.self) == y.load(fromByteOffset: 8, as: UInt64.self)
                }
            }
            if same { return true }
        }
        let count = utf8.count
        guard count == other.utf8.count else { return false }
        guard count > 0 else { return true }
        // Native strings are contiguous UTF-8: compared without copying them.
        let equal = utf8.withContiguousStorageIfAvailable { a in
            other.utf8.withContiguousStorageIfAvailable { b in memcmp(a.baseAddress!, b.baseAddress!, count) == 0 }
        }
        return (equal ?? nil) ?? utf8.elementsEqual(other.utf8)
    }
}
