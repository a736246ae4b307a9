import CPlatform
import TallyCore
import TallySnapshot

extension InsightColumns {
    /// Writes the shards' live insights records as the section's blocks (`InsightColumns`), straight
    /// from the shards' images: no merged copy of the records or the names.
    struct Encoder {
        /// Each kind's records are let go of once written (`encode`); the names stay to the end.
        private var images: [InsightImage]
        /// Every shard's names store, for the whole section.
        private let stores: [InsightNames]
        private let live: InsightState.Liveness
        /// Per name of every shard's store (shard `s`'s from `dictionaryBase[s]`): the name's
        /// dictionary index, `unset` until first used.
        private var dictionaryIndex: [UInt32]
        private let dictionaryBase: [Int]
        /// The dictionary index of each name hash already written (names several shards hold; unused
        /// with one shard, whose store holds each hash once).
        private var indexOfHash: [UInt64: UInt32] = [:]
        /// Names in the dictionary so far.
        private var dictionaryCount: UInt32 = 0
        private var nameLengths: [UInt32] = []
        private var nameBytes: [UInt8] = []
        /// The block's name columns as dictionary indices: as many as the widest kind has, of which a
        /// kind uses its first. Kept for the whole section, so their memory is allocated once.
        private var names = [[UInt32]](repeating: [], count: Kind.allCases.map(\.nameColumns).max()!)
        /// The blocks the gathering thread fills (`GatherJob`), made once per section: one being
        /// filled, one being written, one between.
        private let blocks = (0..<3).map { _ in GatheredBlock() }
        /// The dictionary index of each session name already written, by the session's key hash.
        private var indexOfSession: [UInt64: UInt32] = [:]
        /// Records written so far (the section's row count).
        private(set) var records = 0
        private static let unset = UInt32.max - 1

        /// The layout written: only the current one (`InsightState.section`); older ones are read.
        static let version = 4

        /// `images` are taken, not copied: held nowhere else, each kind's records are freed once written.
        init(_ images: consuming [InsightImage], windows: WindowSet) {
            let watermarkMs = images.map(\.watermarkMs).max() ?? Int64.min
            let counts = images.map(\.names.count)
            self.images = images
            stores = images.map(\.names)
            live = InsightState.Liveness(windows: windows, watermarkMs: watermarkMs)
            dictionaryIndex = [UInt32](repeating: Self.unset, count: counts.reduce(0, +))
            dictionaryBase = counts.indices.map { counts[..<$0].reduce(0, +) }
            // Most session records name a session of their own: grown one doubling at a time, the
            // dictionary rehashed a few hundred thousand names at the final cut.
            indexOfSession.reserveCapacity(self.images.map { $0.sessions.count + $0.sessionFronts.count + $0.loops.count }.reduce(0, +))
        }

        /// Every kind's live records, block by block; `flush` takes each finished block. Each kind's
        /// records are put in order on a thread of their own while the kind before is written,
        /// gathered into blocks on another while this one writes the blocks before (`GatherJob`),
        /// and let go of once written: when the images hold the only copy (the final cut's), the memory
        /// the section's own buffers need comes from the records already written.
        /// - Complexity: O(r log r) integer comparisons in the records, plus O(names used).
        mutating func encode(into out: inout ColumnWriter, flush: (inout ColumnWriter) throws -> Void) throws {
            let kinds = Kind.allCases  // in the section's order
            var plan = kindPlan(kinds[0])
            var entries: [SortEntry] = []
            plan.order(&entries)
            // The buffer of the kind before last, handed to the next job (moved, so never copied).
            var spare: [SortEntry] = []
            for k in kinds.indices {
                let nextPlan = k + 1 < kinds.count ? kindPlan(kinds[k + 1]) : nil
                let next = nextPlan.map { OrderJob($0.order, reusing: Self.take(&spare)) }
                // A kind that fails to write leaves no thread running.
                defer { if let next { entries = next.wait() } }
                try write(plan, entries, into: &out, flush)
                spare = Self.take(&entries)
                let release = plan.release
                if let nextPlan { plan = nextPlan }  // the written kind's plan held its tables too
                release(&images)
            }
        }

        /// `buffer`'s contents, leaving it empty: moved, never copied.
        static func take<T>(_ buffer: inout [T]) -> [T] {
            var taken: [T] = []
            swap(&taken, &buffer)
            return taken
        }

