import TallyCore
import TallyEvents
import TallyStages

/// `tokentally report`: one dimension's totals over one window, ranked, with the outcome figures
/// ("work completed with AI") beside usage for people, teams and orgs.
public struct UsageReport: Sendable {
    public static let columns = [
        "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "total_tokens",
        "events", "outcomes", "cost_usd", "cost_usd_estimated",
    ]
    /// For user, team and org: after the usage columns, so that readers of the usage columns keep working.
    public static let outcomeColumns = [
        "tasks_touched", "tasks_shipped", "tokens_per_shipped_task", "cost_usd_per_shipped_task", "shipped_token_share",
    ]
    /// Adoption breadth, for team and org: distinct active people, tools and models in the window, and
    /// active people in the last 7 days and the 7 before (empty when the snapshot keeps under 14 days).
    public static let adoptionColumns = ["active_users", "tools", "models", "users_this_week", "users_previous_week"]

    public let dimension: KeyDimension
    public let window: String
    /// Sorted by `total_tokens` descending, ties by key ascending (byte order).
    public let rows: [SnapshotTotal]
    /// Outcome figures by key, for user, team and org reports.
    public let outcomes: [ExactName: InsightFigures.Outcomes]?
    /// Adoption figures by key, for team and org reports.
    public let adoption: [ExactName: InsightFigures.Group]?
    /// Rows the scope hid: people it does not show, groups below its minimum size.
    public let hiddenRows: Int
    public let headline: String
    public let scopeNote: String
    /// Which part of `cost_usd` the sources reported and which the price table estimated, and the
    /// models it could not price (over the whole run, not per row).
    public let costNote: String
    /// What `--keys-max`, `--insight-records-max` and `--dedup-ids-max` left out of these figures,
    /// and sums that saturated: in a table under the headline; the command prints them on stderr
    /// beside CSV and JSON.
    public let limitNotes: LimitNotes

    /// - Complexity: O(rows log rows + the snapshot's insights records).
    public init(
        snapshot: SnapshotFile, dimension: KeyDimension, window: String, top: Int?, scope: VisibilityScope = .operator()
    ) throws(ReportError) {
        let figures = try InsightFigures(snapshot: snapshot, window: window)
        costNote = Self.costNote(snapshot.header)
        // The headline's tokens are the people's totals, whatever the dimension.
        limitNotes = LimitNotes(
            header: snapshot.header, dimensions: dimension == .user ? [.user] : [dimension, .user], insights: true)
            .adding(figures.saturationNote)
        let totals: [SnapshotTotal]
        do { totals = try snapshot.totals(dimension: dimension, window: window) } catch { throw ReportError.snapshot(error) }
        let visible = totals.filter { t in
            dimension == .user ? scope.canSee(user: t.key)
                : scope.canShowGroup(distinctUsers: figures.group(dimension, t.key)?.activeUsers ?? 0)
        }
        hiddenRows = totals.count - visible.count
        switch dimension {
        case .user: outcomes = figures.people.mapValues(\.outcomes)
        case .team, .org: outcomes = (figures.groups[dimension] ?? [:]).mapValues(\.outcomes)
        case .model, .tool: outcomes = nil
        }
        adoption = dimension == .team || dimension == .org ? figures.groups[dimension] ?? [:] : nil
        headline = Self.headline(figures)
        scopeNote = scope.description
        var sorted = visible.sorted {
            $0.totalTokens != $1.totalTokens ? $0.totalTokens > $1.totalTokens
                : $0.key.utf8.lexicographicallyPrecedes($1.key.utf8)
        }
        if let top, sorted.count > top { sorted.removeSubrange(top...) }
        self.dimension = dimension
        self.window = window
        rows = sorted
    }

    /// "Work completed with AI": the organisation-wide outcome line that heads a table report.
    static func headline(_ f: InsightFigures) -> String {
        let o = f.overall
        var text = "Work completed with AI, \(f.window.name): \(o.tasksShipped) tasks shipped with AI"
        if f.tasksShippedTotal > 0 {
            text += " of \(f.tasksShippedTotal) shipped (\(Format.percent(Double(o.tasksShipped) / Double(f.tasksShippedTotal))))"
        }
        if let perTask = o.tokensPerShippedTask, let cost = o.costNanoUSDPerShippedTask {
            text += "; \(Format.tokens(perTask)) tokens and $\(Format.dollars(cost)) reported cost per shipped task"
        }
        if let share = o.shippedTokenShare { text += "; \(Format.percent(share)) of tokens went to tasks that shipped" }
        return text + "; \(f.activeUsers) active people in \(f.activeTeams) teams and \(f.activeOrgs) orgs"
    }

    var columnNames: [String] {
        Self.columns + (outcomes == nil ? [] : Self.outcomeColumns) + (adoption == nil ? [] : Self.adoptionColumns)
    }

