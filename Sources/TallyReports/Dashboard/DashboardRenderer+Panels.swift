/// The panels of the page, each a `<section class="panel">` with an `<h2>` from `Heading`.
extension DashboardRenderer {
    private static func e(_ text: String) -> String { HTMLText.escape(text) }

    /// Above every panel, in the caveat style: what the snapshot's limits left out of all figures.
    static func limitNotice(_ notes: [String]) -> String {
        guard !notes.isEmpty else { return "" }
        var out = "<div class=\"caveat\" role=\"note\" id=\"limits\"><h3>Ingest limits were reached: these figures are not exact</h3>\n"
        for note in notes { out += "<p>\(e(note)).</p>\n" }
        return out + "</div>\n"
    }

    static func headlinePanel(_ h: DashboardModel.Headline) -> String {
        func stat(_ label: String, _ value: String) -> String {
            "<div class=\"stat\"><dt>\(label)</dt><dd>\(value)</dd></div>\n"
        }
        var out = "<section class=\"panel\" id=\"headline\">\n<h2>\(Heading.headline)</h2>\n"
        out += "<p class=\"lede\">Tasks shipped in the \(e(h.window)) window that had AI calls.</p>\n"
        out += "<div class=\"headline-grid\">\n<div class=\"hero\">"
        out += "<div class=\"big\">\(DashboardFormat.grouped(h.tasksShippedWithAI))</div>"
        out += "<div class=\"caption\">tasks shipped with AI</div>\n"
        if let share = h.shippedWithAIShare {
            out += "<div class=\"share\">"
            out += SVGChart.meter(value: Int64((share * 1_000).rounded()), max: 1_000, color: SVGChart.palette[0],
                                  label: "share of shipped tasks that used AI")
            out += "<span><strong>\(DashboardFormat.percent(share))</strong> of "
            out += "\(DashboardFormat.grouped(h.tasksShippedTotal)) shipped tasks</span></div>\n"
        }
        out += "</div>\n<dl class=\"stats\">\n"
        out += stat("Tasks shipped, all", DashboardFormat.grouped(h.tasksShippedTotal))
        out += stat("Shipped work that used AI", DashboardFormat.percent(h.shippedWithAIShare))
        out += stat("Tasks touched by AI", DashboardFormat.grouped(h.tasksTouched))
        out += stat("Active users", DashboardFormat.grouped(h.activeUsers))
        out += stat("Tokens", DashboardFormat.compact(h.tokens))
        out += stat("Tokens per shipped task", h.tokensPerShippedTask.map(DashboardFormat.compact) ?? "n/a")
        out += stat("Cost per shipped task", h.costNanoUSDPerShippedTask.map { DashboardFormat.usd(nano: $0) } ?? "n/a")
        out += stat("Tokens on shipped tasks", DashboardFormat.percent(h.tokensOnShippedShare))
        return out + "</dl>\n</div>\n</section>\n"
    }

    static func tokensByModelPanel(_ model: DashboardModel) -> String {
        chartPanel(
            id: "tokens-by-model", heading: Heading.tokensByModel,
            lede: "Tokens per UTC day, stacked by model; the legend gives each model's total over the window.",
            days: model.days, series: model.tokensByModel, unit: "tokens", total: DashboardFormat.compact)
    }

    static func tokensByKindPanel(_ model: DashboardModel) -> String {
        chartPanel(
            id: "tokens-by-kind", heading: Heading.tokensByKind,
            lede: "The same tokens split into fresh input, output, cache reads and cache writes.",
            days: model.days, series: model.tokensByKind, unit: "tokens", total: DashboardFormat.compact)
    }