        /// Kind `kind`'s records: their keys and columns.
        private func kindPlan(_ kind: Kind) -> KindPlan {
            switch kind {
            case .person: plan(PersonLayout.self)
            case .activity: plan(ActivityLayout.self)
            case .session: plan(SessionLayout.self)
            case .closedSession: plan(ClosedSessionLayout.self)
            case .task: plan(TaskLayout.self)
            case .work: plan(WorkLayout.self)
            case .loop: plan(LoopLayout.self)
            }
        }

        /// A work record's key: user, then one word of its task hash's high 32 bits, its unit and its
        /// bucket's low 31 bits, then task, unit and bucket. A person's hour and day records of one
        /// task would all tie on (user, task), the two words the order entries carry, and each tie
        /// costs a second look at the records (`sortTies`); with the unit and bucket in the second
        /// word, ties come only from two tasks whose hashes share their high half.
        static func workKey(_ k: inout [UInt64], _ w: WorkRecord) {
            let head = workKeyHead(w)
            k.append(head.first); k.append(head.second); k.append(w.id.task)
            k.append(UInt64(bitPattern: w.id.unit)); k.append(UInt64(bitPattern: w.id.bucket))
        }

        static func workKeyHead(_ w: WorkRecord) -> KeyHead {
            let id = w.id
            return (id.user, id.task & 0xFFFF_FFFF_0000_0000 | UInt64(id.unit & 1) << 31 | UInt64(truncatingIfNeeded: id.bucket) & 0x7FFF_FFFF)
        }

        /// One kind's part of the section: how its live records are ordered (`order`) and gathered
        /// into blocks (`gather`), both safe to run on another thread (they read only the images'
        /// arrays and the names stores), and how the images let go of them.
        struct KindPlan {
            let kind: Kind
            let order: @Sendable (inout [SortEntry]) -> Void
            let gather: @Sendable ([SortEntry], GatherJob) -> Void
            let release: (inout [InsightImage]) -> Void
        }

        /// The plan of `L`'s kind. Its calls per record (liveness, key, fields) are `L`'s static
        /// functions, passed into `order` and `write`, which inline them: as closures stored per
        /// kind, each call went through a reabstraction thunk (a fifth of the order thread).
        private func plan<L: KindLayout>(_: L.Type) -> KindPlan {
            let tables = images.map { $0[keyPath: L.table] }
            let live = live, stores = stores
            return KindPlan(
                kind: L.kind,
                order: { Self.order(tables, { L.isLive($0, live) }, L.head, L.key, into: &$0) },
                gather: { entries, job in Self.gather(L.self, entries, tables, stores, live, into: job) },
                release: { images in for i in images.indices { images[i][keyPath: L.table] = [] } })
        }

