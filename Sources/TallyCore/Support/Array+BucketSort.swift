extension Array where Element: BitwiseCopyable {
    /// The largest bucket `bucketSorted` sorts by insertion; larger ones take the comparison sort.
    @inlinable package static var bucketInsertionMax: Int { 32 }

    /// The elements sorted by `precedes`, for keys that spread evenly over `buckets` (hashes, or times
    /// with their top bits): a counting sort distributes them by `bucket`, which must not decrease
    /// along the order (`precedes(a, b)` implies `bucket(a) <= bucket(b)`) and lie in `0..<buckets`,
    /// then each bucket is sorted, by insertion while it is small. Elements that tie keep no
    /// particular order: give `precedes` a last key that tells every two apart.
    /// - Complexity: O(n + buckets) expected with about one element a bucket; O(n log n) at worst
    ///   (buckets of more than `bucketInsertionMax`). Memory: a second array and two of `buckets` counts.
    /// Inlinable so that callers in other modules get it specialised for their element and closures.
    @inlinable
    package func bucketSorted(buckets: Int, bucket: (Element) -> Int, by precedes: (Element, Element) -> Bool) -> [Element] {
        var (sorted, ends) = distributed(buckets: buckets, bucket: bucket)
        sorted.withUnsafeMutableBufferPointer { out in
            for b in 0..<buckets where ends[b + 1] - ends[b] > 1 {
                var run = UnsafeMutableBufferPointer(rebasing: out[ends[b]..<ends[b + 1]])
                if run.count > Self.bucketInsertionMax { run.sort(by: precedes) } else { Self.insertionSort(&run, by: precedes) }
            }
        }
        return sorted
    }

    /// The elements in bucket order (a counting sort by `bucket`, which must lie in `0..<buckets`;
    /// within a bucket, in their order here), and where each bucket ends: bucket `b` is
    /// `elements[ends[b]..<ends[b + 1]]`. O(n + buckets).
    @inlinable
    package func distributed(buckets: Int, bucket: (Element) -> Int) -> (elements: [Element], ends: [Int]) {
        precondition(buckets > 0, "at least one bucket")
        var ends = [Int](repeating: 0, count: buckets + 1)
        for element in self { ends[bucket(element) + 1] += 1 }
        for b in 1...buckets { ends[b] += ends[b - 1] }
        var next = ends
        let elements = [Element](unsafeUninitializedCapacity: count) { out, initialized in
            for element in self {
                let b = bucket(element)
                (out.baseAddress! + next[b]).initialize(to: element)
                next[b] += 1
            }
            initialized = count
        }
        return (elements, ends)
    }

    @usableFromInline
    static func insertionSort(_ run: inout UnsafeMutableBufferPointer<Element>, by precedes: (Element, Element) -> Bool) {
        for i in 1..<run.count {
            let element = run[i]
            var j = i
            while j > 0, precedes(element, run[j - 1]) {
                run[j] = run[j - 1]
                j -= 1
            }
            run[j] = element
        }
    }

    /// How many top bits of a key spread `count` keys over about two a bucket, at most `bitsMax`.
    package static func bucketBits(forCount count: Int, bitsMax: Int) -> Int {
        var bits = 0
        while bits < bitsMax, 1 << (bits + 1) <= count / 2 { bits += 1 }
        return bits
    }
}