    static func shippedPanel(_ model: DashboardModel) -> String {
        let n = model.days.count
        func at(_ values: [Int64], _ i: Int) -> Int64 { i < values.count ? max(0, values[i]) : 0 }
        // The bar's full height is all shipped work, its coloured base the part that used AI.
        var withAI: [Int64] = [], without: [Int64] = []
        withAI.reserveCapacity(n)
        without.reserveCapacity(n)
        for i in 0..<n {
            let ai = at(model.shippedWithAIPerDay, i)
            withAI.append(ai)
            without.append(max(0, at(model.shippedTotalPerDay, i) - ai))
        }
        let layers = [
            SVGChart.Layer(name: "shipped with AI", values: withAI, color: SVGChart.palette[0]),
            SVGChart.Layer(name: "shipped without AI", values: without, color: "#c9d0da"),
        ]
        return panel(
            id: "shipped-over-time", heading: Heading.shippedOverTime,
            lede: "Tasks shipped per UTC day: the whole bar is all shipped tasks, the coloured part those that used AI.",
            layers: layers, days: model.days, unit: "tasks", total: DashboardFormat.grouped)
    }

    private static func chartPanel(
        id: String, heading: String, lede: String, days: [Int64], series: [DashboardModel.Series], unit: String,
        total: (Int64) -> String
    ) -> String {
        let layers = series.enumerated().map { i, s in
            SVGChart.Layer(name: s.name, values: Array(s.values.prefix(days.count)), color: SVGChart.color(i))
        }
        return panel(id: id, heading: heading, lede: lede, layers: layers, days: days, unit: unit, total: total)
    }

    private static func panel(
        id: String, heading: String, lede: String, layers: [SVGChart.Layer], days: [Int64], unit: String,
        total format: (Int64) -> String
    ) -> String {
        var out = "<section class=\"panel\" id=\"\(id)\">\n<h2>\(heading)</h2>\n<p class=\"lede\">\(lede)</p>\n"
        if !layers.isEmpty {
            out += "<ul class=\"legend\">\n"
            for layer in layers {
                let total = layer.values.prefix(days.count).reduce(Int64(0)) { $0.addingSaturating(max(0, $1)) }
                out += "<li><span class=\"swatch\" style=\"background:\(layer.color)\"></span>\(e(layer.name))"
                out += "<span class=\"total\">\(format(total))</span></li>\n"
            }
            out += "</ul>\n"
        }
        out += SVGChart.stackedBars(days: days, layers: layers, label: heading, unit: unit)
        return out + "\n</section>\n"
    }

