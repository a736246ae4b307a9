import TallyCore
import TallySnapshot

extension InsightColumns {
    /// The insights section's records (binary versions 2 to 4) as readers see them, block by block.
    /// - Parameter expected: the section's row count; nil only for the fuzzer, which learns it here.
    /// - Parameter version: the section's layout version (`InsightColumns`): from 3 columns are byte
    ///   planes, and 4 holds fewer number columns.
    /// - Throws: `SnapshotError` naming the section and the field, when a block runs past the payload,
    ///   claims more records or names than its bytes can hold, refers to a name not yet in the
    ///   dictionary, leaves out a name a record needs, or the records do not add up to `expected`.
    /// - Complexity: O(payload); every count is checked against the bytes left before allocation.
    package static func decode(
        _ payload: [UInt8], rows expected: Int?, version: Int, path: String
    ) throws(SnapshotError) -> InsightRows {
        precondition(versions.contains(version), "not a binary insights section version")
        return try payload.withBytes { (bytes) throws(SnapshotError) in
            var r = ColumnReader(bytes, section: "insights", path: path)
            var dictionary: [String] = []
            var rows = InsightRows()
            reserve(&rows, recordCounts(bytes, version: version, path: path))
            var count = 0
            while r.remaining > 0 {
                count += try decodeBlock(&r, version: version, dictionary: &dictionary, into: &rows)
            }
            try r.finish()
            if let expected, count != expected { throw r.failure("holds \(count) records, its row says \(expected)") }
            return rows
        }
    }

    /// Each kind's record count (by `Kind` raw value), from a pass over the blocks' heads that skips
    /// their columns: the rows are then allocated once, not grown by doubling (copies of hundreds of
    /// MB for a realistic month). Counts as far as the blocks are whole; `decode` reports damage.
    /// - Complexity: O(blocks + names).
    private static func recordCounts(_ bytes: UnsafeRawBufferPointer, version: Int, path: String) -> [Int] {
        var counts = [Int](repeating: 0, count: Int(Kind.allCases.map(\.rawValue).max()!) + 1)
        var r = ColumnReader(bytes, section: "insights", path: path)
        while r.remaining > 0 {
            guard let head = try? readBlockHead(&r, version: version),
                  (try? r.raw(count: head.count * head.kind.bytesPerRecord(version: version), "")) != nil else { break }
            counts[Int(head.kind.rawValue)] += head.count
        }
        return counts
    }

    /// What a block starts with: its kind, its record count, and the names it adds to the dictionary.
    private struct BlockHead {
        let kind: Kind
        let count: Int
        let nameLengths: [UInt32]
        let nameText: UnsafeRawBufferPointer
    }

    /// Reads a block's head, up to its columns, checking that its bytes can hold the records it claims.
    private static func readBlockHead(_ r: inout ColumnReader, version: Int) throws(SnapshotError) -> BlockHead {
        let code = try r.read(UInt8.self, "a block's kind")
        guard let kind = Kind(rawValue: code) else { throw r.failure("a block of unknown kind \(code)") }
        let count = Int(try r.read(UInt32.self, "a \(kind.name) block's record count"))
        let newNames = Int(try r.read(UInt32.self, "a \(kind.name) block's name count"))
        let lengths = try r.column(UInt32.self, count: newNames, "\(kind.name) block's name length", planes: version >= 3)
        // A sum of UInt32s, at most payload/4 of them: no overflow on 64 bits.
        let text = try r.raw(count: lengths.reduce(0) { $0 + Int($1) }, "the \(kind.name) block's name text")
        guard count <= r.remaining / kind.bytesPerRecord(version: version) else {
            throw r.failure("a \(kind.name) block claims \(count) records, more than its \(r.remaining) bytes can hold")
        }
        return BlockHead(kind: kind, count: count, nameLengths: lengths, nameText: text)
    }

    private static func reserve(_ rows: inout InsightRows, _ counts: [Int]) {
        func count(_ kind: Kind) -> Int { counts[Int(kind.rawValue)] }
        rows.people.reserveCapacity(count(.person))
        rows.activity.reserveCapacity(count(.activity))
        rows.sessions.reserveCapacity(count(.session))
        rows.closedSessions.reserveCapacity(count(.closedSession))
        rows.tasks.reserveCapacity(count(.task))
        rows.work.reserveCapacity(count(.work))
        rows.loops.reserveCapacity(count(.loop))
    }

    /// One block: its new names join `dictionary`, its records `rows`. Returns its record count.
    private static func decodeBlock(
        _ r: inout ColumnReader, version: Int, dictionary: inout [String], into rows: inout InsightRows
    ) throws(SnapshotError) -> Int {
        let planes = version >= 3
        let head = try readBlockHead(&r, version: version)
        let kind = head.kind, count = head.count
        var start = 0
        for length in head.nameLengths {
            dictionary.append(String(decoding: UnsafeRawBufferPointer(rebasing: head.nameText[start..<start + Int(length)]), as: UTF8.self))
            start += Int(length)
        }
        var names: [[UInt32]] = []
        for c in 0..<kind.nameColumns { names.append(try r.column(UInt32.self, count: count, "\(kind.name) name column \(c)", planes: planes)) }
        var numbers: [[Int64]] = []
        for c in 0..<kind.numberColumns(version: version) {
            var column = try r.column(Int64.self, count: count, "\(kind.name) number column \(c)", planes: planes)
            // Some columns are differences from an earlier one, restored here.
            if let base = kind.differenceBase(of: c, version: version) {
                for i in column.indices { column[i] &+= numbers[base][i] }
            }
            numbers.append(column)
        }
        let fields = version == versions.upperBound ? numbers : current(kind, numbers)
        let block = Block(kind: kind, names: names, numbers: fields, dictionary: dictionary)
        for i in 0..<count { try block.append(record: i, into: &rows, r) }
        return count
    }

