import TallyCore
import TallyStages

/// The distinct counts of the figures (people, tools and models per group, tasks touched and
/// shipped), counted over name ids (`NameIDs`, `DistinctPairs`): a realistic month's snapshot holds
/// millions of activity and work records, and hashing their names into sets of strings took seconds.
extension InsightFigures {
    /// Active people, teams and orgs; each person's models; each team's, org's, model's and tool's
    /// active people, and each team's and org's models and tools; people of each team and org in
    /// this week and the last (every activity record, in the window or not).
    /// - Complexity: O(activity records + names).
    mutating func countActivity(_ activity: [InsightRows.Activity], header: SnapshotHeader, startHour: Int64) {
        // About one name a person, team, org, model and tool.
        var names = NameIDs(capacity: people.count + 1_024)
        var usersOf = [DistinctPairs](repeating: DistinctPairs(), count: KeyDimension.count)
        var modelsOf = usersOf, toolsOf = usersOf, thisWeek = usersOf, lastWeek = usersOf
        var modelsOfUser = DistinctPairs()
        /// Group 0: people; 1: teams; 2: orgs (each its own member).
        var active = DistinctPairs()
        let watermarkDay = Timestamp.floorDiv(header.watermarkMs, Timestamp.msPerDay)
        let hasTwoWeeks = header.windows.contains { $0.unit == .day && $0.length >= 14 }
        var lastUser: (name: String, id: Int32)?, lastTeam = lastUser, lastOrg = lastUser
        for a in activity {
            let user = names.id(a.user, repeating: &lastUser)
            let team = a.team.map { names.id($0, repeating: &lastTeam) }, org = a.org.map { names.id($0, repeating: &lastOrg) }
            let model = a.model.map { names.id($0) }, tool = a.tool.map { names.id($0) }
            // The record's group `key` of dimension `d`, when it has one: its person in the window, its
            // team's and org's models and tools, its person's weeks.
            func countGroup(_ d: KeyDimension, _ key: Int32?, inWindow: Bool, weeks: (this: Bool, last: Bool)?) {
                guard let key else { return }
                let isTeamOrOrg = d == .team || d == .org
                if inWindow {
                    usersOf[d.rawValue].insert(key, user)
                    if isTeamOrOrg, let model { modelsOf[d.rawValue].insert(key, model) }
                    if isTeamOrOrg, let tool { toolsOf[d.rawValue].insert(key, tool) }
                }
                guard isTeamOrOrg, let weeks else { return }
                if weeks.this { thisWeek[d.rawValue].insert(key, user) }
                if weeks.last { lastWeek[d.rawValue].insert(key, user) }
            }
            let inWindow = a.lastHour >= startHour
            if inWindow {
                active.insert(0, user)
                if let team { active.insert(1, team) }
                if let org { active.insert(2, org) }
                if let model { modelsOfUser.insert(user, model) }
            }
            let weeks = hasTwoWeeks
                ? (this: (0..<7).contains { a.wasActive(onDay: watermarkDay - $0) }, last: (7..<14).contains { a.wasActive(onDay: watermarkDay - $0) })
                : nil
            countGroup(.team, team, inWindow: inWindow, weeks: weeks)
            countGroup(.org, org, inWindow: inWindow, weeks: weeks)
            countGroup(.model, model, inWindow: inWindow, weeks: nil)
            countGroup(.tool, tool, inWindow: inWindow, weeks: nil)
        }
        let actives = active.counts()
        activeUsers = actives[0] ?? 0
        activeTeams = actives[1] ?? 0
        activeOrgs = actives[2] ?? 0
        for (user, models) in modelsOfUser.counts() { people[ExactName(names.names[Int(user)])]?.models = models }
        for d in [KeyDimension.team, .org, .model, .tool] {
            let models = modelsOf[d.rawValue].counts(), tools = toolsOf[d.rawValue].counts()
            let this = hasTwoWeeks ? thisWeek[d.rawValue].counts() : [:], last = hasTwoWeeks ? lastWeek[d.rawValue].counts() : [:]
            for (key, users) in usersOf[d.rawValue].counts() {
                let name = names.names[Int(key)]
                var g = groups[d]?[ExactName(name)] ?? Group(dimension: d, key: name)
                g.activeUsers = users
                g.models = models[key] ?? 0
                g.tools = tools[key] ?? 0
                if hasTwoWeeks {
                    g.usersThisWeek = this[key] ?? 0
                    g.usersPreviousWeek = last[key] ?? 0
                }
                groups[d, default: [:]][ExactName(name)] = g
            }
        }
    }

