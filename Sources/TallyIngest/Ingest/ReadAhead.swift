/// Compressed bytes read from one input and not consumed yet: `bytes[start..<end]`. It grows only
/// as far as the largest frame the reader must hold whole, which the reader bounds.
struct ReadAhead: ~Copyable {
    private var storage: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    /// Where `start` sits in the input, for error positions.
    private(set) var inputOffset = 0
    /// True once `read(2)` returned 0: what is buffered is all there is.
    var inputEnded = false

    init(capacity: Int, inputOffset: Int = 0) {
        storage = .allocate(byteCount: capacity, alignment: 64)
        self.inputOffset = inputOffset
    }

    deinit { storage.deallocate() }

    var available: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: storage[start..<end])
    }

    var isEmpty: Bool { start == end }

    mutating func consume(_ n: Int) {
        precondition(n <= end - start)
        start += n
        inputOffset += n
    }

    /// Free space after the buffered bytes, at least `minimum` bytes: moves the buffered bytes to the
    /// front and grows the storage when needed. Call `appended` with what was written there.
    mutating func space(atLeast minimum: Int) -> UnsafeMutableRawBufferPointer {
        if start > 0, storage.count - end < minimum {
            let count = end - start
            storage.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: count)
            start = 0
            end = count
        }
        if storage.count - end < minimum {
            var capacity = storage.count * 2
            while capacity - end < minimum { capacity *= 2 }
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
            bigger.baseAddress!.copyMemory(from: storage.baseAddress! + start, byteCount: end - start)
            storage.deallocate()
            storage = bigger
            end -= start
            start = 0
        }
        return UnsafeMutableRawBufferPointer(rebasing: storage[end...])
    }

    mutating func appended(_ n: Int) {
        precondition(end + n <= storage.count)
        end += n
    }
}