        /// One kind's live records of every shard, in the order `entries` gives (`order`), in blocks
        /// gathered on a thread of their own (`GatherJob`).
        private mutating func write(
            _ plan: KindPlan, _ entries: [SortEntry], into out: inout ColumnWriter, _ flush: (inout ColumnWriter) throws -> Void
        ) throws {
            let gather = plan.gather
            let job = GatherJob(blocks: blocks) { gather(entries, $0) }
            // Stops the gathering when a block fails to write.
            defer { job.finish() }
            while let block = job.next() {
                try writeBlock(plan.kind, block, into: &out, flush)
                job.recycle(block)
            }
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
        @inline(__always)
        static func order<R>(
            _ tables: [[R]], _ isLive: (R) -> Bool, _ head: (R) -> KeyHead, _ key: (inout [UInt64], R) -> Void,
            into entries: inout [SortEntry]
        ) {
            var starts = [Int](repeating: 0, count: (1 << (64 - bucketShift)) + 1)
            for records in tables {
                for record in records where isLive(record) { starts[Int(head(record).first >> bucketShift) + 1] += 1 }
            }
            for b in 1..<starts.count { starts[b] += starts[b - 1] }
            entries.removeAll(keepingCapacity: true)
            entries.append(contentsOf: repeatElement(SortEntry(0, 0, 0), count: starts.last!))
            for (shard, records) in tables.enumerated() {
                for (i, record) in records.enumerated() where isLive(record) {
                    let (first, second) = head(record), bucket = Int(first >> bucketShift)
                    entries[starts[bucket]] = (first, second, UInt64(shard) << 32 | UInt64(i))
                    starts[bucket] += 1
                }
            }
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
            sortTies(&entries, tables, key)
        }

        /// Sorts each run of `entries` (sorted by first, second, position) that share their first two
        /// key words by the rest of their keys, computed for that run alone: a person's work records
        /// on one task share two words.
        private static func sortTies<R>(_ entries: inout [SortEntry], _ tables: [[R]], _ key: (inout [UInt64], R) -> Void) {
            var keys: [UInt64] = [], run: [(entry: SortEntry, ordinal: Int)] = []
            func record(_ n: Int) -> R { tables[Int(entries[n].position >> 32)][Int(entries[n].position & 0xFFFF_FFFF)] }
            // Keys of two words or fewer are whole in the entries.
            guard let first = entries.indices.first else { return }
            key(&keys, record(first))
            assert(keys[0] == entries[first].first && (keys.count > 1 ? keys[1] : 0) == entries[first].second,
                   "a kind's key head is its key's first two words")
            let width = keys.count
            guard width > 2 else { return }
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
                        key(&keys, record(n))
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
        /// A record's first two key words (the second 0 for a key of one word).
        typealias KeyHead = (first: UInt64, second: UInt64)
        /// Buckets are the top 16 bits of the first key word: 65,536 of them.
        private static let bucketShift: UInt64 = 48

        /// How many records ahead of the one being gathered `gather` starts loading: enough to cover
        /// a miss to memory at the few nanoseconds each record takes to gather.
        static let prefetchDistance = 16

        /// Starts loading every cache line of the record at `position` (shard << 32 | index).
        @inline(__always)
        static func prefetch<R>(_ position: UInt64, in tables: [UnsafeBufferPointer<R>]) {
            let record = UnsafeRawPointer(tables[Int(position >> 32)].baseAddress! + Int(position & 0xFFFF_FFFF))
            for line in stride(from: 0, to: MemoryLayout<R>.size, by: 64) { tt_prefetch_read(record + line) }
        }

        /// Calls `body` with a view of every shard's records, valid only there: a record read
        /// through the arrays retained and released its shard's array (twice a record, with the
        /// prefetch).
        static func withRecords<R>(
            _ tables: ArraySlice<[R]>, _ views: [UnsafeBufferPointer<R>] = [], _ body: ([UnsafeBufferPointer<R>]) throws -> Void
        ) rethrows {
            guard let first = tables.first else { return try body(views) }
            try first.withUnsafeBufferPointer { try withRecords(tables.dropFirst(), views + [$0], body) }
        }

        /// The name column that holds sessions, in the kinds that have one (`hasSessions`).
        static let sessionColumn = 1

        static func hasSessions(_ kind: Kind) -> Bool { kind == .session || kind == .closedSession || kind == .loop }

        /// Name column `c` of `block` as dictionary indices (`names[c]`), entering each name in the
        /// dictionary at its first use, in the order of the records: the gathering thread has found
        /// each name in its shard's store (`locals`). Random loads (the dictionary index is a table of
        /// millions) and the name's entry in its store (where its text is) start some records ahead,
        /// its text once both are in. A name that repeats the one before it in the column
        /// takes its index.
        /// - Complexity: O(records) expected.
        private mutating func resolve(_ c: Int, _ block: GatheredBlock, _ stores: [InsightNames.Prefetcher]) {
            let count = block.count, locals = block.locals[c], shards = block.recordShards
            let hashes = UnsafeBufferPointer(block.fields.hashColumn(c, count: count))
            var column = Self.take(&names[c])
            column.removeAll(keepingCapacity: true)
            for i in 0..<count {
                if case let a = i + Self.indexAhead, a < count, locals[a] >= 0 {
                    dictionaryIndex.withUnsafeBufferPointer { tt_prefetch_read($0.baseAddress! + dictionaryBase[shards[a]] + locals[a]) }
                    stores[shards[a]].entry(index: locals[a])
                }
                // By now the dictionary index has loaded: only a name not written yet needs its text.
                if case let t = i + Self.textAhead, t < count, locals[t] >= 0,
                    dictionaryIndex[dictionaryBase[shards[t]] + locals[t]] == Self.unset {
                    stores[shards[t]].text(index: locals[t])
                }
                let local = locals[i]
                column.append(local == Self.repeated ? column[i - 1] : reference(local: local, hashes[i], shards[i], stores))
            }
            names[c] = column
        }

        /// Session column `c` of the block as dictionary indices (`names[c]`), as `resolve` does for
        /// stored names: each session's name enters the dictionary at its first use, by its key hash.
        /// The names are in the records (`SessionName`); only one too long to keep there is found in
        /// its shard's store. O(records) expected.
        private mutating func resolveSessions(_ c: Int, _ block: GatheredBlock, _ stores: [InsightNames.Prefetcher]) {
            let hashes = UnsafeBufferPointer(block.fields.hashColumn(c, count: block.count)), shards = block.recordShards
            var column = Self.take(&names[c])
            column.removeAll(keepingCapacity: true)
            for i in 0..<block.count {
                let hash = hashes[i], shard = shards[i]
                if i > 0, hash == hashes[i - 1], shard == shards[i - 1] {
                    column.append(column[i - 1])
                } else if hash == 0 {
                    column.append(absent)
                } else if block.sessionNames[i].isOverflow {
                    column.append(reference(local: stores[shard].table.find(hash: hash, hash) ?? -1, hash, shard, stores))
                } else if let known = indexOfSession[hash] {
                    column.append(known)
                } else {
                    column.append(block.sessionNames[i].withBytes { text in enter(text) })
                    indexOfSession[hash] = column[i]
                }
            }
            names[c] = column
        }

        /// Adds `text` to the dictionary: its index, or `absent` for an empty name.
        private mutating func enter(_ text: UnsafeRawBufferPointer) -> UInt32 {
            guard !text.isEmpty else { return absent }
            defer { dictionaryCount += 1 }
            nameLengths.append(UInt32(text.count))
            nameBytes.append(contentsOf: text)
            return dictionaryCount
        }

        /// Finds each name of a column (`hashes`, of the stores `shards` names) in its store:
        /// `locals[i]` becomes the name's index there, -1 when it has none or is unknown, and stays
        /// `repeated` where the name is the one before it. A pipeline: the slot of the name `slotAhead`
        /// ahead, the entry of the one `entryAhead` ahead and the lookup of this one overlap.
        static func lookUp(
            _ hashes: UnsafeBufferPointer<UInt64>, _ shards: UnsafeBufferPointer<Int>, _ stores: [InsightNames.Prefetcher],
            into locals: UnsafeMutableBufferPointer<Int>
        ) {
            let count = hashes.count
            func isLookedUp(_ i: Int) -> Bool {
                hashes[i] != 0 && !(i > 0 && hashes[i] == hashes[i - 1] && shards[i] == shards[i - 1])
            }
            for i in 0..<count {
                if case let s = i + slotAhead, s < count, isLookedUp(s) { stores[shards[s]].table.slot(hash: hashes[s]) }
                if case let e = i + entryAhead, e < count, isLookedUp(e) { stores[shards[e]].table.record(hash: hashes[e]) }
                if hashes[i] == 0 {
                    locals[i] = -1
                } else if isLookedUp(i) {
                    locals[i] = stores[shards[i]].table.find(hash: hashes[i], hashes[i]) ?? -1
                }
            }
        }

        /// How far ahead of the name being looked up `lookUp` starts loading its slot and its entry,
        /// and how far ahead of the name being entered `resolve` starts loading its dictionary index
        /// and (for a name not yet written) its text.
        private static let slotAhead = 12, entryAhead = 6, indexAhead = 12, textAhead = 6
        /// `locals` marks a name that repeats the one before it.
        static let repeated = -2

        /// The dictionary index of name `local` of shard `shard`'s store (hash `hash`), entering it in
        /// the dictionary if it is new; `absent` for no name (`local` -1) or an empty one.
        private mutating func reference(local: Int, _ hash: UInt64, _ shard: Int, _ stores: [InsightNames.Prefetcher]) -> UInt32 {
            guard local >= 0 else { return absent }
            let known = dictionaryIndex[dictionaryBase[shard] + local]
            if known != Self.unset { return known }
            let text = stores[shard].text(at: local)
            let index: UInt32
            if text.isEmpty {
                index = absent
            } else if images.count > 1, let other = indexOfHash[hash] {
                index = other
            } else {
                index = enter(UnsafeRawBufferPointer(text))
                if images.count > 1 { indexOfHash[hash] = index }
            }
            dictionaryIndex[dictionaryBase[shard] + local] = index
            return index
        }

        /// Calls `body` with a view of every shard's name store, valid only there.
        static func withNameStores(
            _ names: ArraySlice<InsightNames>, _ stores: [InsightNames.Prefetcher] = [], _ body: ([InsightNames.Prefetcher]) -> Void
        ) {
            guard let first = names.first else { return body(stores) }
            first.withPrefetcher { withNameStores(names.dropFirst(), stores + [$0], body) }
        }

        private mutating func writeBlock(
            _ kind: Kind, _ block: GatheredBlock, into out: inout ColumnWriter, _ flush: (inout ColumnWriter) throws -> Void
        ) throws {
            // The block's new names are known once its name columns are resolved.
            Self.withNameStores(stores[...]) { stores in
                for c in 0..<kind.nameColumns {
                    if Self.hasSessions(kind), c == Self.sessionColumn { resolveSessions(c, block, stores) } else { resolve(c, block, stores) }
                }
            }
            let blockCount = block.count, fields = block.fields
            out.append(kind.rawValue)
            out.append(UInt32(blockCount))
            out.append(UInt32(nameLengths.count))
            out.append(column: nameLengths, planes: true)
            nameBytes.withUnsafeBytes { out.append(raw: $0) }
            for c in 0..<kind.nameColumns { out.append(column: names[c], planes: true) }
            // Last column first, so every base column is still whole when its differences are taken.
            let columns = kind.numberColumns(version: Self.version)
            for c in (0..<columns).reversed() {
                guard let base = kind.differenceBase(of: c, version: Self.version) else { continue }
                let column = fields.numberColumn(c, count: blockCount), bases = fields.numberColumn(base, count: blockCount)
                for i in column.indices { column[i] &-= bases[i] }
            }
            for c in 0..<columns { out.append(column: UnsafeBufferPointer(fields.numberColumn(c, count: blockCount)), planes: true) }
            nameLengths.removeAll(keepingCapacity: true)
            nameBytes.removeAll(keepingCapacity: true)
            records += blockCount
            try flush(&out)
        }
    }
}

extension InsightColumns.Encoder {
    /// How the encoder orders and writes one kind of record: which images' arrays hold it, which
    /// records are live, its key (the first two words of which the order entries carry) and its
    /// columns, in the order of `InsightColumns.Kind`'s name and number columns. Static, so that
    /// `plan` specialises the per-record calls instead of calling closures.
    protocol KindLayout: SendableMetatype {
        associatedtype Record: Sendable
        static var kind: InsightColumns.Kind { get }
        static var table: WritableKeyPath<InsightImage, [Record]> { get }
        static func isLive(_ record: Record, _ live: InsightState.Liveness) -> Bool
        static func head(_ record: Record) -> KeyHead
        static func key(_ keys: inout [UInt64], _ record: Record)
        static func fields(_ gatherer: inout Gatherer, _ record: Record)
    }

