#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A large array of trivial values in one reserved virtual region that never moves.
///
/// Counter state is hundreds of megabytes and grows one key (or slot) at a time. A doubling array would copy it
/// and fault every page in twice. Here the address space for the whole key limit is reserved up front
/// (`MAP_NORESERVE`: pages cost memory only once touched), so growth never copies. It does not ask for
/// transparent huge pages: with the common `defrag=madvise` setting, `MADV_HUGEPAGE` makes page
/// faults compact memory synchronously, which cost 0.3-0.8 s of system time per 10M-event run and
/// made runs uneven, more than the TLB misses it saved (docs/performance.md).
package final class PageBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    package let base: UnsafeMutablePointer<Element>
    /// Elements the region can hold.
    package let capacity: Int
    /// Elements in use; `base[count...]` is untouched (zero) or stale.
    package private(set) var count = 0
    private let mappedBytes: Int

    /// Reserves room for `capacity` elements. Returns nil when the address space cannot be had.
    package init?(capacity: Int) {
        precondition(capacity > 0)
        let page = 2 << 20  // a round size; only touched pages cost memory
        let bytes = (capacity * MemoryLayout<Element>.stride + page - 1) / page * page
        let region = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let region, region != MAP_FAILED else { return nil }
        self.capacity = capacity
        mappedBytes = bytes
        base = region.bindMemory(to: Element.self, capacity: capacity)
    }

    deinit { munmap(base, mappedBytes) }

    /// Extends the used part by `n` elements, which the caller initialises. False when full.
    @inline(__always)
    package func grow(by n: Int) -> Bool {
        guard count + n <= capacity else { return false }
        count += n
        return true
    }

    /// Makes this a copy of `source[0..<count]` (a memcpy; pages are reused across copies).
    package func copy(from source: UnsafePointer<Element>, count n: Int) {
        precondition(n <= capacity)
        base.update(from: source, count: n)
        count = n
    }

    /// Sets the count after the caller initialised `base[count..<newCount]` in place (or shrinks it).
    package func setCount(_ newCount: Int) {
        precondition(newCount >= 0 && newCount <= capacity)
        count = newCount
    }

    package var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
}
