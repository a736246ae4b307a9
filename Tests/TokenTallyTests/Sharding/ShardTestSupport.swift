@testable import TallyCore
@testable import TallyEvents
@testable import TallyStages

/// Feeds a `CounterShard` the way the pipeline does (parser, sequencer, route, apply), one batch of
/// lines at a time, on one shard.
/// Unchecked: a test hands it to one other thread at a time.
final class ShardFeeder: @unchecked Sendable {
    let windows: WindowSet
    let shard: CounterShard
    let sequencer: Sequencer
    private var parser = LineParser()
    private let batch = EventBatch()

    init(windows: WindowSet, keysMax: Int) {
        self.windows = windows
        shard = CounterShard(windows: windows, keysMax: keysMax)!
        sequencer = Sequencer(windows: windows, inputNames: ["test"])
        parser.nowMs = Timestamp.maxMs
    }

    func feed(_ lines: [String]) {
        batch.reset()
        for line in lines {
            let bytes = Array(line.utf8)
            let outcome = bytes.withUnsafeBytes { parser.parse($0, into: batch) }
            precondition(outcome == .accepted, "\(line): \(outcome)")
            batch.linesRead += 1
        }
        sequencer.sequence(batch)
        batch.route(shardCount: 1, windows: windows)
        shard.apply(batch, shardIndex: 0)
    }
}

/// What an image shows of the counters: per key (dimension and bytes), its slots as (unit, fields).
struct ImageContents: Equatable, CustomStringConvertible {
    struct Slot: Hashable {
        var isHour: Bool
        var fields: [Int64]
    }
    /// "dimension/key" to its slots, sorted by unit then tag.
    var keys: [String: [Slot]] = [:]
    var droppedUpdates: [Int] = []
    var saturatedSums = 0

    /// The shard's state as it is, read in place, not through `lend`, to compare an image with.
    init(liveStateOf shard: CounterShard) {
        var view = ShardImage()
        view.keyBytes = Array(shard.keyBytes.buffer)
        view.keyOffsets = Array(shard.keyOffsets.buffer)
        view.keyLengths = Array(shard.keyLengths.buffer)
        view.keyDimensions = Array(shard.keyDimensions.buffer)
        view.slotIndex = shard.slots.index
        view.slots = shard.slots.pool
        view.hourSlots = shard.windows.hourSlots
        view.daySlots = shard.windows.daySlots
        view.droppedUpdates = shard.droppedUpdates
        view.saturatedSums = shard.saturatedSums
        self.init(view)
    }

    init(_ image: ShardImage) {
        for k in 0..<image.keyCount {
            var slots: [Slot] = []
            image.forEachSlot(ofKey: k) { unit, slot in
                slots.append(Slot(isHour: unit == .hour, fields: Array(UnsafeBufferPointer(start: slot, count: CounterSlot.width))))
            }
            keys["\(image.keyDimensions[k])/\(image.keyString(k))"] = slots.sorted { ($0.isHour ? 0 : 1, $0.fields[0]) < ($1.isHour ? 0 : 1, $1.fields[0]) }
        }
        droppedUpdates = image.droppedUpdates
        saturatedSums = image.saturatedSums
    }

    /// Only the slots a window can still include at watermark `watermarkMs`.
    func live(at watermarkMs: Int64, windows: WindowSet) -> [String: [Slot]] {
        keys.mapValues { slots in
            slots.filter { slot in
                let unit: WindowSpec.Unit = slot.isHour ? .hour : .day
                let newest = Timestamp.floorDiv(watermarkMs, unit.milliseconds)
                let ring = Int64(slot.isHour ? windows.hourSlots : windows.daySlots)
                return slot.fields[CounterSlot.tag] > newest - ring && slot.fields[CounterSlot.tag] <= newest
            }
        }
    }

    var slotCount: Int { keys.values.reduce(0) { $0 + $1.count } }

    var description: String { "\(keys.count) keys, \(slotCount) slots" }
}