    /// What the work records give the figures, by name: tallied on a thread of its own
    /// (`tallyOutcomes`) while the activity records are counted, then applied (`apply`).
    struct OutcomeTally: Sendable {
        var tasksShippedTotal = 0
        var tokensOnShipped: Int64 = 0
        var tasksTouched = 0
        var tasksShipped = 0
        /// By owner dimension (user, team, org, by raw value): each owner's tokens in the window on
        /// tasks that have shipped, tasks touched and tasks shipped.
        var onShipped = [[(name: String, tokens: Int64)]](repeating: [], count: KeyDimension.count)
        var touched = [[(name: String, tasks: Int)]](repeating: [], count: KeyDimension.count)
        var shipped = [[(name: String, tasks: Int)]](repeating: [], count: KeyDimension.count)
    }

    /// Tasks shipped in the window; tasks touched and shipped by each person, team and org and by
    /// the organisation, and their tokens in the window on tasks that have shipped (work records
    /// joined to their tasks' first ship).
    /// - Complexity: O(work records + tasks + names).
    static func tallyOutcomes(
        _ tasks: [InsightRows.Task], _ work: [InsightRows.Work], window: WindowSpec, windowStartMs: Int64, startBucket: Int64
    ) -> OutcomeTally {
        var tally = OutcomeTally()
        var names = NameIDs(capacity: tasks.count + 1_024)
        var shippedMs: [Int32: Int64] = [:]
        for t in tasks {
            guard let shipped = t.shippedMs else { continue }
            shippedMs[names.id(t.task)] = shipped
            if shipped >= windowStartMs { tally.tasksShippedTotal += 1 }
        }
        var touched = [DistinctPairs](repeating: DistinctPairs(), count: KeyDimension.count), shippedBy = touched
        var onShipped = [[Int32: Int64]](repeating: [:], count: KeyDimension.count)
        /// Group 0: the organisation's tasks.
        var touchedAll = DistinctPairs(), shippedAll = DistinctPairs()
        var lastUser: (name: String, id: Int32)?, lastTask = lastUser, lastTeam = lastUser, lastOrg = lastUser
        for w in work {
            let task = names.id(w.task, repeating: &lastTask)
            let user = names.id(w.user, repeating: &lastUser)
            let team = w.team.map { names.id($0, repeating: &lastTeam) }, org = w.org.map { names.id($0, repeating: &lastOrg) }
            // The record's owners that have a name: (dimension, name id).
            func forEachOwner(_ body: (Int, Int32) -> Void) {
                body(KeyDimension.user.rawValue, user)
                if let team { body(KeyDimension.team.rawValue, team) }
                if let org { body(KeyDimension.org.rawValue, org) }
            }
            let shipped = shippedMs[task]
            if let shipped, shipped >= windowStartMs {
                shippedAll.insert(0, task)
                forEachOwner { d, key in shippedBy[d].insert(key, task) }
            }
            guard w.unit == window.unit, w.bucket >= startBucket else { continue }
            touchedAll.insert(0, task)
            forEachOwner { d, key in
                touched[d].insert(key, task)
                if shipped != nil { onShipped[d][key, default: 0].addSaturating(w.tokens) }
            }
            if shipped != nil { tally.tokensOnShipped.addSaturating(w.tokens) }
        }
        for d in [KeyDimension.user, .team, .org].map(\.rawValue) {
            tally.onShipped[d] = onShipped[d].map { (names.names[Int($0.key)], $0.value) }
            tally.touched[d] = touched[d].counts().map { (names.names[Int($0.key)], $0.value) }
            tally.shipped[d] = shippedBy[d].counts().map { (names.names[Int($0.key)], $0.value) }
        }
        tally.tasksTouched = touchedAll.counts()[0] ?? 0
        tally.tasksShipped = shippedAll.counts()[0] ?? 0
        return tally
    }

    /// Puts `tally`'s figures in the people's, groups' and organisation's outcomes.
    mutating func apply(_ tally: OutcomeTally) {
        tasksShippedTotal = tally.tasksShippedTotal
        overall.tokensOnShipped.addSaturating(tally.tokensOnShipped)
        for d in [KeyDimension.user, .team, .org] {
            for (name, tokens) in tally.onShipped[d.rawValue] { update(d, name) { $0.tokensOnShipped.addSaturating(tokens) } }
            for (name, tasks) in tally.touched[d.rawValue] { update(d, name) { $0.tasksTouched = tasks } }
            for (name, tasks) in tally.shipped[d.rawValue] { update(d, name) { $0.tasksShipped = tasks } }
        }
        overall.tasksTouched = tally.tasksTouched
        overall.tasksShipped = tally.tasksShipped
    }
}
