/// A section's compressed payload as the encoder produced it, in chunks of `chunkBytes` (the last
/// one shorter). A single array grown by doubling would copy what it holds at each growth: for the
/// 70 MB insights section of a realistic month, 64 MB held twice at the final snapshot's peak.
package struct SectionPayload: Equatable, Sendable {
    package static let chunkBytes = 1 << 22
    /// Every chunk but the last holds exactly `chunkBytes`, so equal bytes give equal chunks.
    private var chunks: [[UInt8]] = []
    package private(set) var count = 0

    package init() {}

    /// Appends `bytes`. O(bytes); never moves what the payload already holds.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        var rest = bytes
        while !rest.isEmpty {
            if chunks.isEmpty || chunks[chunks.count - 1].count == Self.chunkBytes {
                chunks.append([])
                chunks[chunks.count - 1].reserveCapacity(Self.chunkBytes)
            }
            let room = Self.chunkBytes - chunks[chunks.count - 1].count
            chunks[chunks.count - 1].append(contentsOf: rest.prefix(room))
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(room))
        }
        count += bytes.count
    }

    /// Chunks taken out by `takeFullChunks`: the ones held start at `spilledChunks * chunkBytes`.
    package private(set) var spilledChunks = 0

    /// Takes out every chunk that is full (all but the one being filled): chunk `spilledChunks + i`
    /// of the payload is the `i`th returned. `count` still counts them.
    mutating func takeFullChunks() -> [[UInt8]] {
        let full = chunks.prefix { $0.count == Self.chunkBytes }.count
        guard full > 0 else { return [] }
        let taken = Array(chunks[..<full])
        chunks.removeFirst(full)
        spilledChunks += full
        return taken
    }

    /// Calls `body` with each chunk held, in order.
    package func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        for chunk in chunks { try chunk.withUnsafeBytes(body) }
    }

    /// The payload as one array (a copy; for tests and small payloads), none of it spilled.
    package var bytes: [UInt8] {
        precondition(spilledChunks == 0, "a spilled payload is not whole")
        return Array(chunks.joined())
    }
}
