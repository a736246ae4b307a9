/// The layout of the insights section, version 3 (docs/snapshot-format.md, "insights"): the live
/// insights records in blocks of one record kind each. A block is, little-endian: kind (UInt8, a
/// `Kind` code), record count (UInt32), count of names first used in this block (UInt32), those
/// names' lengths (UInt32 column) and bytes, back to back; then the kind's name columns (UInt32
/// indices into the dictionary of every name the blocks so far introduced, `absent` for none) and
/// its number columns (Int64, some as differences from an earlier column, `differenceBase`), each
/// `count` long. Every column is byte planes (`ColumnWriter.append(column:planes:)`); version 2 had
/// the values back to back and no differences.
///
/// Each kind's records are in the order of their identity hashes (`InsightState.encodeSection`),
/// and a name enters the dictionary where it is first used, name column by name column, so the
/// content is canonical without sorting any name.
package enum InsightColumns {
    /// Records per block: bounds the writer's and the reader's scratch memory per block.
    static let blockRecords = 8192

    /// A name reference that names nothing (the events had no value).
    static let absent = UInt32.max

    enum Kind: UInt8, CaseIterable {
        case person = 1, activity, session, closedSession, task, work, loop

        /// Name columns, in order: person user, team, org; activity user, team, org, model, tool;
        /// session and closed session user, session; task task, status; work user, task, team, org;
        /// loop user, session.
        var nameColumns: Int {
            switch self {
            case .person: 3
            case .activity: 5
            case .session, .closedSession, .loop: 2
            case .task: 2
            case .work: 4
            }
        }

        /// Number columns, in order: person latest_ms; activity last_hour, last_day, day_bits (bit
        /// pattern); session first_ms, last_ms, calls, tokens and the seven streak values; closed
        /// session first_ms, last_ms; task first_ms (Int64.max for none), last_ms (Int64.min for none),
        /// calls, tokens, cost (nano-dollars), status_ms (Int64.min for none), calls and tokens since
        /// status, shipped_ms (Int64.max for none); work unit (0 hour, 1 day), bucket, tokens, cost,
        /// calls; loop start_ms, end_ms, calls, tokens.
        var numberColumns: Int {
            switch self {
            case .person: 1
            case .activity: 3
            case .session: 11
            case .closedSession: 2
            case .task: 9
            case .work: 5
            case .loop: 4
            }
        }

        /// Per number column, the earlier column of the same record it is stored as a difference
        /// from (version 3): a session's, closed session's or task's last call from its first, a
        /// loop's end from its start, a task's calls and tokens since its status from its calls and
        /// tokens. The differences are small where the values are not, so they compress better.
        /// Wrapping arithmetic, so sentinels (`Int64.max`, `Int64.min`) round-trip exactly.
        func differenceBase(of column: Int) -> Int? {
            switch (self, column) {
            case (.session, 1), (.closedSession, 1), (.task, 1), (.loop, 1): 0
            case (.task, 6): 2
            case (.task, 7): 3
            default: nil
            }
        }

        var bytesPerRecord: Int { 4 * nameColumns + 8 * numberColumns }

        var name: String {
            switch self {
            case .person: "person"
            case .activity: "activity"
            case .session: "session"
            case .closedSession: "closed_session"
            case .task: "task"
            case .work: "work"
            case .loop: "loop"
            }
        }
    }
}