    static func adoptionPanel(_ model: DashboardModel) -> String {
        var out = "<section class=\"panel\" id=\"adoption\">\n<h2>\(Heading.adoption)</h2>\n"
        out += "<p class=\"lede\">\(DashboardFormat.grouped(model.orgsActive)) \(model.orgsActive == 1 ? "org" : "orgs") and "
        out += "\(DashboardFormat.grouped(model.teamsActive)) \(model.teamsActive == 1 ? "team" : "teams") active in the window. "
        out += "Change: active users this week minus the week before.</p>\n"
        guard !model.adoptionByOrg.isEmpty else {
            return out + "<p class=\"empty\">No org had AI activity in this window.</p>\n</section>\n"
        }
        let most = model.adoptionByOrg.reduce(Int64(0)) { max($0, $1.activeUsers) }
        out += "<table>\n<thead><tr><th>Org</th><th>Active users</th><th class=\"num\">Teams</th><th class=\"num\">Tools</th>"
        out += "<th class=\"num\">Models</th><th class=\"num\">This week</th><th class=\"num\">Previous week</th>"
        out += "<th class=\"num\">Change</th></tr></thead>\n<tbody>\n"
        for row in model.adoptionByOrg {
            let change = row.weekOverWeekChange
            let changeClass = change.map { $0 > 0 ? " up" : $0 < 0 ? " down" : "" } ?? " na"
            out += "<tr><td class=\"org\">\(e(row.org))</td>"
            out += "<td><div class=\"meter-cell\">"
            out += SVGChart.meter(value: row.activeUsers, max: most, color: SVGChart.palette[0], label: "\(row.activeUsers) active users")
            out += "<span class=\"num\">\(DashboardFormat.grouped(row.activeUsers))</span></div></td>"
            out += "<td class=\"num\">\(DashboardFormat.grouped(row.activeTeams))</td>"
            out += "<td class=\"num\">\(DashboardFormat.grouped(row.tools))</td>"
            out += "<td class=\"num\">\(DashboardFormat.grouped(row.models))</td>"
            out += "<td class=\"num\">\(row.usersThisWeek.map(DashboardFormat.grouped) ?? "n/a")</td>"
            out += "<td class=\"num\">\(row.usersPreviousWeek.map(DashboardFormat.grouped) ?? "n/a")</td>"
            out += "<td class=\"num change\(changeClass)\">\(DashboardFormat.change(change))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    static func flagsPanel(_ flags: [DashboardModel.FlagRow]) -> String {
        var out = "<section class=\"panel\" id=\"flags\">\n<h2>\(Heading.flags)</h2>\n"
        out += "<p class=\"lede\">Spend that deserves a look, with the evidence and the rule that raised it.</p>\n"
        guard !flags.isEmpty else {
            return out + "<p class=\"empty\">No red flags in this window.</p>\n</section>\n"
        }
        out += "<table>\n<thead><tr><th>Kind</th><th>Subject</th><th>Evidence</th><th>Threshold</th></tr></thead>\n<tbody>\n"
        for flag in flags {
            out += "<tr><td><span class=\"pill\">\(e(flag.kind))</span></td><td class=\"subject\">\(e(flag.subject))</td>"
            out += "<td class=\"evidence\">\(e(flag.evidence))</td><td class=\"threshold\">\(e(flag.threshold))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    static func leaderboardPanel(_ board: DashboardModel.Leaderboard) -> String {
        var out = "<section class=\"panel\" id=\"leaderboard\">\n<h2>\(Heading.leaderboard)</h2>\n"
        out += "<p class=\"lede\">Shown because this snapshot allows per-user ranking. Ranked by tokens, "
        out += "with what those tokens shipped beside them.</p>\n<div class=\"board\">\n<div>\n"
        if board.rows.isEmpty {
            out += "<p class=\"empty\">No users to rank in this window.</p>\n"
        } else {
            out += "<table>\n<thead><tr><th class=\"num\">Rank</th><th>User</th><th class=\"num\">Tokens</th>"
            out += "<th class=\"num\">Tasks shipped</th><th class=\"num\">Tokens per shipped task</th></tr></thead>\n<tbody>\n"
            for row in board.rows {
                out += "<tr><td class=\"num rank\">\(row.rank)</td><td class=\"user\">\(e(row.user))</td>"
                out += "<td class=\"num\">\(DashboardFormat.compact(row.tokens))</td>"
                out += "<td class=\"num\">\(DashboardFormat.grouped(row.tasksShipped))</td>"
                out += "<td class=\"num\">\(row.tokensPerShippedTask.map(DashboardFormat.compact) ?? "n/a")</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        out += "</div>\n<aside>\n<div class=\"caveat\" role=\"note\"><h3>Read this first</h3><p>\(e(board.caveat))</p></div>\n"
        if !board.badges.isEmpty {
            out += "<ul class=\"badges\">\n"
            for badge in board.badges {
                out += "<li><div class=\"name\">\(e(badge.name))</div>"
                out += "<div class=\"who\">\(e(badge.user)) · \(e(badge.value))</div></li>\n"
            }
            out += "</ul>\n"
        }
        return out + "</aside>\n</div>\n</section>\n"
    }

    static func footer(_ model: DashboardModel) -> String {
        let hidden = model.suppressedGroups
        var out = "<footer>\n<p>\(e(model.scopeNote))</p>\n"
        out += "<p>\(DashboardFormat.grouped(Int64(hidden))) \(hidden == 1 ? "group" : "groups") hidden "
        out += "(fewer than the minimum group size).</p>\n"
        out += "<p>Generated by tokentally. This page is self-contained: no scripts, no network requests.</p>\n"
        return out + "</footer>\n"
    }
}
