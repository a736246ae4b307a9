/// A manually managed, growable array of trivial values for the hot path.
///
/// Unlike `Array` it never copies on write and is reused across batches with `removeAll()`, so a
/// warm pipeline allocates nothing per event: capacity only ever grows, by doubling.
/// Not thread-safe; one owner at a time (the batch or shard that holds it).
package struct GrowableBuffer<Element: BitwiseCopyable>: ~Copyable {
    package private(set) var base: UnsafeMutablePointer<Element>
    package private(set) var count: Int = 0
    package private(set) var capacity: Int

    package init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    package subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    /// Makes room for `extra` more elements. Amortised O(1) per element.
    @inline(__always)
    package mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    @inline(__always)
    package mutating func append(_ element: Element) {
        if count == capacity { grow(to: count + 1) }
        base[count] = element
        count += 1
    }

    package mutating func append(contentsOf source: UnsafePointer<Element>, count n: Int) {
        reserve(n)
        (base + count).update(from: source, count: n)
        count += n
    }

    package mutating func removeAll() { count = 0 }

    /// Sets the count after the caller initialised `base[count..<newCount]` in place.
    @inline(__always)
    package mutating func setCount(_ newCount: Int) {
        precondition(newCount <= capacity)
        count = newCount
    }

    package var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    private mutating func grow(to minimum: Int) {
        var newCapacity = Swift.max(capacity * 2, 16)
        while newCapacity < minimum { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
