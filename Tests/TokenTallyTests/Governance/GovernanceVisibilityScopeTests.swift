import Testing
@testable import TallyEvents

/// The visibility rule: a viewer sees themselves and their direct reports, nobody else; small groups
/// are hidden.
@Suite struct GovernanceVisibilityScopeTests {
    ///            ceo
    ///          /     \
    ///        vp1      vp2
    ///       /   \       \
    ///     m1     m2      m3
    ///    /  \
    ///  e1    e2
    static let csv = "user,manager\nceo,\nvp1,ceo\nvp2,ceo\nm1,vp1\nm2,vp1\nm3,vp2\ne1,m1\ne2,m1\n"
    static let everyone = ["ceo", "vp1", "vp2", "m1", "m2", "m3", "e1", "e2"]

    private func visible(_ scope: VisibilityScope) -> [String] {
        Self.everyone.filter { scope.canSee(user: $0) }.sorted()
    }

    @Test func aViewerSeesThemselvesAndDirectReportsOnly() throws {
        let chart = try OrgChart(csv: Self.csv, pseudonymKey: nil)
        let vp1 = try VisibilityScope(viewer: "vp1", orgChart: chart, pseudonymKey: nil)
        #expect(visible(vp1) == ["m1", "m2", "vp1"])  // not e1/e2 (grand-reports), vp2 (peer), ceo (manager)
        #expect(vp1.visibleUsers == ["vp1", "m1", "m2"])
        #expect(vp1.viewer == "vp1")
        #expect(!vp1.canSee(user: "someone-not-in-the-chart"))

        let m1 = try VisibilityScope(viewer: "m1", orgChart: chart, pseudonymKey: nil)
        #expect(visible(m1) == ["e1", "e2", "m1"])
        let e1 = try VisibilityScope(viewer: "e1", orgChart: chart, pseudonymKey: nil)
        #expect(visible(e1) == ["e1"])  // not their manager, not their peer e2
        let ceo = try VisibilityScope(viewer: "ceo", orgChart: chart, pseudonymKey: nil)
        #expect(visible(ceo) == ["ceo", "vp1", "vp2"])
    }

    @Test func aManagerWithoutTheirOwnRowCanView() throws {
        let chart = try OrgChart(csv: "alice,bob\n", pseudonymKey: nil)
        let bob = try VisibilityScope(viewer: "bob", orgChart: chart, pseudonymKey: nil)
        #expect(bob.visibleUsers == ["alice", "bob"])
    }

    @Test func theOperatorSeesEveryone() {
        let scope = VisibilityScope.operator()
        #expect(visible(scope) == Self.everyone.sorted())
        #expect(scope.canSee(user: "anyone at all"))
        #expect(scope.viewer == nil)
        #expect(scope.visibleUsers == nil)
        #expect(scope.minGroupUsers == 1)
        #expect(scope.canShowGroup(distinctUsers: 1))
        #expect(!scope.canShowGroup(distinctUsers: 0))
    }

    @Test func groupsBelowTheThresholdAreHidden() throws {
        let chart = try OrgChart(csv: Self.csv, pseudonymKey: nil)
        let scope = try VisibilityScope(viewer: "vp1", orgChart: chart, pseudonymKey: nil)
        #expect(scope.minGroupUsers == 5)
        #expect(!scope.canShowGroup(distinctUsers: 4))
        #expect(scope.canShowGroup(distinctUsers: 5))
        #expect(scope.canShowGroup(distinctUsers: 50))
        let strict = VisibilityScope.operator(minGroupUsers: 3)
        #expect(!strict.canShowGroup(distinctUsers: 2))
        #expect(strict.canShowGroup(distinctUsers: 3))
        let loose = try VisibilityScope(viewer: "vp1", orgChart: chart, minGroupUsers: 1, pseudonymKey: nil)
        #expect(loose.canShowGroup(distinctUsers: 1))
    }

    @Test func aViewerNotInTheChartIsRefused() throws {
        let chart = try OrgChart(csv: Self.csv, pseudonymKey: nil)
        #expect(throws: GovernanceError(.viewerNotInOrgChart(viewer: "vp9", pseudonymised: false))) {
            try VisibilityScope(viewer: "vp9", orgChart: chart, pseudonymKey: nil)
        }
        do {
            _ = try VisibilityScope(viewer: "vp9", orgChart: chart, pseudonymKey: nil)
        } catch {
            #expect(error.description.hasPrefix("viewer 'vp9' is not in the org chart"))
            #expect(error.description.contains("--pseudonymize-key"))
        }
    }

    @Test func aPseudonymisedScopeMapsTheViewer() throws {
        let key = PseudonymKey(keyBytes: Array("0123456789abcdef0123456789abcdef".utf8))
        let chart = try OrgChart(csv: Self.csv, pseudonymKey: key)
        let scope = try VisibilityScope(viewer: "vp1", orgChart: chart, pseudonymKey: key)
        // Independently computed pseudonyms (Python's hmac) of "vp1" and "m1" under this key.
        #expect(scope.viewer == "p-c50093be96248dcacde3f26071f9f5d1")
        #expect(scope.canSee(user: "p-d34d63c97f1494b202da04ac35900b59"))
        #expect(!scope.canSee(user: "m1"))
        #expect(!scope.canSee(user: key.pseudonym(of: "e1")))
        #expect(scope.visibleUsers?.count == 3)
        // A pseudonym given as the viewer is mapped again and found nowhere.
        #expect(throws: GovernanceError(.viewerNotInOrgChart(viewer: "p-c50093be96248dcacde3f26071f9f5d1", pseudonymised: true))) {
            try VisibilityScope(viewer: "p-c50093be96248dcacde3f26071f9f5d1", orgChart: chart, pseudonymKey: key)
        }
    }

    @Test func descriptionsReadAsOneLine() throws {
        #expect(VisibilityScope.operator().description == "operator view: all people; all groups shown")
        #expect(VisibilityScope.operator(minGroupUsers: 5).description
            == "operator view: all people; groups with fewer than 5 active users hidden")
        let chart = try OrgChart(csv: Self.csv, pseudonymKey: nil)
        #expect(try VisibilityScope(viewer: "vp1", orgChart: chart, pseudonymKey: nil).description
            == "viewer vp1: own rows and 2 direct reports; groups with fewer than 5 active users hidden")
        #expect(try VisibilityScope(viewer: "vp2", orgChart: chart, minGroupUsers: 2, pseudonymKey: nil).description
            == "viewer vp2: own rows and 1 direct report; groups with fewer than 2 active users hidden")
        #expect(try VisibilityScope(viewer: "e1", orgChart: chart, minGroupUsers: 1, pseudonymKey: nil).description
            == "viewer e1: own rows only (no direct reports); all groups shown")
        let key = PseudonymKey(keyBytes: Array("0123456789abcdef0123456789abcdef".utf8))
        let keyed = try OrgChart(csv: Self.csv, pseudonymKey: key)
        #expect(try VisibilityScope(viewer: "vp1", orgChart: keyed, pseudonymKey: key).description
            == "viewer p-c50093be…: own rows and 2 direct reports; groups with fewer than 5 active users hidden")
    }
}
