import TallyCore

/// Which blocks of a `PageBuffer` were written since they were last copied into a staging image, so
/// that a periodic snapshot cut copies only those (docs/architecture.md, "Snapshots").
///
/// One byte per block of `1 << blockShift` elements, in address space reserved for the buffer's whole
/// capacity: marking is a single store on the hot path, with no bounds to grow.
package struct DirtyBlocks: ~Copyable {
    private let flags: PageBuffer<UInt8>
    /// `flags.base`, which never moves: a hot loop marks through it with a constant shift.
    let flagBase: UnsafeMutablePointer<UInt8>
    private let blockShift: Int

    /// Nil when the address space cannot be had.
    init?(capacity: Int, blockShift: Int) {
        guard let flags = PageBuffer<UInt8>(capacity: (capacity >> blockShift) + 1) else { return nil }
        self.flags = flags
        flagBase = flags.base
        self.blockShift = blockShift
    }

    /// Notes that element `element` changed.
    @inline(__always)
    func mark(_ element: Int) { flagBase[element >> blockShift] = 1 }

    /// Makes `destination` a copy of `source[0..<count]`. When `destination` already holds the
    /// source as of the last copy, only the blocks marked since are copied; otherwise (`full`) all
    /// of it. Clears the marks either way.
    /// - Complexity: O(count / block size + elements copied).
    func copy<Element>(_ source: UnsafePointer<Element>, count: Int, into destination: PageBuffer<Element>, full: Bool) {
        let blocks = (count + (1 << blockShift) - 1) >> blockShift
        if full {
            destination.copy(from: source, count: count)
            flagBase.update(repeating: 0, count: blocks)
            return
        }
        for block in 0..<blocks where flagBase[block] != 0 {
            let start = block << blockShift
            let n = min(1 << blockShift, count - start)
            (destination.base + start).update(from: source + start, count: n)
            flagBase[block] = 0
        }
        destination.setCount(count)
    }
}
