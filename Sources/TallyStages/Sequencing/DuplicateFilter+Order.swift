extension DuplicateFilter {
    /// The snapshot's canonical order: by hour, then id.
    ///
    /// Ids are hashes, so their top bits spread them evenly: a bucket sort by hour and the top bits of
    /// `high`, about two ids a bucket (`Array.bucketSorted`). Hours too far apart for the buckets (a
    /// restored filter may hold any) and fewer than 64 ids take the comparison sort.
    /// - Complexity: O(n) expected, O(n log n) at worst.
    package static func sort(_ entries: inout [Entry]) {
        guard let first = entries.first, entries.count >= 64 else { return entries.sort(by: precedes) }
        let (low, high) = entries.reduce((first.hour, first.hour)) { (min($0.0, $1.hour), max($0.1, $1.hour)) }
        let span = Int(high) - Int(low) + 1
        let topBits = [Entry].bucketBits(forCount: entries.count / min(span, entries.count), bitsMax: 16)
        guard span << topBits <= bucketsMax else { return entries.sort(by: precedes) }
        entries = entries.bucketSorted(buckets: span << topBits, bucket: {
            (Int($0.hour) - Int(low)) << topBits | Int(truncatingIfNeeded: $0.high >> (64 - topBits))
        }, by: precedes)
    }

    /// The most buckets `sort` counts in (two arrays of 8 MiB).
    private static let bucketsMax = 1 << 20

    private static func precedes(_ a: Entry, _ b: Entry) -> Bool { (a.hour, a.high, a.low) < (b.hour, b.high, b.low) }
}