    enum PersonLayout: KindLayout {
        static var kind: InsightColumns.Kind { .person }
        static var table: WritableKeyPath<InsightImage, [UserRecord]> { \.users }
        static func isLive(_ r: UserRecord, _ live: InsightState.Liveness) -> Bool { live.user(r) }
        static func head(_ r: UserRecord) -> KeyHead { (r.user, 0) }
        static func key(_ k: inout [UInt64], _ r: UserRecord) { k.append(r.user) }
        static func fields(_ e: inout Gatherer, _ r: UserRecord) {
            e.name(r.user); e.name(r.team); e.name(r.org); e.number(r.latestMs)
        }
    }

    /// A person's activity records share their second name (the team), so the hash of the whole
    /// identity comes second: ties on the first two words, which cost a second look at the
    /// records, then happen only between equal identities' hashes.
    enum ActivityLayout: KindLayout {
        static var kind: InsightColumns.Kind { .activity }
        static var table: WritableKeyPath<InsightImage, [ActivityRecord]> { \.activity }
        static func isLive(_ r: ActivityRecord, _ live: InsightState.Liveness) -> Bool { live.activity(r) }
        static func head(_ r: ActivityRecord) -> KeyHead { (r.id.user, r.id.hash) }
        static func key(_ k: inout [UInt64], _ r: ActivityRecord) {
            k.append(r.id.user); k.append(r.id.hash)
            k.append(r.id.team); k.append(r.id.org); k.append(r.id.model); k.append(r.id.tool)
        }
        static func fields(_ e: inout Gatherer, _ r: ActivityRecord) {
            e.name(r.id.user); e.name(r.id.team); e.name(r.id.org); e.name(r.id.model); e.name(r.id.tool)
            e.number(r.lastHour); e.number(Int64(bitPattern: e.live.daysWithinHorizon(r)))
        }
    }

