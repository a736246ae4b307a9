import TallyCore

extension InsightColumns.Encoder {
    /// One block of a kind's records as gathered for the encoder: its fields (`BlockFields`), the
    /// shard of each record, the session names the records keep, and each stored name found in its
    /// shard's store. A few are made per section and passed between the two threads in turn.
    final class GatheredBlock: @unchecked Sendable {
        let fields = InsightColumns.BlockFields()
        var count = 0
        var recordShards: [Int] = []
        /// By record, for the kinds whose session column holds sessions (`hasSessions`).
        var sessionNames = [SessionName](repeating: SessionName(), count: InsightColumns.blockRecords)
        /// Per name column but the session column: each record's name's index in its shard's store,
        /// -1 for none, or `repeated` where it is the name before it (`lookUp`).
        var locals = [[Int]](repeating: [], count: InsightColumns.BlockFields.nameColumnsMax)
    }

    /// What a kind's `fields` writes a record into: the next fields of the block being gathered.
    struct Gatherer {
        let live: InsightState.Liveness
        private(set) var block: GatheredBlock
        private var nameColumn = 0, numberColumn = 0

        init(live: InsightState.Liveness, block: GatheredBlock) {
            self.live = live
            self.block = block
            start(block)
        }

        /// Gathers into `next`, from its first record.
        mutating func start(_ next: GatheredBlock) {
            block = next
            block.count = 0
            block.recordShards.removeAll(keepingCapacity: true)
        }

        /// The next name column of the record: `hash`, a name of the record's shard's store.
        mutating func name(_ hash: UInt64) {
            assert(block.count < InsightColumns.blockRecords && nameColumn < InsightColumns.BlockFields.nameColumnsMax,
                   "a field past its block's columns")
            block.fields.hashes[nameColumn * InsightColumns.blockRecords + block.count] = hash
            nameColumn += 1
        }

        /// The next name column of the record, a session's: its key hash, and its name as the record
        /// keeps it, entered in the dictionary when the block is written (`resolveSessions`).
        mutating func session(_ hash: UInt64, _ name: SessionName) {
            assert(nameColumn == InsightColumns.Encoder.sessionColumn, "a session name in a column that does not hold one")
            block.sessionNames[block.count] = name
            self.name(hash)
        }

        mutating func number(_ value: Int64) {
            assert(block.count < InsightColumns.blockRecords && numberColumn < InsightColumns.BlockFields.numberColumnsMax,
                   "a field past its block's columns")
            block.fields.numbers[numberColumn * InsightColumns.blockRecords + block.count] = value
            numberColumn += 1
        }

        /// Ends the record `shard`'s record just gathered.
        mutating func endRecord(shard: Int) {
            block.recordShards.append(shard)
            block.count += 1
            nameColumn = 0
            numberColumn = 0
        }
    }

    /// Gathers one kind's records, block by block, on a thread of its own, and finds their stored
    /// names in the stores (`lookUp`, random reads in tables of millions), while the encoder's thread
    /// enters the blocks before in the dictionary and writes them: the two halves of the work of a
    /// block overlap, and the section's output is the same as one thread's. Blocks go back and
    /// forth through two queues, so at most the blocks given are in use.
    final class GatherJob: @unchecked Sendable {
        /// Gathered blocks, in order; closed once the last is in.
        private let gathered: BlockingQueue<GatheredBlock>
        /// Blocks written, for the gatherer to fill again.
        private let free: BlockingQueue<GatheredBlock>
        private var thread: SystemThread?

        /// Starts `gather` on its own thread with `blocks`, which nothing else may use until `finish`.
        init(blocks: [GatheredBlock], _ gather: @escaping @Sendable (GatherJob) -> Void) {
            precondition(!blocks.isEmpty)
            gathered = BlockingQueue(capacity: blocks.count)
            free = BlockingQueue(capacity: blocks.count)
            for block in blocks { _ = free.push(block) }
            thread = SystemThread(name: "tt-snap-gather") { [self] in
                gather(self)
                gathered.close()
            }
        }

        /// The gathering thread's next block to fill; nil once the encoder has stopped.
        func blockToFill() -> GatheredBlock? { free.pop() }

        /// Hands a filled block to the encoder; false once the encoder has stopped.
        func hand(_ block: GatheredBlock) -> Bool { gathered.push(block) }

        /// The encoder's next block, in order; nil after the last.
        func next() -> GatheredBlock? { gathered.pop() }

        /// Gives a written block back to be filled again.
        func recycle(_ block: GatheredBlock) { _ = free.push(block) }

        /// Stops the gathering (when the encoder stops early) and waits for its thread. Called once.
        func finish() {
            precondition(thread != nil, "a gather job is finished once")
            free.close()
            gathered.close()
            thread?.join()
            thread = nil
        }
    }

    /// Gathers `entries`' records of `L`'s kind (`tables`, by shard) into blocks for `job`, each
    /// block's stored names found in `names`. Runs on the job's thread. O(records).
    static func gather<L: KindLayout>(
        _: L.Type, _ entries: [SortEntry], _ tables: [[L.Record]], _ names: [InsightNames], _ live: InsightState.Liveness,
        into job: GatherJob
    ) {
        withNameStores(names[...]) { stores in
            withRecords(tables[...]) { tables in
                guard let first = job.blockToFill() else { return }
                var gatherer = Gatherer(live: live, block: first)
                // Finds the block's stored names and hands it to the encoder; false once it has stopped.
                func handOver() -> Bool {
                    lookUpNames(L.kind, gatherer.block, stores)
                    return job.hand(gatherer.block)
                }
                for n in entries.indices {
                    // Key order visits the tables at random: start loading a record some way ahead.
                    if n + prefetchDistance < entries.count { prefetch(entries[n + prefetchDistance].position, in: tables) }
                    let position = entries[n].position, shard = Int(position >> 32)
                    L.fields(&gatherer, tables[shard][Int(position & 0xFFFF_FFFF)])
                    gatherer.endRecord(shard: shard)
                    guard gatherer.block.count == InsightColumns.blockRecords else { continue }
                    guard handOver(), let next = job.blockToFill() else { return }
                    gatherer.start(next)
                }
                if gatherer.block.count > 0 { _ = handOver() }
            }
        }
    }

    /// Finds each stored name of `block` in its shard's store (`GatheredBlock.locals`).
    private static func lookUpNames(_ kind: InsightColumns.Kind, _ block: GatheredBlock, _ stores: [InsightNames.Prefetcher]) {
        for c in 0..<kind.nameColumns where !(hasSessions(kind) && c == sessionColumn) {
            let hashes = UnsafeBufferPointer(block.fields.hashColumn(c, count: block.count))
            block.locals[c].removeAll(keepingCapacity: true)
            block.locals[c].append(contentsOf: repeatElement(repeated, count: block.count))
            block.recordShards.withUnsafeBufferPointer { shards in
                block.locals[c].withUnsafeMutableBufferPointer { lookUp(hashes, shards, stores, into: $0) }
            }
        }
    }
}
