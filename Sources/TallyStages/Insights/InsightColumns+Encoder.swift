import CPlatform
import TallyCore
import TallySnapshot

extension InsightColumns {
    /// Writes the shards' live insights records as the section's blocks (`InsightColumns`), straight
    /// from the shards' images: no merged copy of the records or the names.
    struct Encoder {
        private let images: [InsightImage]
        private let live: InsightState.Liveness
        /// Per shard, per name of its store: the name's dictionary index, `unset` until first used.
        private var dictionaryIndex: [[UInt32]]
        /// The dictionary index of each name hash already written (names several shards hold; unused
        /// with one shard, whose store holds each hash once).
        private var indexOfHash: [UInt64: UInt32] = [:]
        /// Names in the dictionary so far.
        private var dictionaryCount: UInt32 = 0
        /// Scratch for `order`, reused by every kind: the live records in key order.
        private var sortEntries: [SortEntry] = []
        private var nameLengths: [UInt32] = []
        private var nameBytes: [UInt8] = []
        private var names: [[UInt32]] = []
        private var numbers: [[Int64]] = []
        private var nameColumn = 0, numberColumn = 0
        /// Per name column, the last (shard, hash) referenced and its dictionary index: records in
        /// key order repeat their person, team and org, which then skip the names store.
        private var lastReference = [(shard: Int, hash: UInt64, index: UInt32)](
            repeating: (-1, 0, 0), count: Kind.allCases.map(\.nameColumns).max()!)
        private var blockCount = 0
        /// Records written so far (the section's row count).
        private(set) var records = 0
        private static let unset = UInt32.max - 1

        init(_ images: [InsightImage], windows: WindowSet) {
            self.images = images
            live = InsightState.Liveness(windows: windows, watermarkMs: images.map(\.watermarkMs).max() ?? Int64.min)
            dictionaryIndex = images.map { [UInt32](repeating: Self.unset, count: $0.names.count) }
        }

        /// Every kind's live records, block by block; `flush` takes each finished block.
        /// - Complexity: O(r log r) integer comparisons in the records, plus O(names used).
        mutating func encode(into out: inout ColumnWriter, flush: (inout ColumnWriter) throws -> Void) throws {
            let live = live
            try encode(.person, \.users, live.user, { k, r in k.append(r.user) }, into: &out, flush) { e, s, r in
                e.name(r.user, s); e.name(r.team, s); e.name(r.org, s); e.number(r.latestMs)
            }
            // A person's activity records share their second name (the team), so the hash of the whole
            // identity comes second: ties on the first two words, which cost a second look at the
            // records, then happen only between equal identities' hashes.
            try encode(.activity, \.activity, live.activity, { k, r in
                k.append(r.id.user); k.append(r.id.hash)
                k.append(r.id.team); k.append(r.id.org); k.append(r.id.model); k.append(r.id.tool)
            }, into: &out, flush) { e, s, r in
                e.name(r.id.user, s); e.name(r.id.team, s); e.name(r.id.org, s); e.name(r.id.model, s); e.name(r.id.tool, s)
                e.number(r.lastHour); e.number(r.lastDay); e.number(Int64(bitPattern: live.daysWithinHorizon(r)))
            }
            try encode(.session, \.sessions, live.session, { k, r in k.append(r.id.user); k.append(r.id.session) },
                       into: &out, flush) { e, s, r in
                e.name(r.id.user, s); e.name(r.id.session, s)
                e.number(r.firstMs); e.number(r.lastMs); e.number(r.calls); e.number(r.tokens)
                let k = r.streak
                for v in [k.startMs, k.lastMs, k.calls, k.intervalMs, k.firstTokens, k.firstOutput, k.tokens] { e.number(v) }
            }
            try encode(.closedSession, \.sessionFronts, live.front, { k, c in
                k.append(c.user); k.append(c.session)
                k.append(UInt64(bitPattern: c.firstMs)); k.append(UInt64(bitPattern: c.lastMs))
            }, into: &out, flush) { e, s, c in
                e.name(c.user, s); e.name(c.session, s); e.number(c.firstMs); e.number(c.lastMs)
            }
            try encode(.task, \.tasks, live.task, { k, t in k.append(t.task) }, into: &out, flush) { e, s, t in
                e.name(t.task, s); e.name(t.status, s)
                for v in [t.firstMs, t.lastMs, t.calls, t.tokens, t.costNanoUSD, t.statusMs, t.callsSinceStatus, t.tokensSinceStatus, t.shippedMs] {
                    e.number(v)
                }
            }
            try encode(.work, \.work, live.work, { k, w in
                k.append(w.id.user); k.append(w.id.task); k.append(UInt64(bitPattern: w.id.unit))
                k.append(UInt64(bitPattern: w.id.bucket))
            }, into: &out, flush) { e, s, w in
                e.name(w.id.user, s); e.name(w.id.task, s); e.name(w.team, s); e.name(w.org, s)
                for v in [w.id.unit, w.id.bucket, w.tokens, w.costNanoUSD, w.calls] { e.number(v) }
            }
            try encode(.loop, \.loops, live.loop, { k, l in
                k.append(l.user); k.append(l.session)
                for v in [l.startMs, l.endMs, l.calls, l.tokens] { k.append(UInt64(bitPattern: v)) }
            }, into: &out, flush) { e, s, l in
                e.name(l.user, s); e.name(l.session, s)
                for v in [l.startMs, l.endMs, l.calls, l.tokens] { e.number(v) }
            }
        }