    enum SessionLayout: KindLayout {
        static var kind: InsightColumns.Kind { .session }
        static var table: WritableKeyPath<InsightImage, [SessionRecord]> { \.sessions }
        static func isLive(_ r: SessionRecord, _ live: InsightState.Liveness) -> Bool { live.session(r) }
        static func head(_ r: SessionRecord) -> KeyHead { (r.id.user, r.id.session) }
        static func key(_ k: inout [UInt64], _ r: SessionRecord) { k.append(r.id.user); k.append(r.id.session) }
        static func fields(_ e: inout Gatherer, _ r: SessionRecord) {
            e.name(r.id.user); e.session(r.id.session, r.name)
            e.number(r.firstMs); e.number(r.lastMs); e.number(r.calls); e.number(r.tokens)
            let k = r.streak
            e.number(k.startMs); e.number(k.lastMs); e.number(k.calls); e.number(k.intervalMs)
            e.number(k.firstTokens); e.number(k.firstOutput); e.number(k.tokens)
        }
    }

    enum ClosedSessionLayout: KindLayout {
        static var kind: InsightColumns.Kind { .closedSession }
        static var table: WritableKeyPath<InsightImage, [SessionFronts.Entry]> { \.sessionFronts }
        static func isLive(_ c: SessionFronts.Entry, _ live: InsightState.Liveness) -> Bool { live.front(c) }
        static func head(_ c: SessionFronts.Entry) -> KeyHead { (c.user, c.session) }
        static func key(_ k: inout [UInt64], _ c: SessionFronts.Entry) {
            k.append(c.user); k.append(c.session)
            k.append(UInt64(bitPattern: c.firstMs)); k.append(UInt64(bitPattern: c.lastMs))
        }
        static func fields(_ e: inout Gatherer, _ c: SessionFronts.Entry) {
            e.name(c.user); e.session(c.session, c.name); e.number(c.firstMs); e.number(c.lastMs)
        }
    }

