import TallyCore
import TallyEvents

/// The one ordered step of the pipeline: it sees batches strictly in input order, decides which
/// events are late against the watermark as of their arrival, keeps the run's exact counters, and
/// decides where snapshot cuts fall. It touches a few bytes per event, so its turn is short.
///
/// Only the holder of the sequencer's `OrderedTurn` calls `sequence(_:)`.
package final class Sequencer {
    let windows: WindowSet
    package private(set) var watermarkMs = Int64.min
    /// Events before this instant are late; recomputed when the watermark enters a new hour.
    private var lateBoundaryMs = Int64.min
    /// Events before these instants lie outside every hour (day) window: marked so that no hour (day)
    /// bucket takes them (`EventRecord.isPastHourWindows`). `ringsStartMs` is the later of the two,
    /// so the common case costs one comparison. Recomputed with `lateBoundaryMs`.
    private var hourRingStartMs = Int64.min
    private var dayRingStartMs = Int64.min
    private var ringsStartMs = Int64.min
    private var boundaryHour = Int64.min
    package private(set) var counters = IngestCounters()
    package private(set) var sources: [SourcePosition]
    private var nextLineNumber = 1
    /// The first rejected lines of the run, with absolute line numbers (bounded).
    package private(set) var rejectSamples: [(line: Int, reason: RejectReason)] = []
    static let rejectSamplesMax = 100
    /// How many events ahead the duplicate filter's cells are prefetched.
    static let prefetchDistance = 16
    /// Drops events whose id was counted within the horizon; nil when `--dedup-horizon` is 0.
    package let duplicates: DuplicateFilter?
    /// The `--follow` input's index, and each followed file's position and lines counted, by
    /// identity. A file keeps its entry after it is deleted (a few dozen bytes) until a resumed run,
    /// which keeps the files the follower continues (`followResumed` batches, which the reader
    /// sends before any line) and forgets the rest.
    package var followInputIndex: Int?
    private var followedFiles: [FileIdentity: FollowPosition] = [:]
    /// A resumed snapshot's files, for the line counts of those that continue. Keyed by identity,
    /// which a new file may reuse: only a `followResumed` batch, which the follower vouches for by
    /// the file's first bytes, takes a count from here.
    private var recordedFollow: [FileIdentity: FollowPosition] = [:]

    /// The Kafka input's index and topic, and each partition's next offset at this point of the input
    /// (from a resumed snapshot, then from each batch's messages).
    package var kafkaInput: (index: Int, topic: String)?
    private var kafkaPartitions: [Int32: KafkaPosition] = [:]

    /// The Kafka partitions' positions at this point of the input, by partition.
    package var kafkaPositions: [KafkaPosition] {
        kafkaPartitions.values.sorted { $0.partition < $1.partition }
    }

    /// The Kafka input's lag at this point of the input; nil without one (no sorting, no allocation).
    package var kafkaLag: KafkaLag? { kafkaInput == nil ? nil : KafkaLag(kafkaPartitions.values) }

    /// The followed files' positions at this point of the input, by path.
    package var followPositions: [FollowPosition] {
        followedFiles.values.sorted { ($0.path, $0.device, $0.inode) < ($1.path, $1.device, $1.inode) }
    }

    package init(windows: WindowSet, inputNames: [String], duplicates: DuplicateFilter? = nil) {
        self.windows = windows
        self.duplicates = duplicates
        sources = inputNames.map {
            SourcePosition(name: $0, sizeBytes: nil, compressed: false, decodedBytesRead: 0, linesRead: 0, finished: false)
        }
    }

    /// Starts from `sources` (identities, and a resumed run's recorded positions) and, when resuming,
    /// from the snapshot's watermark and counters, so that late events, line numbers and totals go on
    /// exactly as if the run had not stopped.
    package func start(sources: [SourcePosition], resuming header: SnapshotHeader?) {
        self.sources = sources
        guard let header else { return }
        for position in header.follow { recordedFollow[position.identity] = position }
        for position in header.kafka { kafkaPartitions[position.partition] = position }
        counters = header.counters
        nextLineNumber = counters.linesRead + 1
        watermarkMs = header.watermarkMs
        if header.hasWatermark {
            boundaryHour = Timestamp.floorDiv(watermarkMs, Timestamp.msPerHour)
            setBoundaries(watermarkMs: watermarkMs)
        }
    }

    /// Model key hash to name, for the unpriced models' list (one `String` per distinct model).
    private var unpricedNames: [UInt64: String] = [:]

    private func countCost(_ batch: EventBatch, _ i: Int) {
        switch batch.events[i].costSource {
        case .none: break
        case .reported: counters.costReportedEvents += 1
        case .estimated:
            counters.costEstimatedEvents += 1
            counters.costEstimatedNanoUSD.addSaturating(batch.events[i].costNanoUSD)
        case .unpriced:
            counters.costUnpricedEvents += 1
            let model = batch.keys[i * EventBatch.refsPerEvent + KeyDimension.model.rawValue]
            var name = unpricedNames[model.hash] ?? ""
            if name.isEmpty {
                name = String(decoding: UnsafeRawBufferPointer(start: batch.arena.base + Int(model.offset), count: Int(model.length)),
                              as: UTF8.self)
                if counters.unpricedModels[name] == nil, counters.unpricedModels.count >= IngestCounters.unpricedModelsMax {
                    name = IngestCounters.otherModels
                }
                unpricedNames[model.hash] = name
            }
            counters.unpricedModels[name, default: 0] += 1
        }
    }

    private func setBoundaries(watermarkMs: Int64) {
        lateBoundaryMs = windows.lateBoundaryMs(watermarkMs: watermarkMs)
        hourRingStartMs = windows.ringStartMs(.hour, watermarkMs: watermarkMs)
        dayRingStartMs = windows.ringStartMs(.day, watermarkMs: watermarkMs)
        ringsStartMs = max(hourRingStartMs, dayRingStartMs)
    }

    /// Classifies `batch`'s events as late or not (and marks the buckets too old for a ring) and folds
    /// its counts into the run's.
    /// - Complexity: O(events in the batch).
    package func sequence(_ batch: EventBatch) {
        var late = 0, outcomes = 0, duplicated = 0
        let count = batch.events.count
        // Prefetch the first events' filter cells, then each one `prefetchDistance` ahead.
        for i in -Self.prefetchDistance..<count {
            if let duplicates, i + Self.prefetchDistance < count, !batch.eventIDs[i + Self.prefetchDistance].isNone {
                duplicates.prefetch(batch.eventIDs[i + Self.prefetchDistance])
            }
            guard i >= 0 else { continue }
            let ts = batch.events[i].timestampMs
            if ts > watermarkMs {
                watermarkMs = ts
                let hour = Timestamp.floorDiv(ts, Timestamp.msPerHour)
                if hour != boundaryHour {
                    boundaryHour = hour
                    setBoundaries(watermarkMs: ts)
                }
            } else if ts < lateBoundaryMs {
                batch.events[i].isDropped = true
                late += 1
                continue
            } else if ts < ringsStartMs {
                batch.events[i].isPastHourWindows = ts < hourRingStartMs
                batch.events[i].isPastDayWindows = ts < dayRingStartMs
            }
            if let duplicates, !batch.eventIDs[i].isNone,
               duplicates.isDuplicate(batch.eventIDs[i], hour: Timestamp.floorDiv(ts, Timestamp.msPerHour), watermarkHour: boundaryHour) {
                batch.events[i].isDropped = true
                duplicated += 1
                continue
            }
            if batch.events[i].isOutcome {
                outcomes += 1
            } else if batch.events[i].costSource != .none {
                countCost(batch, i)
            }
        }
        let accepted = batch.events.count - late - duplicated
        counters.eventsAccepted += accepted
        counters.outcomeEvents += outcomes
        counters.usageEvents += accepted - outcomes
        counters.lateEvents += late
        counters.duplicateEvents += duplicated
        counters.linesRead += batch.linesRead
        counters.blankLines += batch.blankLines
        counters.decodedBytes += batch.decodedBytes
        for r in 0..<RejectReason.count { counters.rejectedByReason[r] += batch.rejectedByReason[r] }
        for r in 0..<SkipReason.count { counters.skippedByReason[r] += batch.skippedByReason[r] }
        counters.extraRecords += batch.extraRecords
        for sample in batch.rejectSamples where rejectSamples.count < Self.rejectSamplesMax {
            rejectSamples.append((nextLineNumber + sample.line, sample.reason))
        }
        nextLineNumber += batch.linesRead

        // The final batch carries no input: it is stamped with whatever input the reader looked at
        // last, which may be one a resumed run skipped whole (no size, nothing read). Its stamp must
        // not overwrite that input's recorded position, or the next --resume would read it again.
        guard !batch.origin.isFinal else {
            precondition(batch.linesRead == 0 && batch.decodedBytes == 0, "the final batch carries no lines")
            return
        }
        do {
            var source = sources[batch.origin.sourceIndex]
            source.sizeBytes = batch.origin.sizeBytes
            source.compressed = batch.origin.compressed
            if let format = batch.origin.format { source.format = format }
            if batch.origin.sourceIndex == followInputIndex {
                source.decodedBytesRead += batch.decodedBytes
                if let position = batch.origin.follow { noteFollowed(position, batch) }
            } else if let kafkaInput, batch.origin.sourceIndex == kafkaInput.index {
                source.decodedBytesRead += batch.decodedBytes
                if let span = batch.origin.kafka {
                    // The partition's clock: the newest event time of all its batches, as the insights stage keeps it.
                    let before = kafkaPartitions[span.partition]?.watermarkMs ?? Int64.min
                    let clockMs = (0..<batch.events.count).reduce(before) { max($0, batch.events[$1].timestampMs) }
                    kafkaPartitions[span.partition] = KafkaPosition(
                        topic: kafkaInput.topic, partition: span.partition, offset: span.nextOffset, highWatermark: span.highWatermark,
                        watermarkMs: clockMs == Int64.min ? nil : clockMs)
                }
            } else {
                source.decodedBytesRead = batch.origin.decodedOffsetEnd
            }
            source.linesRead += batch.linesRead
            if batch.origin.endsSource { source.finished = true }
            sources[batch.origin.sourceIndex] = source
        }
    }

    /// A followed file's new position; its line count starts again when it started over.
    private func noteFollowed(_ position: FollowPosition, _ batch: EventBatch) {
        let identity = position.identity
        let linesBefore = batch.origin.followStartedOver ? 0
            : batch.origin.followResumed ? recordedFollow[identity]?.linesRead ?? 0
            : followedFiles[identity]?.linesRead ?? 0
        var updated = position
        updated.linesRead = linesBefore + batch.linesRead
        followedFiles[identity] = updated
    }

    /// The line number (1-based, in its file) of a followed batch's first line.
    package func followFirstLine(_ batch: EventBatch) -> Int? {
        guard let position = batch.origin.follow else { return nil }
        return (followedFiles[position.identity]?.linesRead ?? 0) - batch.linesRead + 1
    }
}
