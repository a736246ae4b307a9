import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallyStages
@testable import TallyWorkload

/// The sparse slot store against the dense ring layout it replaced: every key owning a full ring
/// per unit, each event added at `bucket mod ring` with `CounterSlot.add`. Random streams with late,
/// too-old and far-future events, ring wrap-around, many keys and a key limit; the shard is cut
/// (into a kept image, incrementally) every few batches and compared there.
@Suite struct CounterShardModelTests {
    /// The old layout, with one rule made explicit: an event whose bucket lay before every window of
    /// its unit when it arrived is not counted in that unit (dense kept it in a slot no window could
    /// read, or dropped it, depending on what the slot held).
    final class DenseModel {
        let windows: WindowSet
        let keysMax: Int
        var watermarkMs = Int64.min
        var rings: [String: [[Int64]]] = [:]
        var droppedUpdates = [Int](repeating: 0, count: KeyDimension.count)
        var saturatedSums = 0
        /// Updates not counted in a unit because their bucket was past its ring.
        var pastSkipped = 0
        /// By ring position: the newest bucket any key counted there.
        var newestAt: [Int64]

        init(windows: WindowSet, keysMax: Int) {
            self.windows = windows
            self.keysMax = keysMax
            newestAt = Array(repeating: CounterSlot.emptyTag, count: windows.slotsPerKey)
        }

        func apply(_ event: EventRecord, keys: [String?]) {
            let ts = event.timestampMs
            if ts > watermarkMs {
                watermarkMs = ts
            } else if ts < windows.lateBoundaryMs(watermarkMs: watermarkMs) {
                return
            }
            for (d, name) in keys.enumerated() {
                guard let name else { continue }
                let key = "\(d)/\(name)"
                if rings[key] == nil {
                    guard rings.count < keysMax else {
                        droppedUpdates[d] += 1
                        continue
                    }
                    var empty = [Int64](repeating: 0, count: CounterSlot.width)
                    empty[CounterSlot.tag] = CounterSlot.emptyTag
                    rings[key] = Array(repeating: empty, count: windows.slotsPerKey)
                }
                add(event, key: key, unit: .hour, ring: windows.hourSlots, first: 0)
                add(event, key: key, unit: .day, ring: windows.daySlots, first: windows.hourSlots)
            }
        }

        private func add(_ event: EventRecord, key: String, unit: WindowSpec.Unit, ring: Int, first: Int) {
            guard ring > 0 else { return }
            let bucket = Timestamp.floorDiv(event.timestampMs, unit.milliseconds)
            guard bucket > Timestamp.floorDiv(watermarkMs, unit.milliseconds) - Int64(ring) else {
                pastSkipped += 1
                return
            }
            let position = first + Int(((bucket % Int64(ring)) + Int64(ring)) % Int64(ring))
            newestAt[position] = max(newestAt[position], bucket)
            if rings[key]![position].withUnsafeMutableBufferPointer({ CounterSlot.add(event, bucket: bucket, at: $0.baseAddress!) }) {
                saturatedSums += 1
            }
        }

        /// The slots the sparse store must hold: at each position, those of the newest bucket there.
        var expectedSlots: [String: [ImageContents.Slot]] {
            rings.mapValues { ring in
                ring.enumerated().compactMap { position, fields in
                    guard fields[CounterSlot.tag] != CounterSlot.emptyTag, fields[CounterSlot.tag] == newestAt[position] else { return nil }
                    return ImageContents.Slot(isHour: position < windows.hourSlots, fields: fields)
                }.sorted { ($0.isHour ? 0 : 1, $0.fields[0]) < ($1.isHour ? 0 : 1, $1.fields[0]) }
            }
        }

        var expectedLiveSlots: [String: [ImageContents.Slot]] {
            rings.mapValues { ring in
                ring.enumerated().compactMap { position, fields in
                    let isHour = position < windows.hourSlots
                    let unit: WindowSpec.Unit = isHour ? .hour : .day
                    let newest = Timestamp.floorDiv(watermarkMs, unit.milliseconds)
                    let tag = fields[CounterSlot.tag]
                    guard tag != CounterSlot.emptyTag, tag > newest - Int64(isHour ? windows.hourSlots : windows.daySlots), tag <= newest
                    else { return nil }
                    return ImageContents.Slot(isHour: isHour, fields: fields)
                }.sorted { ($0.isHour ? 0 : 1, $0.fields[0]) < ($1.isHour ? 0 : 1, $1.fields[0]) }
            }
        }
    }

