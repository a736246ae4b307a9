/// A session's name, kept in its session, front and loop records instead of in the names store
/// (`InsightNames`). Most sessions are gone before a snapshot would show their names (on the
/// realistic stream 5.6M sessions open in a month, 0.4M are in the people's fronts at its end), so
/// storing every name centrally cost an insert per new session into a table of millions, and a
/// compaction pass over names nobody used any more.
///
/// Holds up to `inlineMax` bytes (session ids are UUIDs, 36 bytes, or pseudonyms, shorter). A
/// longer name keeps its first `inlineMax` bytes here and the whole name in the names store under
/// the session's key hash (`isOverflow`), as every session name used to be.
struct SessionName: Equatable {
    /// The name's bytes, zero-padded; the last byte is the name's length, or `overflow`.
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)

    static let inlineMax = 39
    private static let overflow: UInt8 = 0xFF

    /// No name: a session without an id.
    init() {}

    /// `text`, or its first `inlineMax` bytes when it is longer (`isOverflow`).
    init(_ text: UnsafeRawBufferPointer) {
        let kept = min(text.count, Self.inlineMax)
        withUnsafeMutableBytes(of: &words) { bytes in
            if kept > 0 { bytes.baseAddress!.copyMemory(from: text.baseAddress!, byteCount: kept) }
            bytes[Self.inlineMax] = text.count > Self.inlineMax ? Self.overflow : UInt8(kept)
        }
    }

    init(_ text: String) {
        var text = text
        self = text.withUTF8 { SessionName(UnsafeRawBufferPointer($0)) }
    }

    /// Whether the whole name is longer than `inlineMax` bytes and lives in the names store.
    var isOverflow: Bool { withUnsafeBytes(of: words) { $0[Self.inlineMax] } == Self.overflow }

    /// Calls `body` with the bytes kept here: the whole name, or its first `inlineMax` bytes.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: words) { bytes in
            let count = bytes[Self.inlineMax] == Self.overflow ? Self.inlineMax : Int(bytes[Self.inlineMax])
            return try body(UnsafeRawBufferPointer(rebasing: bytes[0..<count]))
        }
    }

    /// Whether name `a` (of session hash `aHash`) sorts before `b` in byte order. Only two
    /// overflowing names that share their first `inlineMax` bytes are compared in `names`.
    /// O(`inlineMax`).
    static func precedes(_ a: SessionName, _ aHash: UInt64, _ b: SessionName, _ bHash: UInt64, names: some NameOrder) -> Bool {
        // The first 8 bytes, big-endian, decide most pairs without a byte loop.
        if a.words.0 != b.words.0 { return a.words.0.bigEndian < b.words.0.bigEndian }
        if a.isOverflow && b.isOverflow, a.words == b.words { return names.precedes(aHash, bHash) }
        return a.withBytes { x in
            b.withBytes { y in
                // The same bytes kept: a whole name of `inlineMax` bytes is a prefix of a longer one.
                x.elementsEqual(y) ? !a.isOverflow && b.isOverflow : x.lexicographicallyPrecedes(y)
            }
        }
    }
}

extension SessionName {
    static func == (a: SessionName, b: SessionName) -> Bool { a.words == b.words }
}