        /// One kind's live records of every shard in canonical order (`order`), in blocks.
        private mutating func encode<R>(
            _ kind: Kind, _ table: KeyPath<InsightImage, [R]>, _ isLive: (R) -> Bool, _ key: (inout [UInt64], R) -> Void,
            into out: inout ColumnWriter, _ flush: (inout ColumnWriter) throws -> Void, fields: (inout Self, Int, R) -> Void
        ) throws {
            let tables = images.map { $0[keyPath: table] }
            names = [[UInt32]](repeating: [], count: kind.nameColumns)
            numbers = [[Int64]](repeating: [], count: kind.numberColumns)
            Self.order(tables, isLive, key, into: &sortEntries)
            for n in sortEntries.indices {
                // Key order visits the tables at random: start loading a record some way ahead.
                if n + Self.prefetchDistance < sortEntries.count {
                    Self.prefetch(sortEntries[n + Self.prefetchDistance].position, in: tables)
                }
                let position = sortEntries[n].position, shard = Int(position >> 32)
                fields(&self, shard, tables[shard][Int(position & 0xFFFF_FFFF)])
                nameColumn = 0
                numberColumn = 0
                blockCount += 1
                if blockCount == blockRecords { try writeBlock(kind, into: &out, flush) }
            }
            if blockCount > 0 { try writeBlock(kind, into: &out, flush) }
        }

        /// The live records ordered by their keys: the key hashes of the names that identify the
        /// record, person first (one person's records lie together and compress better), then its
        /// numbers, then its position (shard << 32 | index), as one stable sort would leave them. The
        /// order depends only on the records, not on the shard or the order they were added in.
        ///
        /// Each entry carries the record's first two key words, so most comparisons read no other
        /// memory; the rest of a key is computed again only where the first two are equal. Entries
        /// are distributed by bucket first (the top 16 bits of the first word: hashes are well
        /// mixed, so a bucket holds a few people's or tasks' records), then each bucket is sorted.
        /// - Complexity: O(r log(r / 65,536)) comparisons, 24 bytes per live record (`entries`).
        static func order<R>(
            _ tables: [[R]], _ isLive: (R) -> Bool, _ key: (inout [UInt64], R) -> Void, into entries: inout [SortEntry]
        ) {
            var words: [UInt64] = []
            func entry(_ record: R, _ position: UInt64) -> SortEntry {
                words.removeAll(keepingCapacity: true)
                key(&words, record)
                return (words[0], words.count > 1 ? words[1] : 0, position)
            }
            var starts = [Int](repeating: 0, count: (1 << (64 - bucketShift)) + 1)
            for records in tables {
                for record in records where isLive(record) { starts[Int(entry(record, 0).first >> bucketShift) + 1] += 1 }
            }
            for b in 1..<starts.count { starts[b] += starts[b - 1] }
            entries.removeAll(keepingCapacity: true)
            entries.append(contentsOf: repeatElement(SortEntry(0, 0, 0), count: starts.last!))
            for (shard, records) in tables.enumerated() {
                for (i, record) in records.enumerated() where isLive(record) {
                    let e = entry(record, UInt64(shard) << 32 | UInt64(i)), bucket = Int(e.first >> bucketShift)
                    entries[starts[bucket]] = e
                    starts[bucket] += 1
                }
            }
            let width = words.count
            // Sorted through a buffer pointer: sorting an array's slice copies it first.
            entries.withUnsafeMutableBufferPointer { all in
                var start = 0
                while start < all.count {
                    var end = start + 1
                    while end < all.count, all[end].first >> bucketShift == all[start].first >> bucketShift { end += 1 }
                    if end - start > 1 {
                        var bucket = UnsafeMutableBufferPointer(rebasing: all[start..<end])
                        bucket.sort { ($0.first, $0.second, $0.position) < ($1.first, $1.second, $1.position) }
                    }
                    start = end
                }
            }
            if width > 2 { sortTies(&entries, tables, key, width: width) }
        }