    /// A random stream: a clock that mostly creeps forward and sometimes jumps, events a little late,
    /// a day or two late (past the hour ring), past every window (late), and now and then sums
    /// that saturate.
    struct Stream {
        var random: SplitMix64
        var clockMs: Int64 = 1_767_225_600_000  // 2026-01-01
        let users: Int

        mutating func next() -> (line: String, keys: [String?]) {
            let roll = random.next(below: 1000)
            if roll < 5 {
                clockMs += Int64(random.next(below: 6 * 24)) * Timestamp.msPerHour  // up to 6 days ahead
            } else {
                clockMs += Int64(random.next(below: 10 * 60_000))
            }
            var ts = clockMs
            switch random.next(below: 100) {
            case 0..<60: ts -= Int64(random.next(below: 2 * 3_600_000))
            case 60..<80: ts -= Int64(random.next(below: 3 * 86_400_000))
            case 80..<85: ts -= Int64(random.next(below: 40 * 86_400_000))
            default: break
            }
            let user = "u\(random.next(below: users))"
            let team = random.next(below: 4) == 0 ? nil : "t\(random.next(below: 9))"
            let model = "m\(random.next(below: 3))"
            let tool = random.next(below: 2) == 0 ? nil : "tool\(random.next(below: 5))"
            let tokens = random.next(below: 50) == 0 ? Int64(1) << 62 : Int64(random.next(below: 5000))
            if random.next(below: 10) == 0 {
                let line = #"{"ts":\#(ts),"kind":"outcome","user":"\#(user)","task":"x","status":"shipped"}"#
                return (line, [user, nil, nil, nil, nil])
            }
            var line = #"{"ts":\#(ts),"user":"\#(user)","model":"\#(model)","input_tokens":\#(tokens),"output_tokens":\#(random.next(below: 900)),"cost_usd":0.0\#(random.next(below: 100))"#
            if let team { line += #","team":"\#(team)""# }
            if let tool { line += #","tool":"\#(tool)""# }
            return (line + "}", [user, team, nil, model, tool])
        }
    }

    static let cases: [(windows: String, keysMax: Int, seed: UInt64)] = [
        ("1h,3h,2d", 10_000, 1),  // short rings: constant wrap-around, hour events past their ring
        ("1h,24h,7d,30d", 10_000, 2),  // the defaults
        ("2h", 10_000, 3),  // hours only
        ("3d", 10_000, 4),  // days only
        ("1h,3h,2d", 60, 5),  // a full shard: updates for new keys dropped
    ]

    @Test(arguments: cases)
    func sparseSlotsMatchTheDenseRingsAtEveryCut(windows list: String, keysMax: Int, seed: UInt64) throws {
        let windows = try WindowSet(parsing: list)
        let feeder = ShardFeeder(windows: windows, keysMax: keysMax)
        let model = DenseModel(windows: windows, keysMax: keysMax)
        var stream = Stream(random: SplitMix64(seed: seed), users: 150)
        var kept = ShardImage()
        var parser = LineParser()
        parser.nowMs = Timestamp.maxMs
        let scratch = EventBatch()
        for round in 0..<60 {
            var lines: [String] = []
            for _ in 0..<(1 + stream.random.next(below: 300)) {
                let (line, keys) = stream.next()
                lines.append(line)
                scratch.reset()
                _ = Array(line.utf8).withUnsafeBytes { parser.parse($0, into: scratch) }
                model.apply(scratch.events[0], keys: keys)
            }
            feeder.feed(lines)
            guard round % 3 == 0 || round == 59 else { continue }
            feeder.shard.lend(into: &kept, until: nil)
            let incremental = ImageContents(kept)
            #expect(incremental == ImageContents(liveStateOf: feeder.shard), "round \(round)")
            #expect(incremental.keys == model.expectedSlots, "round \(round)")
            #expect(incremental.live(at: model.watermarkMs, windows: windows) == model.expectedLiveSlots, "round \(round)")
            #expect(incremental.droppedUpdates == model.droppedUpdates)
            #expect(incremental.saturatedSums == model.saturatedSums)
            // No slot is held that the image does not show: expired ones went back to the pool.
            #expect(feeder.shard.slots.slotsInUse == incremental.slotCount)
        }
        #expect(model.saturatedSums > 0)
        // With both units, the hour ring is shorter than the late bound: some events count in days only.
        #expect(windows.hourSlots == 0 || windows.daySlots == 0 || model.pastSkipped > 0)
        #expect(keysMax > 1000 || model.droppedUpdates.reduce(0, +) > 0)
        var final = kept
        feeder.shard.lend(into: &final, until: nil)
        #expect(ImageContents(final).keys == model.expectedSlots)
    }
}
