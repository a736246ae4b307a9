#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore
import TallyEvents
import TallySnapshot
import TallyStages

/// The reader's Kafka input: each message value is one event line (schema v1). Messages are copied
/// into chunks, one partition per chunk, each chunk stamped with its partition's offsets so that the
/// sequencer records the partition's next offset as the batch is counted (docs/scale-out.md).
extension InputReader {
    /// Each assigned partition's next offset, and where `--kafka-until-caught-up` stops.
    struct KafkaProgress {
        var next: [Int32: Int64] = [:]
        var end: [Int32: Int64] = [:]

        init(_ partitions: [KafkaConsumer.Partition]) {
            for p in partitions {
                next[p.id] = p.startOffset
                end[p.id] = p.endOffset
            }
        }

        var caughtUp: Bool { end.allSatisfy { next[$0.key]! >= $0.value } }
    }

    /// Reads `source` until a stop is asked for or, with `untilCaughtUp`, until every partition has
    /// been read to its end offset at the start. Returns the error that stopped it, if any.
    func consume(_ source: KafkaSource) -> IngestError? {
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(source: source, resumeFrom: settings.kafkaFrom)
        } catch {
            return error
        }
        defer { consumer.close() }
        // Messages are schema v1 lines; translated sources would need each record's offset carried.
        statuses[statuses.count - 1].format = .tokentally
        formatDecided = true
        var progress = KafkaProgress(consumer.partitions)
        for p in consumer.partitions { kafkaHighWatermarks[p.id] = p.endOffset }
        var lastNotice = ""
        chunk = acquireChunk()
        defer {
            if !sendKafkaChunk(refill: false) { freeChunks.push(chunk) }
            chunk = nil
        }
        // Every partition is in the snapshots from the first cut, with its end: one not read yet
        // shows its whole backlog as lag, not nothing.
        for (i, p) in consumer.partitions.enumerated() {
            chunk.origin.kafka = KafkaSpan(partition: p.id, firstOffset: p.startOffset, nextOffset: p.startOffset)
            chunk.origin.mayEndCut = i == consumer.partitions.count - 1
            sendKafkaChunk()
        }
        while !shouldStop(), !(source.untilCaughtUp && progress.caughtUp) {
            var failure: String?
            let events = consumer.poll(timeoutMs: settings.idleFlushMs) { event in
                switch event {
                case .message(let partition, let offset, let value):
                    take(value, partition: partition, offset: offset)
                    progress.next[partition] = offset + 1
                case .endOfPartition(let partition, let offset):
                    reachedEnd(partition, offset, &progress)
                case .notice(let text):
                    if text != lastNotice { settings.notice?(text) }  // a broker that stays down says so once
                    lastNotice = text
                case .failure(let text):
                    failure = failure ?? text
                }
            }
            if let failure { return IngestError(.kafka(failure), input: InputSpec.kafka(source).description) }
            consumer.updateHighWatermarks(&kafkaHighWatermarks)
            // A short poll means the messages came slower than one poll's worth per wait: pass on what
            // has arrived (or a heartbeat), so live counts and periodic snapshots keep up.
            if events < KafkaConsumer.messagesPerPoll {
                if chunk.count > 0 || chunk.origin.kafka != nil { sendKafkaChunk() } else { deliver(acquireChunk()) }
            }
        }
        return nil
    }

    /// Appends one message as a line. Its newlines become spaces (JSON whitespace: a pretty-printed
    /// event stays one event); a value longer than the line limit is rejected in its place.
    private func take(_ value: UnsafeRawBufferPointer, partition: Int32, offset: Int64) {
        let lineBytes = value.count + 1
        if let span = chunk.origin.kafka, span.partition != partition || chunk.count + lineBytes > chunk.capacity {
            sendKafkaChunk()
        }
        guard value.count <= settings.lineBytesMax else {
            sendKafkaChunk()
            chunk.droppedLongLines = 1
            chunk.droppedLongLineBytes = lineBytes
            extendSpan(partition, from: offset, to: offset + 1)
            decodedOffset += lineBytes
            sendKafkaChunk()
            return
        }
        let line = chunk.bytes + chunk.count
        if let base = value.baseAddress { line.update(from: base.assumingMemoryBound(to: UInt8.self), count: value.count) }
        var rest = UnsafeMutableRawPointer(line)
        var left = value.count
        while left > 0, let newline = memchr(rest, 0x0A, left) {
            newline.storeBytes(of: 0x20, as: UInt8.self)
            left -= rest.distance(to: newline) + 1
            rest = newline + 1
        }
        line[value.count] = 0x0A
        chunk.count += lineBytes
        chunk.kafkaOffsets.append(offset)
        extendSpan(partition, from: offset, to: offset + 1)
        if chunk.count >= settings.chunkBytes { sendKafkaChunk() }
    }

    /// A partition was read to its end. Its position moves to `offset` even when no message made it
    /// move (records that are not messages, like transaction markers, take offsets too).
    private func reachedEnd(_ partition: Int32, _ offset: Int64, _ progress: inout KafkaProgress) {
        guard let next = progress.next[partition], offset > next else { return }
        progress.next[partition] = offset
        if let span = chunk.origin.kafka, span.partition != partition { sendKafkaChunk() }
        extendSpan(partition, from: offset, to: offset)
    }

    /// The chunk's span of `partition` reaches `next`; a chunk without one starts it at `first`.
    private func extendSpan(_ partition: Int32, from first: Int64, to next: Int64) {
        if chunk.origin.kafka == nil {
            chunk.origin.kafka = KafkaSpan(partition: partition, firstOffset: first, nextOffset: next)
        } else {
            chunk.origin.kafka!.nextOffset = next
        }
    }

    /// Passes on the chunk being filled when it holds anything (returns whether it did) and then,
    /// with `refill`, takes a new one.
    @discardableResult
    private func sendKafkaChunk(refill: Bool = true) -> Bool {
        guard chunk.count > 0 || chunk.origin.kafka != nil || chunk.droppedLongLines > 0 else { return false }
        if let span = chunk.origin.kafka {
            chunk.origin.kafka!.highWatermark = max(span.nextOffset, kafkaHighWatermarks[span.partition] ?? span.nextOffset)
        }
        decodedOffset += chunk.count
        deliver(chunk)
        if refill { chunk = acquireChunk() }
        return true
    }
}
