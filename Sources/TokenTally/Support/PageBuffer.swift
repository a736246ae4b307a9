#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A large array of trivial values in one reserved virtual region that never moves.
///
/// Counter state is hundreds of megabytes and grows one key at a time. A doubling array would copy it
/// and fault every page in twice. Here the address space for the whole key limit is reserved up front
/// (`MAP_NORESERVE`: pages cost memory only once touched), so growth never copies. On Linux the region
/// asks for transparent huge pages, so a random access into the state misses the TLB far less and a
/// new 2 MiB of state costs one page fault instead of 512.
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
        let hugePage = 2 << 20
        let bytes = (capacity * MemoryLayout<Element>.stride + hugePage - 1) / hugePage * hugePage
        let region = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let region, region != MAP_FAILED else { return nil }
        #if canImport(Glibc)
        _ = madvise(region, bytes, Int32(MADV_HUGEPAGE))
        #endif
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

    package var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
}
