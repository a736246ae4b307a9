import CPlatform
import TallyEvents

/// Drops events whose `id` was already counted within `horizonHours` of event time.
///
/// An open-addressing table (linear probing) of 16-byte cells: 96 bits of the id's hash and the hour
/// of the event that was counted. A cell whose hour is more than the horizon behind the watermark's
/// hour has expired: lookups pass over it, inserts reuse it, and a rebuild drops it. So memory follows
/// the ids seen within the horizon, not the whole stream: the table is rebuilt when three quarters of
/// its cells are used, to twice the live ids, which is 32 to 64 bytes per id; and at most `idsMax`
/// ids are kept. When more ids than that fall within the horizon, the oldest hours are forgotten early
/// and `horizonShortenings` says how often, `idsForgotten` how many ids. 96 bits keep a false match
/// out of reach: with 10^8 ids in the horizon the chance of any one is below 10^-13.
///
/// Used in the sequencer's turn only, so in input order: the first event with an id is counted and
/// later ones are duplicates, whatever the parallelism.
package final class DuplicateFilter {
    package struct Entry: BitwiseCopyable, Equatable {
        package var high: UInt64
        package var low: UInt32
        package var hour: Int32

        package init(id: EventID, hour: Int64) {
            high = id.high
            low = UInt32(truncatingIfNeeded: id.low) | 1  // never the empty cell's zero
            self.hour = Int32(clamping: hour)
        }

        package init(high: UInt64, low: UInt32, hour: Int32) {
            self.high = high
            self.low = low
            self.hour = hour
        }

        static let empty = Entry(high: 0, low: 0, hour: 0)
        var isEmpty: Bool { low == 0 }
        func sameID(_ other: Entry) -> Bool { high == other.high && low == other.low }
    }

    package let horizonHours: Int64
    package let idsMax: Int
    /// Times the oldest ids had to be forgotten before their horizon because of `idsMax`.
    package var horizonShortenings = 0
    /// Ids forgotten so, within their horizon: a repeat of one of them is counted again.
    package var idsForgotten = 0
    private var cells: UnsafeMutablePointer<Entry>
    private var mask: Int
    /// Occupied cells, expired ones included.
    private var used = 0
    /// Ids of hours before this are forgotten even within the horizon (after a shortening).
    private var floorHour = Int64.min

    package init(horizonHours: Int64, idsMax: Int) {
        precondition(horizonHours > 0 && idsMax > 0)
        self.horizonHours = horizonHours
        self.idsMax = idsMax
        mask = (1 << 12) - 1
        cells = .allocate(capacity: mask + 1)
        cells.initialize(repeating: .empty, count: mask + 1)
    }

    deinit { cells.deallocate() }

    @inline(__always)
    private func isLive(_ entry: Entry, watermarkHour: Int64) -> Bool {
        let hour = Int64(entry.hour)
        return !entry.isEmpty && hour >= watermarkHour &- horizonHours && hour >= floorHour
    }

    /// Starts loading the cell where `id`'s probe begins: the sequencer calls this a few events
    /// ahead, because the table is larger than the caches and each lookup would otherwise wait on
    /// memory in the pipeline's one serial step.
    @inline(__always)
    package func prefetch(_ id: EventID) {
        tt_prefetch_write(cells + (Int(truncatingIfNeeded: id.high) & mask))
    }

    /// True when `id` was already counted within the horizon; otherwise remembers it (at `hour`, the
    /// event's own hour) and returns false. Amortised O(1).
    package func isDuplicate(_ id: EventID, hour: Int64, watermarkHour: Int64) -> Bool {
        let new = Entry(id: id, hour: hour)
        var cell = Int(truncatingIfNeeded: new.high) & mask
        var reusable = -1
        while true {
            let entry = cells[cell]
            if entry.isEmpty { break }
            if entry.sameID(new) {
                if isLive(entry, watermarkHour: watermarkHour) { return true }
                // Seen, but too long ago to be the same event: this one counts.
                cells[cell].hour = new.hour
                return false
            }
            if reusable < 0, !isLive(entry, watermarkHour: watermarkHour) { reusable = cell }
            cell = (cell + 1) & mask
        }
        if reusable >= 0 {
            cells[reusable] = new
        } else {
            cells[cell] = new
            used += 1
            if used * 4 > (mask + 1) * 3 || used > idsMax { rebuild(watermarkHour: watermarkHour) }
        }
        return false
    }

    /// Keeps the live cells, in a table twice their number; first forgets the oldest hours when the
    /// live ids are near `idsMax` (down to about three quarters of it, so rebuilds stay rare). Moves
    /// cells straight from the old table to the new one: no list of live ids, so the only extra
    /// memory is the new table.
    private func rebuild(watermarkHour: Int64) {
        var liveCount = 0
        for i in 0...mask where isLive(cells[i], watermarkHour: watermarkHour) { liveCount += 1 }
        if liveCount > idsMax / 8 * 7 {
            forgetOldestHours(keeping: idsMax / 4 * 3, watermarkHour: watermarkHour)
            liveCount = 0
            for i in 0...mask where isLive(cells[i], watermarkHour: watermarkHour) { liveCount += 1 }
        }
        var capacity = 1 << 12
        while capacity < liveCount * 2 { capacity *= 2 }
        let old = cells, oldMask = mask
        cells = .allocate(capacity: capacity)
        cells.initialize(repeating: .empty, count: capacity)
        mask = capacity - 1
        used = 0
        for i in 0...oldMask where isLive(old[i], watermarkHour: watermarkHour) {
            var cell = Int(truncatingIfNeeded: old[i].high) & mask
            while !cells[cell].isEmpty { cell = (cell + 1) & mask }
            cells[cell] = old[i]
            used += 1
        }
        old.deallocate()
    }

    /// Raises `floorHour` so that at most `keep` live ids remain, whole hours at a time, newest kept.
    /// A histogram of the live hours (the horizon's hours, at most `horizonHours + 1` of them).
    private func forgetOldestHours(keeping keep: Int, watermarkHour: Int64) {
        var perHour: [Int64: Int] = [:]
        for i in 0...mask where isLive(cells[i], watermarkHour: watermarkHour) { perHour[Int64(cells[i].hour), default: 0] += 1 }
        var kept = 0
        var floor = Int64.max
        for hour in perHour.keys.sorted(by: >) {
            guard kept + perHour[hour]! <= keep else { break }
            kept += perHour[hour]!
            floor = hour
        }
        floorHour = floor
        horizonShortenings += 1
        idsForgotten += perHour.values.reduce(0, +) - kept
    }

    /// Replaces `entries` with the ids still within the horizon, unordered (a snapshot cut copies
    /// them in the sequencer's turn; the writer sorts them off the hot path). O(cells).
    package func copyLive(into entries: inout [Entry], watermarkHour: Int64) {
        entries.removeAll(keepingCapacity: true)
        for i in 0...mask where isLive(cells[i], watermarkHour: watermarkHour) { entries.append(cells[i]) }
    }

    /// Puts back ids from a snapshot (resuming).
    package func restore(_ entries: [Entry], watermarkHour: Int64) {
        for entry in entries {
            _ = isDuplicate(EventID(high: entry.high, low: UInt64(entry.low)), hour: Int64(entry.hour), watermarkHour: watermarkHour)
        }
    }
}
