import TallyCore

/// Which people a reader may see, and how small a group may be before it is hidden. Every reader
/// (report, dashboard) applies it the same way.
///
/// A viewer sees their own rows and those of their direct reports, no one deeper and no peers: a
/// person's usage is visible to that person and their direct manager, nobody else. Groups (a team, a
/// model) with fewer than `minGroupUsers` distinct active users are hidden, because a small group's
/// total is one or two people's usage under another name. The operator's scope sees every person.
///
/// Invariant: `minGroupUsers >= 1`; `visibleUsers` is nil exactly when `viewer` is nil.
public struct VisibilityScope: Sendable, CustomStringConvertible {
    /// Groups with fewer distinct active users than this are hidden. At least 1.
    public let minGroupUsers: Int
    /// The viewer's id as it appears in the data (the pseudonym when a key was given); nil for the
    /// operator.
    public let viewer: String?
    /// The people whose rows may be shown, by their bytes (`ExactName`, as the engine keys them); nil
    /// means everyone.
    public let visibleUsers: Set<ExactName>?

    private init(minGroupUsers: Int, viewer: String?, visibleUsers: Set<ExactName>?) {
        precondition(minGroupUsers >= 1, "minGroupUsers must be at least 1")
        self.minGroupUsers = minGroupUsers
        self.viewer = viewer
        self.visibleUsers = visibleUsers
    }

    /// The operator's scope: every person is visible.
    public static func `operator`(minGroupUsers: Int = 1) -> VisibilityScope {
        VisibilityScope(minGroupUsers: minGroupUsers, viewer: nil, visibleUsers: nil)
    }

    /// The scope of `viewer`: themselves and their direct reports in `orgChart`.
    ///
    /// - Parameters:
    ///   - viewer: the viewer's plain id; it is mapped through `pseudonymKey` when one is given, so it
    ///     matches a chart loaded with the same key.
    ///   - pseudonymKey: the key `orgChart` was loaded with, or nil for both.
    /// - Throws: ``GovernanceError`` when the viewer is not in the chart.
    /// - Complexity: O(r) for r direct reports.
    public init(viewer: String, orgChart: OrgChart, minGroupUsers: Int = 5, pseudonymKey: PseudonymKey?) throws(GovernanceError) {
        precondition(
            orgChart.keyFingerprint == pseudonymKey?.fingerprint,
            "the org chart and the viewer must be mapped with the same pseudonym key (or both with none)"
        )
        let id = pseudonymKey.map { $0.pseudonym(of: viewer) } ?? viewer
        guard orgChart.contains(id) else {
            throw GovernanceError(.viewerNotInOrgChart(viewer: viewer, pseudonymised: pseudonymKey != nil))
        }
        var visible = Set(orgChart.directReports(of: id).map { ExactName($0) })
        visible.insert(ExactName(id))
        self.init(minGroupUsers: minGroupUsers, viewer: id, visibleUsers: visible)
    }

    /// True when `user`'s own rows may be shown. O(1) expected.
    public func canSee(user: String) -> Bool {
        visibleUsers?.contains(ExactName(user)) ?? true
    }

    /// True when a group with this many distinct active users may be shown.
    public func canShowGroup(distinctUsers: Int) -> Bool {
        distinctUsers >= minGroupUsers
    }

    /// One line for report footers and dashboards, e.g.
    /// `viewer p-3f9a0c1e…: own rows and 3 direct reports; groups with fewer than 5 active users hidden`.
    public var description: String {
        let groups = minGroupUsers == 1
            ? "all groups shown"
            : "groups with fewer than \(minGroupUsers) active users hidden"
        guard let viewer, let visibleUsers else { return "operator view: all people; \(groups)" }
        let reports = visibleUsers.count - 1
        let who = switch reports {
        case 0: "own rows only (no direct reports)"
        case 1: "own rows and 1 direct report"
        default: "own rows and \(reports) direct reports"
        }
        return "viewer \(Self.abbreviated(viewer)): \(who); \(groups)"
    }

    /// A pseudonym shortened to its first 8 hex digits, which is enough to recognise it; plain ids whole.
    private static func abbreviated(_ id: String) -> String {
        let isPseudonym = id.utf8.count == PseudonymKey.pseudonymBytes && id.hasPrefix("p-")
            && id.utf8.dropFirst(2).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        return isPseudonym ? String(id.prefix(10)) + "…" : id
    }
}
