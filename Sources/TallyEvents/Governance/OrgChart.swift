import TallyCore

/// Who reports to whom, from a CSV file of `user,manager` rows (RFC 4180).
///
/// - Fields may be quoted (`"Doe, Jane"`, `""` for a quote inside); rows end with LF or CRLF; blank
///   lines are skipped; a leading UTF-8 byte order mark (spreadsheet exports) is ignored.
/// - An optional first row `user,manager` (any case, spaces around the names allowed) is a header.
/// - Every row has exactly two fields. The user is never empty. An empty manager marks the top of the
///   tree, and so does a user who is their own manager (some HR exports list the CEO that way).
/// - A user may appear on several rows only with the same manager.
/// - An unquoted field may not start or end with a space or tab: `alice, bob` would otherwise make
///   a manager `" bob"` who matches nobody, silently. Quote the field if the spaces belong to the id.
///
/// With a pseudonym key, every id is replaced by its pseudonym as it is read, so the chart speaks the
/// ids of a pseudonymised snapshot. People are everyone named in either column. Ids are matched by
/// their bytes (`ExactName`), as the engine keys people: two ids that are canonically equivalent
/// but differ in bytes are two people.
public struct OrgChart: Sendable {
    /// Users with a manager; users at the top of the tree are in `people` only.
    private let managerByUser: [ExactName: String]
    private let reportsByManager: [ExactName: [String]]
    private let people: Set<ExactName>
    /// The fingerprint of the key the ids were mapped with, nil for plain ids.
    package let keyFingerprint: String?

    /// Loads the org chart at `path`.
    /// - Throws: ``GovernanceError`` naming the file and, for content errors, the line.
    /// - Complexity: O(file size) expected, plus O(r log r) to sort each manager's r reports.
    public init(contentsOfFile path: String, pseudonymKey: PseudonymKey?) throws(GovernanceError) {
        let bytes = try GovernanceFile.readAll(path, subject: .orgChart, bytesMax: Self.fileBytesMax)
        do {
            try self.init(bytes: bytes, pseudonymKey: pseudonymKey)
        } catch {
            throw error.naming(path)
        }
    }

    /// Parses an org chart given as text, for tests.
    package init(csv: String, pseudonymKey: PseudonymKey?) throws(GovernanceError) {
        try self.init(bytes: Array(csv.utf8), pseudonymKey: pseudonymKey)
    }

    /// A larger file is surely the wrong one (a million rows of long e-mail addresses is under 200 MB).
    static let fileBytesMax = 1 << 30

    private init(bytes: [UInt8], pseudonymKey: PseudonymKey?) throws(GovernanceError) {
        var parser = CSVRecordParser(bytes)
        // The first row, line and manager seen for each user, by raw id.
        var rows: [ExactName: (line: Int, manager: String)] = [:]
        var order: [String] = []
        var isFirstRecord = true
        while let record = try parser.next() {
            let fields = record.fields
            if isFirstRecord {
                isFirstRecord = false
                if fields.count == 2, Self.isHeader(fields[0].text, "user"), Self.isHeader(fields[1].text, "manager") {
                    continue
                }
            }
            guard fields.count == 2 else {
                throw GovernanceError(.orgChartFieldCount(line: record.line, fields: fields.count))
            }
            for field in fields where !field.quoted && field.hasOuterBlank {
                throw GovernanceError(.orgChartSyntax(
                    line: record.line,
                    problem: "'\(field.text)' starts or ends with a space; remove it, or quote the field if it is part of the id"
                ))
            }
            let user = fields[0].text
            var manager = fields[1].text
            guard !user.isEmpty else { throw GovernanceError(.orgChartEmptyUser(line: record.line)) }
            if manager.isBytewiseEqual(to: user) { manager = "" }
            if let first = rows[ExactName(user)] {
                guard first.manager.isBytewiseEqual(to: manager) else {
                    throw GovernanceError(.orgChartConflictingManagers(
                        user: user, firstLine: first.line, firstManager: first.manager, line: record.line, manager: manager
                    ))
                }
            } else {
                rows[ExactName(user)] = (record.line, manager)
                order.append(user)
            }
        }

        // Ids are mapped after checking, so that errors quote the file's own ids; the map is one-to-one.
        let map: (String) -> String = { id in pseudonymKey.map { $0.pseudonym(of: id) } ?? id }
        var managerByUser: [ExactName: String] = [:]
        var reportsByManager: [ExactName: [String]] = [:]
        var people: Set<ExactName> = []
        for rawUser in order {
            let user = map(rawUser)
            people.insert(ExactName(user))
            let rawManager = rows[ExactName(rawUser)]!.manager
            guard !rawManager.isEmpty else { continue }
            let manager = map(rawManager)
            people.insert(ExactName(manager))
            managerByUser[ExactName(user)] = manager
            reportsByManager[ExactName(manager), default: []].append(user)
        }
        for manager in reportsByManager.keys { reportsByManager[manager]!.sort { ExactName($0) < ExactName($1) } }
        self.managerByUser = managerByUser
        self.reportsByManager = reportsByManager
        self.people = people
        keyFingerprint = pseudonymKey?.fingerprint
    }

    /// The people who report to `manager` directly, in byte order; empty for an unknown id. O(1) expected.
    public func directReports(of manager: String) -> [String] {
        reportsByManager[ExactName(manager)] ?? []
    }

    /// The direct manager of `user`; nil at the top of the tree and for an id not in the chart.
    /// O(1) expected.
    public func manager(of user: String) -> String? {
        managerByUser[ExactName(user)]
    }

    /// True when `person` is named in the chart, as a user or as a manager. O(1) expected.
    public func contains(_ person: String) -> Bool {
        people.contains(ExactName(person))
    }

    /// The number of distinct people named in the chart, as users or managers.
    public var userCount: Int { people.count }

    private static func isHeader(_ field: String, _ name: String) -> Bool {
        field.trimmingBlanks().lowercased() == name
    }
}

private extension String {
    func trimmingBlanks() -> Substring {
        var text = self[...]
        while let c = text.first, c == " " || c == "\t" { text.removeFirst() }
        while let c = text.last, c == " " || c == "\t" { text.removeLast() }
        return text
    }
}
