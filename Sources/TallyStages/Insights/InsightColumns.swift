/// The layout of the insights section, version 4 (docs/snapshot-format.md, "insights"): the live
/// insights records in blocks of one record kind each. A block is, little-endian: kind (UInt8, a
/// `Kind` code), record count (UInt32), count of names first used in this block (UInt32), those
/// names' lengths (UInt32 column) and bytes, back to back; then the kind's name columns (UInt32
/// indices into the dictionary of every name the blocks so far introduced, `absent` for none) and
/// its number columns (Int64, some as differences from an earlier column, `differenceBase`), each
/// `count` long. Every column is byte planes (`ColumnWriter.append(column:planes:)`).
///
/// Version 4 keeps only what the figures read: version 3 also had a task's first instant, calls,
/// tokens and cost, its last instant to the millisecond, a work record's cost and calls, and an
/// activity record's last day (always its last hour's day). Version 2 had no planes and no
/// differences. Both are still read.
///
/// Each kind's records are in the order of their identity hashes (`InsightState.encodeSection`),
/// and a name enters the dictionary where it is first used, name column by name column, so the
/// content is canonical without sorting any name.
package enum InsightColumns {
    /// Records per block: bounds the writer's and the reader's scratch memory per block.
    static let blockRecords = 8192

    /// A name reference that names nothing (the events had no value).
    static let absent = UInt32.max

    /// The section versions this layout describes (1 was NDJSON rows), up to the one written.
    static let versions = 2...Encoder.version

    enum Kind: UInt8, CaseIterable {
        case person = 1, activity, session, closedSession, task, work, loop

        /// Name columns, in order: person user, team, org; activity user, team, org, model, tool;
        /// session and closed session user, session; task task, status; work user, task, team, org;
        /// loop user, session. The same in every version.
        var nameColumns: Int {
            switch self {
            case .person: 3
            case .activity: 5
            case .session, .closedSession, .loop: 2
            case .task: 2
            case .work: 4
            }
        }

        /// Number columns of `version`, in order. Version 4: person latest_ms; activity last_hour,
        /// day_bits (bit pattern); session first_ms, last_ms, calls, tokens and the seven streak
        /// values; closed session first_ms, last_ms; task last_hour (Int64.min for none), status_ms
        /// (Int64.min for none), calls and tokens since status, shipped_ms (Int64.max for none); work
        /// unit (0 hour, 1 day), bucket, tokens; loop start_ms, end_ms, calls, tokens. Versions 2
        /// and 3: activity last_hour, last_day, day_bits; task first_ms, last_ms, calls, tokens,
        /// cost, status_ms, calls and tokens since status, shipped_ms; work unit, bucket, tokens,
        /// cost, calls; the others as in version 4.
        func numberColumns(version: Int) -> Int {
            switch self {
            case .person: 1
            case .activity: version >= 4 ? 2 : 3
            case .session: 11
            case .closedSession: 2
            case .task: version >= 4 ? 5 : 9
            case .work: version >= 4 ? 3 : 5
            case .loop: 4
            }
        }

        /// Per number column of `version`, the earlier column of the same record it is stored as a
        /// difference from (since version 3): a session's and closed session's last call from its
        /// first, a loop's end from its start, and in version 3 a task's last instant from its first
        /// and its calls and tokens since status from its calls and tokens. The differences are small
        /// where the values are not, so they compress better. Wrapping arithmetic, so sentinels
        /// (`Int64.max`, `Int64.min`) round-trip exactly.
        func differenceBase(of column: Int, version: Int) -> Int? {
            guard version >= 3 else { return nil }
            switch (self, column) {
            case (.session, 1), (.closedSession, 1), (.loop, 1): return 0
            case (.task, 1) where version == 3: return 0
            case (.task, 6) where version == 3: return 2
            case (.task, 7) where version == 3: return 3
            default: return nil
            }
        }

        func bytesPerRecord(version: Int) -> Int { 4 * nameColumns + 8 * numberColumns(version: version) }

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
