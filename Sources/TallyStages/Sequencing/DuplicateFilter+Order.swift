extension DuplicateFilter {
    /// The snapshot's canonical order: by hour, then id.
    ///
    /// Ids are hashes, so their top bits spread them evenly: the entries are first distributed into
    /// buckets by hour and the top bits of `high` (a counting sort, about two entries a bucket), then
    /// each bucket is sorted, by insertion while it is small. Hours too far apart for the buckets
    /// (a restored filter may hold any) take the comparison sort of the whole.
    /// - Complexity: O(n) expected, O(n log n) at worst (buckets of more than `insertionMax`).
    package static func sort(_ entries: inout [Entry]) {
        guard let first = entries.first, entries.count > 1 else { return }
        let (low, high) = entries.reduce((first.hour, first.hour)) { (min($0.0, $1.hour), max($0.1, $1.hour)) }
        let span = Int(high) - Int(low) + 1
        var topBits = 0
        while topBits < 16, span << (topBits + 1) <= max(entries.count / 2, 1) { topBits += 1 }
        guard span << topBits <= bucketsMax, entries.count >= 64 else {
            entries.sort(by: precedes)
            return
        }
        entries = distribute(entries, buckets: span << topBits) {
            (Int($0.hour) - Int(low)) << topBits | Int(truncatingIfNeeded: $0.high >> (64 - topBits))
        }
    }

    /// The most buckets `sort` counts in (two arrays of 8 MiB).
    private static let bucketsMax = 1 << 20
    /// The largest bucket `sort` sorts by insertion.
    private static let insertionMax = 32

    private static func precedes(_ a: Entry, _ b: Entry) -> Bool { (a.hour, a.high, a.low) < (b.hour, b.high, b.low) }

    /// `entries` in bucket order (`bucket`, monotonic in `precedes`), each bucket then sorted.
    private static func distribute(_ entries: [Entry], buckets: Int, _ bucket: (Entry) -> Int) -> [Entry] {
        var ends = [Int](repeating: 0, count: buckets + 1)
        for entry in entries { ends[bucket(entry) + 1] += 1 }
        for b in 1...buckets { ends[b] += ends[b - 1] }
        var next = ends
        return [Entry](unsafeUninitializedCapacity: entries.count) { out, initialized in
            for entry in entries {
                let b = bucket(entry)
                (out.baseAddress! + next[b]).initialize(to: entry)
                next[b] += 1
            }
            initialized = entries.count
            for b in 0..<buckets where ends[b + 1] - ends[b] > 1 {
                var run = UnsafeMutableBufferPointer(rebasing: out[ends[b]..<ends[b + 1]])
                if run.count > insertionMax { run.sort(by: precedes) } else { insertionSort(&run) }
            }
        }
    }

    private static func insertionSort(_ run: inout UnsafeMutableBufferPointer<Entry>) {
        for i in 1..<run.count {
            let entry = run[i]
            var j = i
            while j > 0, precedes(entry, run[j - 1]) {
                run[j] = run[j - 1]
                j -= 1
            }
            run[j] = entry
        }
    }
}