    func adoptionValues(_ key: String) -> [String] {
        guard let adoption else { return [] }
        let g = adoption[ExactName(key)]
        return [g?.activeUsers ?? 0, g?.tools ?? 0, g?.models ?? 0].map { String($0) }
            + [g?.usersThisWeek, g?.usersPreviousWeek].map { $0.map { String($0) } ?? "" }
    }

    func values(_ t: SnapshotTotal) -> [String] {
        var v = [t.inputTokens, t.outputTokens, t.cacheReadTokens, t.cacheWriteTokens, t.totalTokens, t.events, t.outcomes]
            .map { String($0) } + [JSONOutput.nanoText(t.costNanoUSD), JSONOutput.nanoText(t.estimatedCostNanoUSD)]
        if let outcomes {
            let o = outcomes[ExactName(t.key)] ?? InsightFigures.Outcomes()
            v += [String(o.tasksTouched), String(o.tasksShipped), o.tokensPerShippedTask.map { String($0) } ?? "",
                  o.costNanoUSDPerShippedTask.map(JSONOutput.nanoText) ?? "",
                  o.shippedTokenShare.map { Format.format4($0) } ?? ""]
        }
        return v + adoptionValues(t.key)
    }

    public func render(_ format: OutputFormat) -> String {
        let columns = columnNames
        switch format {
        case .csv:
            var text = ([dimension.name] + columns).joined(separator: ",") + "\n"
            for row in rows { text += ([CSV.text(row.key)] + values(row)).joined(separator: ",") + "\n" }
            return text
        case .json:
            var out = JSONOutput()
            out.raw("[")
            for (i, row) in rows.enumerated() {
                out.raw(i == 0 ? "\n  {\"" : ",\n  {\"")
                out.raw(dimension.name)
                out.raw("\":")
                out.string(row.key)
                for (column, value) in zip(columns, values(row)) {
                    out.raw(",\"")
                    out.raw(column)
                    out.raw("\":")
                    out.raw(value.isEmpty ? "null" : value)
                }
                out.raw("}")
            }
            out.raw(rows.isEmpty ? "]\n" : "\n]\n")
            return out.text
        case .table:
            var header = [dimension.name] + Self.columns.dropLast(2) + ["cost_usd", "of it estimated"]
            if outcomes != nil { header += ["touched", "shipped", "tokens/shipped", "$/shipped", "on shipped"] }
            if adoption != nil { header += ["people", "tools", "models", "this week", "last week"] }
            var table = TextTable(header: header, rightAligned: [false] + header.dropFirst().map { _ in true })
            for row in rows {
                var cells = values(row).prefix(Self.columns.count - 2).map(Format.grouped)
                cells.append(Format.dollars(row.costNanoUSD))
                cells.append(row.estimatedCostNanoUSD == 0 ? "-" : Format.dollars(row.estimatedCostNanoUSD))
                if let o = outcomes.map({ $0[ExactName(row.key)] ?? InsightFigures.Outcomes() }) {
                    cells += [String(o.tasksTouched), String(o.tasksShipped), o.tokensPerShippedTask.map(Format.tokens) ?? "-",
                              o.costNanoUSDPerShippedTask.map(Format.dollars) ?? "-", o.shippedTokenShare.map(Format.percent) ?? "-"]
                }
                cells += adoptionValues(row.key).map { $0.isEmpty ? "-" : $0 }
                table.rows.append([row.key] + cells)
            }
            var footer = TerminalText.escaped(scopeNote)
            if hiddenRows > 0 { footer += "; \(hiddenRows) rows hidden" }
            return headline + "\n" + limitNotes.text + "\n" + table.render() + "\n" + footer + "\n" + costNote + "\n"
        }
    }

    /// One line on where the cost figures come from (docs/pricing.md).
    static func costNote(_ h: SnapshotHeader) -> String {
        let c = h.counters
        var note = "cost_usd: \(c.costReportedEvents) events as reported by their source"
        if let table = h.priceTable {
            note += "; \(c.costEstimatedEvents) estimated ($\(Format.dollars(c.costEstimatedNanoUSD)) over the run) from the price table (\(table))"
        } else {
            note += "; no price table: events without cost_usd count $0"
        }
        if c.costUnpricedEvents > 0 {
            let models = c.unpricedModelsByEvents
            let listed = models.prefix(10).map { "\($0.name) (\($0.events))" }.joined(separator: ", ")
            note += "; \(c.costUnpricedEvents) events of models with no price count $0: \(listed)"
                + (models.count > 10 ? ", and \(models.count - 10) more (tokentally inspect)" : "")
        }
        return TerminalText.escaped(note)  // model names and the price table's path come from input
    }
}
