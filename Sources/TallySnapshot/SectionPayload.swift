/// A section's compressed payload as the encoder produced it, in chunks of `chunkBytes` (the last
/// one shorter). A single array grown by doubling would copy what it holds at each growth: for the
/// 70 MB insights section of a realistic month, 64 MB held twice at the final snapshot's peak.
package struct SectionPayload: Equatable, Sendable {
    static let chunkBytes = 1 << 22
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

    /// Calls `body` with each chunk in order.
    package func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        for chunk in chunks { try chunk.withUnsafeBytes(body) }
    }

    /// The payload as one array (a copy; for tests and small payloads).
    package var bytes: [UInt8] { Array(chunks.joined()) }
}