    /// A version 2 or 3 block's number columns as version 4 has them (`Kind.numberColumns`): the
    /// fields no figure reads are dropped, a task's last instant kept to the hour.
    private static func current(_ kind: Kind, _ numbers: [[Int64]]) -> [[Int64]] {
        switch kind {
        case .activity:
            return [numbers[0], numbers[2]]
        case .task:
            let lastHour = numbers[1].map { $0 == Int64.min ? $0 : Timestamp.floorDiv($0, Timestamp.msPerHour) }
            return [lastHour, numbers[5], numbers[6], numbers[7], numbers[8]]
        case .work:
            return Array(numbers[0...2])
        case .person, .session, .closedSession, .loop:
            return numbers
        }
    }

    /// One block's columns, turned into rows record by record.
    private struct Block {
        let kind: Kind
        let names: [[UInt32]]
        let numbers: [[Int64]]
        let dictionary: [String]

        /// Name column `c` of record `i`: nil when absent.
        func name(_ c: Int, _ i: Int, _ r: borrowing ColumnReader) throws(SnapshotError) -> String? {
            let index = names[c][i]
            if index == absent { return nil }
            guard Int(index) < dictionary.count else {
                throw r.failure("\(kind.name) record \(i) of a block refers to name \(index), beyond the \(dictionary.count) so far")
            }
            return dictionary[Int(index)]
        }

        /// A name the record cannot go without (a person's user, a task's id, ...).
        func required(_ c: Int, _ i: Int, _ r: borrowing ColumnReader) throws(SnapshotError) -> String {
            guard let text = try name(c, i, r), !text.isEmpty else {
                throw r.failure("\(kind.name) record \(i) of a block has no name in column \(c), which it needs")
            }
            return text
        }

        func number(_ c: Int, _ i: Int) -> Int64 { numbers[c][i] }

        /// `value` unless it is the sentinel that means "none".
        func number(_ c: Int, _ i: Int, none: Int64) -> Int64? { numbers[c][i] == none ? nil : numbers[c][i] }

        func append(record i: Int, into rows: inout InsightRows, _ r: borrowing ColumnReader) throws(SnapshotError) {
            switch kind {
            case .person:
                rows.people.append(.init(user: try required(0, i, r), team: try name(1, i, r), org: try name(2, i, r), latestMs: number(0, i)))
            case .activity:
                rows.activity.append(.init(
                    user: try required(0, i, r), team: try name(1, i, r), org: try name(2, i, r), model: try name(3, i, r),
                    tool: try name(4, i, r), lastHour: number(0, i), lastDay: Timestamp.floorDiv(number(0, i), 24),
                    dayBits: UInt64(bitPattern: number(1, i))))
            case .session:
                rows.sessions.append(.init(
                    user: try required(0, i, r), session: try name(1, i, r), firstMs: number(0, i), lastMs: number(1, i),
                    calls: number(2, i), tokens: number(3, i), streak: (4..<11).map { number($0, i) }))
            case .closedSession:
                rows.closedSessions.append(.init(
                    user: try required(0, i, r), session: try required(1, i, r), firstMs: number(0, i), lastMs: number(1, i)))
            case .task:
                rows.tasks.append(.init(
                    task: try required(0, i, r), lastHour: number(0, i, none: Int64.min), status: try name(1, i, r),
                    statusMs: number(1, i, none: Int64.min), callsSinceStatus: number(2, i), tokensSinceStatus: number(3, i),
                    shippedMs: number(4, i, none: Int64.max)))
            case .work:
                guard let unit: WindowSpec.Unit = number(0, i) == 0 ? .hour : number(0, i) == 1 ? .day : nil else {
                    throw r.failure("work record \(i) of a block has unit \(number(0, i)), neither 0 (hour) nor 1 (day)")
                }
                guard WorkRecord.bucketRange.contains(number(1, i)) else {
                    throw r.failure("work record \(i) of a block has bucket \(number(1, i)), beyond any hour or day")
                }
                rows.work.append(.init(
                    user: try required(0, i, r), task: try required(1, i, r), unit: unit, bucket: number(1, i),
                    team: try name(2, i, r), org: try name(3, i, r), tokens: number(2, i)))
            case .loop:
                rows.loops.append(.init(
                    user: try required(0, i, r), session: try name(1, i, r), startMs: number(0, i), endMs: number(1, i),
                    calls: number(2, i), tokens: number(3, i)))
            }
        }
    }
}