        /// Sorts each run of `entries` (sorted by first, second, position) that share their first two
        /// key words by the rest of their keys, computed for that run alone: a person's work records
        /// on one task share two words.
        private static func sortTies<R>(
            _ entries: inout [SortEntry], _ tables: [[R]], _ key: (inout [UInt64], R) -> Void, width: Int
        ) {
            var keys: [UInt64] = [], run: [(entry: SortEntry, ordinal: Int)] = []
            var start = 0
            while start < entries.count {
                var end = start + 1
                while end < entries.count, entries[end].first == entries[start].first, entries[end].second == entries[start].second {
                    end += 1
                }
                if end - start > 1 {
                    keys.removeAll(keepingCapacity: true)
                    run.removeAll(keepingCapacity: true)
                    for n in start..<end {
                        let p = entries[n].position
                        key(&keys, tables[Int(p >> 32)][Int(p & 0xFFFF_FFFF)])
                        run.append((entries[n], n - start))
                    }
                    // Equal keys keep their position order, as in one stable sort.
                    run.sort { a, b in
                        for f in 2..<width where keys[a.ordinal * width + f] != keys[b.ordinal * width + f] {
                            return keys[a.ordinal * width + f] < keys[b.ordinal * width + f]
                        }
                        return a.entry.position < b.entry.position
                    }
                    for (i, r) in run.enumerated() { entries[start + i] = r.entry }
                }
                start = end
            }
        }

        /// A live record's first two key words and its position (shard << 32 | index).
        typealias SortEntry = (first: UInt64, second: UInt64, position: UInt64)
        /// Buckets are the top 16 bits of the first key word: 65,536 of them.
        private static let bucketShift: UInt64 = 48

        /// How many records ahead of the one being written `encode` starts loading: enough to cover
        /// a miss to memory at the few nanoseconds each record takes to write.
        private static let prefetchDistance = 16

        /// Starts loading every cache line of the record at `position` (shard << 32 | index).
        @inline(__always)
        private static func prefetch<R>(_ position: UInt64, in tables: [[R]]) {
            tables[Int(position >> 32)].withUnsafeBufferPointer { records in
                let record = UnsafeRawPointer(records.baseAddress! + Int(position & 0xFFFF_FFFF))
                for line in stride(from: 0, to: MemoryLayout<R>.size, by: 64) { tt_prefetch_read(record + line) }
            }
        }

        /// The next name column of the record: `hash`'s dictionary index (shard `shard`'s name store),
        /// entering the name in the dictionary at its first use.
        private mutating func name(_ hash: UInt64, _ shard: Int) {
            let last = lastReference[nameColumn]
            let index: UInt32
            if last.shard == shard, last.hash == hash {
                index = last.index
            } else {
                index = reference(hash, shard)
                lastReference[nameColumn] = (shard, hash, index)
            }
            names[nameColumn].append(index)
            nameColumn += 1
        }

        private mutating func number(_ value: Int64) {
            numbers[numberColumn].append(value)
            numberColumn += 1
        }

        private mutating func reference(_ hash: UInt64, _ shard: Int) -> UInt32 {
            let store = images[shard].names
            guard let local = store.index(hash) else { return absent }
            let known = dictionaryIndex[shard][local]
            if known != Self.unset { return known }
            let text = store.text(at: local)
            let index: UInt32
            if text.isEmpty {
                index = absent
            } else if images.count > 1, let other = indexOfHash[hash] {
                index = other
            } else {
                index = dictionaryCount
                dictionaryCount += 1
                if images.count > 1 { indexOfHash[hash] = index }
                nameLengths.append(UInt32(text.count))
                nameBytes.append(contentsOf: text)
            }
            dictionaryIndex[shard][local] = index
            return index
        }

        private mutating func writeBlock(_ kind: Kind, into out: inout ColumnWriter, _ flush: (inout ColumnWriter) throws -> Void) throws {
            out.append(kind.rawValue)
            out.append(UInt32(blockCount))
            out.append(UInt32(nameLengths.count))
            out.append(column: nameLengths)
            nameBytes.withUnsafeBytes { out.append(raw: $0) }
            for c in names.indices {
                out.append(column: names[c])
                names[c].removeAll(keepingCapacity: true)
            }
            for c in numbers.indices {
                out.append(column: numbers[c])
                numbers[c].removeAll(keepingCapacity: true)
            }
            nameLengths.removeAll(keepingCapacity: true)
            nameBytes.removeAll(keepingCapacity: true)
            records += blockCount
            blockCount = 0
            try flush(&out)
        }
    }
}
