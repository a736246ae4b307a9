import ArgumentParser
import TallyEvents
import TallyStages

/// Who is reading: the options every reader shares to scope people and suppress small groups.
struct ScopeOptions: ParsableArguments {
    @Option(name: .long, help: "Show only this person's rows and their direct reports' (needs --org-chart).")
    var viewer: String?

    @Option(name: .customLong("org-chart"), help: "CSV of user,manager rows that defines direct reports.")
    var orgChart: String?

    @Option(name: .customLong("min-group"), help: ArgumentHelp(
        "Hide group rows (team, org, model, tool) with fewer distinct active users.",
        discussion: "Default: 5 in the dashboard and whenever --viewer is given; 1 otherwise."))
    var minGroup: Int?

    @Option(name: .customLong("pseudonymize-key"), help: "The key the snapshot was written with (ingest --pseudonymize-key): maps --viewer and the org chart's ids to the snapshot's pseudonyms.")
    var pseudonymizeKey: String?

    func validate() throws {
        if viewer != nil, orgChart == nil { throw ValidationError("--viewer needs --org-chart (who reports to whom)") }
        if orgChart != nil, viewer == nil { throw ValidationError("--org-chart is used with --viewer") }
        if let minGroup, minGroup < 1 { throw ValidationError("--min-group must be at least 1") }
    }

    /// The scope for `header`'s snapshot. `strictDefault`: the reader is shared (dashboard), so
    /// small groups are hidden even for the operator unless --min-group says otherwise.
    func scope(for header: SnapshotHeader, strictDefault: Bool = false) throws -> VisibilityScope {
        do {
            let key = try pseudonymizeKey.map { path throws(GovernanceError) in try PseudonymKey(contentsOfFile: path) }
            if let key, let written = header.pseudonymKeyFingerprint, key.fingerprint != written {
                fail("--pseudonymize-key is not the key this snapshot was written with (fingerprint \(key.fingerprint), snapshot \(written))")
            }
            if key != nil, header.pseudonymKeyFingerprint == nil {
                fail("this snapshot holds raw user ids; --pseudonymize-key applies only to pseudonymised snapshots")
            }
            guard let viewer, let orgChart else {
                return .operator(minGroupUsers: minGroup ?? (strictDefault ? 5 : 1))
            }
            if header.pseudonymKeyFingerprint != nil, key == nil {
                fail("this snapshot holds pseudonyms: pass the ingest's --pseudonymize-key so that --viewer and the org chart match them")
            }
            let chart = try OrgChart(contentsOfFile: orgChart, pseudonymKey: key)
            return try VisibilityScope(viewer: viewer, orgChart: chart, minGroupUsers: minGroup ?? 5, pseudonymKey: key)
        } catch {
            fail(error.description)
        }
    }

    private func fail(_ message: String) -> Never {
        Terminal.error("tokentally: \(message)")
        ScopeOptions.exit(withError: ExitCode(2))
    }
}
