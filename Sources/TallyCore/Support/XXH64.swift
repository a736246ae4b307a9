/// XXH64, the 64-bit xxHash. Snapshot files carry it as their checksum so that a reader can refuse a
/// file whose bytes changed after it was written. Streaming, so a writer can hash as it produces.
///
/// Complexity: O(n) in the bytes hashed; about one multiply per 8 bytes.
package struct XXH64 {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    private var v1, v2, v3, v4: UInt64
    private let seed: UInt64
    private var totalBytes: UInt64 = 0
    /// Bytes not yet folded into the four lanes (fewer than 32).
    private var pending: [UInt8] = []

    package init(seed: UInt64 = 0) {
        self.seed = seed
        v1 = seed &+ Self.prime1 &+ Self.prime2
        v2 = seed &+ Self.prime2
        v3 = seed
        v4 = seed &- Self.prime1
        pending.reserveCapacity(32)
    }

    package static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var hasher = XXH64(seed: seed)
        hasher.update(bytes)
        return hasher.finalize()
    }

    package static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    @inline(__always)
    private static func round(_ acc: UInt64, _ lane: UInt64) -> UInt64 {
        ((acc &+ lane &* prime2).rotatedLeft(31)) &* prime1
    }

    @inline(__always)
    private static func merge(_ acc: UInt64, _ lane: UInt64) -> UInt64 {
        (acc ^ round(0, lane)) &* prime1 &+ prime4
    }

    package mutating func update(_ input: UnsafeRawBufferPointer) {
        guard !input.isEmpty else { return }
        totalBytes &+= UInt64(input.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(32 - pending.count, input.count)
            pending.append(contentsOf: input[0..<take])
            offset = take
            guard pending.count == 32 else { return }
            pending.withUnsafeBytes { consumeStripe($0, at: 0) }
            pending.removeAll(keepingCapacity: true)
        }
        while input.count - offset >= 32 {
            consumeStripe(input, at: offset)
            offset += 32
        }
        if offset < input.count { pending.append(contentsOf: input[offset...]) }
    }

    @inline(__always)
    private mutating func consumeStripe(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        v1 = Self.round(v1, bytes.loadLE(offset))
        v2 = Self.round(v2, bytes.loadLE(offset + 8))
        v3 = Self.round(v3, bytes.loadLE(offset + 16))
        v4 = Self.round(v4, bytes.loadLE(offset + 24))
    }

    package func finalize() -> UInt64 {
        var h: UInt64
        if totalBytes >= 32 {
            h = v1.rotatedLeft(1) &+ v2.rotatedLeft(7) &+ v3.rotatedLeft(12) &+ v4.rotatedLeft(18)
            h = Self.merge(h, v1)
            h = Self.merge(h, v2)
            h = Self.merge(h, v3)
            h = Self.merge(h, v4)
        } else {
            h = seed &+ Self.prime5
        }
        h &+= totalBytes
        pending.withUnsafeBytes { tail in
            var i = 0
            while i + 8 <= tail.count {
                h ^= Self.round(0, tail.loadLE(i))
                h = h.rotatedLeft(27) &* Self.prime1 &+ Self.prime4
                i += 8
            }
            if i + 4 <= tail.count {
                h ^= UInt64(tail.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian) &* Self.prime1
                h = h.rotatedLeft(23) &* Self.prime2 &+ Self.prime3
                i += 4
            }
            while i < tail.count {
                h ^= UInt64(tail[i]) &* Self.prime5
                h = h.rotatedLeft(11) &* Self.prime1
                i += 1
            }
        }
        h ^= h >> 33
        h &*= Self.prime2
        h ^= h >> 29
        h &*= Self.prime3
        h ^= h >> 32
        return h
    }
}

extension UInt64 {
    @inline(__always)
    func rotatedLeft(_ bits: UInt64) -> UInt64 { (self << bits) | (self >> (64 - bits)) }
}

extension UnsafeRawBufferPointer {
    /// Little-endian 64-bit load at any alignment. Callers guarantee `offset + 8 <= count`.
    @inline(__always)
    func loadLE(_ offset: Int) -> UInt64 {
        UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
