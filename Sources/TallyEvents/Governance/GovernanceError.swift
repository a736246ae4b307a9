import TallyCore

/// Errors loading a pseudonym key or an org chart, or scoping a reader to a viewer. Each message
/// names the file (or the viewer) and says what to do.
public struct GovernanceError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Which input an error about a file concerns; it decides the wording.
    package enum Subject: Sendable, Equatable {
        case pseudonymKey
        case orgChart
    }

    package enum Kind: Sendable, Equatable {
        case fileNotFound(Subject)
        case fileUnreadable(Subject, errno: Int32)
        case fileIsDirectory(Subject)
        case fileTooLarge(Subject, bytesMax: Int)
        case keyEmpty
        case keyTooShort(bytes: Int)
        /// A CSV syntax problem (quotes, encoding, stray spaces) on a 1-based line.
        case orgChartSyntax(line: Int, problem: String)
        case orgChartFieldCount(line: Int, fields: Int)
        case orgChartEmptyUser(line: Int)
        case orgChartConflictingManagers(user: String, firstLine: Int, firstManager: String, line: Int, manager: String)
        case viewerNotInOrgChart(viewer: String, pseudonymised: Bool)
    }

    package let kind: Kind
    /// The file the error concerns; nil for an org chart given as text and for viewer errors.
    public let path: String?

    package init(_ kind: Kind, path: String? = nil) {
        self.kind = kind
        self.path = path
    }

    /// The same error, naming `path` (the org chart parser works on text and learns the name later).
    package func naming(_ path: String) -> GovernanceError {
        GovernanceError(kind, path: path)
    }

    public var description: String {
        let prefix = path.map { "\($0): " } ?? ""
        let createKey = "create one with `openssl rand -hex 32 > \(path ?? "FILE")`"
        switch kind {
        case .fileNotFound(.pseudonymKey):
            return "\(prefix)pseudonym key file not found; check the path. If no key exists yet, \(createKey) "
                + "(a new key gives everyone new pseudonyms)"
        case .fileNotFound(.orgChart):
            return "\(prefix)org chart file not found; check the path"
        case .fileUnreadable(let subject, let code):
            return "\(prefix)cannot read the \(Self.noun(subject)): \(SystemError.message(code)); "
                + "the user running tokentally needs read permission on it"
        case .fileIsDirectory(let subject):
            return "\(prefix)is a directory; pass the \(Self.noun(subject)) itself"
        case .fileTooLarge(.pseudonymKey, let bytesMax):
            return "\(prefix)longer than \(bytesMax) bytes, which is not a pseudonym key; is this the right file? "
                + "A key is usually 64 hex characters (`openssl rand -hex 32`)"
        case .fileTooLarge(.orgChart, let bytesMax):
            return "\(prefix)the org chart is larger than \(bytesMax) bytes; is this the right file?"
        case .keyEmpty:
            return "\(prefix)the pseudonym key file is empty; a key needs at least \(PseudonymKey.bytesMin) bytes; \(createKey)"
        case .keyTooShort(let bytes):
            return "\(prefix)the pseudonym key is \(bytes) byte\(bytes == 1 ? "" : "s") (not counting a final newline); "
                + "a key needs at least \(PseudonymKey.bytesMin) bytes; \(createKey)"
        case .orgChartSyntax(let line, let problem):
            return "\(prefix)org chart line \(line): \(problem)"
        case .orgChartFieldCount(let line, let fields):
            return "\(prefix)org chart line \(line): \(fields) field\(fields == 1 ? "" : "s"); each row needs exactly 2, "
                + "user,manager (quote a field that contains a comma)"
        case .orgChartEmptyUser(let line):
            return "\(prefix)org chart line \(line): the user field is empty; every row names a user "
                + "(the manager may be empty for the top of the tree)"
        case .orgChartConflictingManagers(let user, let firstLine, let firstManager, let line, let manager):
            let named = { (manager: String) in manager.isEmpty ? "none" : "'\(manager)'" }
            return "\(prefix)org chart lines \(firstLine) and \(line) give user '\(user)' two managers, "
                + "\(named(firstManager)) and \(named(manager)); a user has one direct manager: remove one of the rows"
        case .viewerNotInOrgChart(let viewer, let pseudonymised):
            let keyHint = pseudonymised
                ? "with --pseudonymize-key, give the viewer's plain id as written in the org chart file, "
                    + "not a pseudonym, and the same key the snapshot was written with"
                : "without --pseudonymize-key the id must match the org chart exactly; if the snapshot was "
                    + "pseudonymised, pass the same --pseudonymize-key"
            return "viewer '\(viewer)' is not in the org chart; check the id and check --pseudonymize-key: \(keyHint)"
        }
    }

    private static func noun(_ subject: Subject) -> String {
        switch subject {
        case .pseudonymKey: "pseudonym key file"
        case .orgChart: "org chart"
        }
    }
}