    enum TaskLayout: KindLayout {
        static var kind: InsightColumns.Kind { .task }
        static var table: WritableKeyPath<InsightImage, [TaskRecord]> { \.tasks }
        static func isLive(_ t: TaskRecord, _ live: InsightState.Liveness) -> Bool { live.task(t) }
        static func head(_ t: TaskRecord) -> KeyHead { (t.task, 0) }
        static func key(_ k: inout [UInt64], _ t: TaskRecord) { k.append(t.task) }
        static func fields(_ e: inout Gatherer, _ t: TaskRecord) {
            e.name(t.task); e.name(t.status)
            e.number(t.lastHour); e.number(t.statusMs); e.number(t.callsSinceStatus); e.number(t.tokensSinceStatus)
            e.number(t.shippedMs)
        }
    }

    enum WorkLayout: KindLayout {
        static var kind: InsightColumns.Kind { .work }
        static var table: WritableKeyPath<InsightImage, [WorkRecord]> { \.work }
        static func isLive(_ w: WorkRecord, _ live: InsightState.Liveness) -> Bool { live.work(w) }
        static func head(_ w: WorkRecord) -> KeyHead { InsightColumns.Encoder.workKeyHead(w) }
        static func key(_ k: inout [UInt64], _ w: WorkRecord) { InsightColumns.Encoder.workKey(&k, w) }
        static func fields(_ e: inout Gatherer, _ w: WorkRecord) {
            e.name(w.id.user); e.name(w.id.task); e.name(w.team); e.name(w.org)
            e.number(w.id.unit); e.number(w.id.bucket); e.number(w.tokens)
        }
    }

    enum LoopLayout: KindLayout {
        static var kind: InsightColumns.Kind { .loop }
        static var table: WritableKeyPath<InsightImage, [LoopRecord]> { \.loops }
        static func isLive(_ l: LoopRecord, _ live: InsightState.Liveness) -> Bool { live.loop(l) }
        static func head(_ l: LoopRecord) -> KeyHead { (l.user, l.session) }
        static func key(_ k: inout [UInt64], _ l: LoopRecord) {
            k.append(l.user); k.append(l.session)
            for v in [l.startMs, l.endMs, l.calls, l.tokens] { k.append(UInt64(bitPattern: v)) }
        }
        static func fields(_ e: inout Gatherer, _ l: LoopRecord) {
            e.name(l.user); e.session(l.session, l.name)
            e.number(l.startMs); e.number(l.endMs); e.number(l.calls); e.number(l.tokens)
        }
    }
}
