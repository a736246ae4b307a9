import TallyCore

/// Model names and aliases (already ASCII-lowercased) to model numbers, looked up by bytes so that
/// resolving a name from an event needs no `String`. Open addressing with linear probing, at most
/// half full. Immutable after `init`.
struct ModelNameIndex: Sendable {
    private let keyBytes: [UInt8]
    /// Key k is `keyBytes[keyStart[k] ..< keyStart[k + 1]]`.
    private let keyStart: [Int]
    private let keyModel: [Int]
    private let keyHash: [UInt64]
    /// Key numbers, or -1 for an empty slot; the count is a power of two.
    private let slots: [Int32]

    /// - Precondition: the keys are distinct (the table reader reports clashes before this).
    init(keys: [(bytes: [UInt8], model: Int)]) {
        var bytes: [UInt8] = []
        var starts: [Int] = [0]
        var hashes: [UInt64] = []
        for key in keys {
            bytes += key.bytes
            starts.append(bytes.count)
            hashes.append(key.bytes.withUnsafeBytes { KeyHash.hash($0, dimension: 0) })
        }
        var capacity = 8
        while capacity < keys.count * 2 { capacity *= 2 }
        var slots = [Int32](repeating: -1, count: capacity)
        for k in keys.indices {
            var slot = Int(truncatingIfNeeded: hashes[k]) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(k)
        }
        keyBytes = bytes
        keyStart = starts
        keyModel = keys.map(\.model)
        keyHash = hashes
        self.slots = slots
    }

    /// The model of the key equal to `name`, or nil.
    /// - Complexity: O(n) in the name's length, expected; no allocation.
    func find(_ name: UnsafeRawBufferPointer) -> Int? {
        let hash = KeyHash.hash(name, dimension: 0)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return keyBytes.withUnsafeBytes { stored in
            while true {
                let k = Int(slots[slot])
                if k < 0 { return nil }
                if keyHash[k] == hash, keyStart[k + 1] - keyStart[k] == name.count,
                   name.elementsEqual(UnsafeRawBufferPointer(rebasing: stored[keyStart[k] ..< keyStart[k + 1]]))
                {
                    return keyModel[k]
                }
                slot = (slot + 1) & mask
            }
        }
    }
}
