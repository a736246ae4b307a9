/// Compare and copy for the short byte strings of the hot path (field names, ids, model names).
///
/// `memcmp`/`memcpy` calls cost more than the work for 5-20 bytes; these use unaligned word loads
/// that overlap instead of looping per byte. Every load and store stays inside `[p, p + n)`: a
/// string at the very end of a buffer is safe.
package enum ShortBytes {
    @inline(__always)
    private static func load8(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        p.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    @inline(__always)
    private static func load4(_ p: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        p.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
    }

    /// True when `a[0..<n]` equals `b[0..<n]`. O(n).
    @inline(__always)
    package static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        if n >= 8 {
            // Whole words, then one last word that ends exactly at n (it may overlap the previous).
            var i = 0
            while i + 8 < n {
                if load8(x, i) != load8(y, i) { return false }
                i += 8
            }
            return load8(x, n - 8) == load8(y, n - 8)
        }
        if n >= 4 { return load4(x, 0) == load4(y, 0) && load4(x, n - 4) == load4(y, n - 4) }
        var i = 0
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// Copies `n` bytes from `source` to `dest`; the ranges must not overlap. O(n).
    @inline(__always)
    package static func copy(_ dest: UnsafeMutablePointer<UInt8>, _ source: UnsafePointer<UInt8>, _ n: Int) {
        let d = UnsafeMutableRawPointer(dest), s = UnsafeRawPointer(source)
        if n > 16 {
            d.copyMemory(from: s, byteCount: n)
        } else if n >= 8 {
            let head = load8(s, 0), tail = load8(s, n - 8)
            d.storeBytes(of: head, as: UInt64.self)
            d.storeBytes(of: tail, toByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 {
            let head = load4(s, 0), tail = load4(s, n - 4)
            d.storeBytes(of: head, as: UInt32.self)
            d.storeBytes(of: tail, toByteOffset: n - 4, as: UInt32.self)
        } else {
            var i = 0
            while i < n {
                dest[i] = source[i]
                i += 1
            }
        }
    }
}
