import Testing
@testable import TallyReports

/// The HTML page as a browser and a reader get it: escaping, self-containment, the panels present,
/// and chart geometry checked against the numbers put into the model.
@Suite struct DashboardRendererTests {
    typealias F = DashboardFixture

    static let hostile = [
        "<script>alert(1)</script>", "x\" onload=\"alert(1)", "it's 'quoted'", "&amp; already escaped",
        "</section><img src=x>",
    ]

    /// Every text field of the model set to a hostile string.
    private func hostileModel() -> DashboardModel {
        let h = Self.hostile
        var model = F.tokens(days: [20_000, 20_001], byModel: h.map { .init(name: $0, values: [5, 7]) })
        model.title = h[0]
        model.subtitle = h[1]
        model.scopeNote = h[2]
        model.tokensByKind = [.init(name: h[4], values: [1, 2])]
        model.headline.window = h[0]
        model.adoptionByOrg = h.map { .init(org: $0, activeUsers: 3, activeTeams: 1, tools: 1, models: 1,
                                          usersThisWeek: 2, usersPreviousWeek: 1) }
        model.flags = [.init(kind: h[0], subject: h[1], evidence: h[2], threshold: h[3])]
        model.leaderboard = .init(
            rows: [.init(rank: 1, user: h[0], tokens: 10, tasksShipped: 1, tokensPerShippedTask: 10)],
            badges: [.init(name: h[1], user: h[4], value: h[3])], caveat: h[0])
        return model
    }

    @Test func hostileNamesAreEscapedEverywhere() {
        let html = DashboardRenderer.html(hostileModel())
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("onload=\""))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("x&quot; onload=&quot;alert(1)"))
        #expect(html.contains("it&#39;s &#39;quoted&#39;"))
        #expect(html.contains("&amp;amp; already escaped"))
        #expect(html.contains("&lt;/section&gt;&lt;img src=x&gt;"))
        // No text can open an element: every "<" begins one of the renderer's own tags.
        let allowed: Set<String> = [
            "!DOCTYPE", "html", "head", "meta", "title", "link", "style", "body", "div", "header", "h1", "h2", "h3",
            "p", "main", "section", "dl", "dt", "dd", "ul", "li", "span", "strong", "svg", "line", "text", "rect",
            "table", "thead", "tbody", "tr", "th", "td", "aside", "footer",
        ]
        var rest = html[...]
        while let lt = rest.firstIndex(of: "<") {
            let name = rest[rest.index(after: lt)...].prefix { $0 != " " && $0 != ">" && $0 != "\n" }
            let bare = name.hasPrefix("/") ? String(name.dropFirst()) : String(name)
            #expect(allowed.contains(bare), "unexpected tag <\(name)")
            rest = rest[rest.index(after: lt)...]
        }
        // And every section that opens also closes: the hostile "</section>" did not end one early.
        #expect(html.components(separatedBy: "<section ").count == html.components(separatedBy: "</section>").count)
    }

    @Test func pageIsSelfContained() {
        for html in [DashboardRenderer.html(.sample()), DashboardRenderer.html(F.empty())] {
            #expect(!html.contains("http://"))
            #expect(!html.contains("https://"))
            #expect(!html.contains("@import"))
            #expect(!html.contains("url("))
            #expect(!html.lowercased().contains("<script"))
            for attribute in ["src", "href"] {
                var rest = html[...]
                while let r = rest.range(of: " \(attribute)=\"") {
                    let value = rest[r.upperBound...].prefix { $0 != "\"" }
                    #expect(value.hasPrefix("data:"), "\(attribute)=\"\(value)\" would fetch")
                    rest = rest[r.upperBound...]
                }
            }
        }
    }

    @Test func contentSecurityPolicyForbidsEveryFetch() throws {
        let html = DashboardRenderer.html(.sample())
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        let csp = "<meta http-equiv=\"Content-Security-Policy\" "
            + "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        let meta = try #require(html.range(of: csp))
        let style = try #require(html.range(of: "<style>"))
        let headEnd = try #require(html.range(of: "</head>"))
        // The policy must come before anything it governs.
        #expect(meta.lowerBound < style.lowerBound && style.lowerBound < headEnd.lowerBound)
    }

    @Test func leaderboardPanelAppearsOnlyWhenTheModelHasOne() throws {
        var model = DashboardModel.sample()
        let board = try #require(model.leaderboard)
        let with = DashboardRenderer.html(model)
        let section = try #require(F.section("leaderboard", in: with))
        #expect(section.contains("<h2>Leaderboard</h2>"))
        #expect(section.contains(board.caveat))
        #expect(section.contains("Token Legend"))
        // Tasks shipped and tokens per shipped task sit right after tokens, in every row.
        #expect(section.contains("<th class=\"num\">Tokens</th><th class=\"num\">Tasks shipped</th>"
            + "<th class=\"num\">Tokens per shipped task</th>"))
        #expect(section.contains("<td class=\"user\">j.chen</td><td class=\"num\">1.9B</td><td class=\"num\">41</td>"
            + "<td class=\"num\">46M</td>"))
        #expect(section.contains("<td class=\"user\">r.alvarez</td><td class=\"num\">2.4B</td><td class=\"num\">0</td>"
            + "<td class=\"num\">n/a</td>"))
        // The caveat is beside the ranking, inside the same panel.
        #expect(section.contains("class=\"caveat\""))

        model.leaderboard = nil
        let without = DashboardRenderer.html(model)
        #expect(F.section("leaderboard", in: without) == nil)
        #expect(!without.contains("Leaderboard"))
        #expect(!without.contains(board.caveat))
        #expect(!without.contains("Token Legend"))
        #expect(!without.contains("class=\"caveat\""))
    }

    @Test func panelsComeInOrder() throws {
        let html = DashboardRenderer.html(.sample())
        let headings = ["Work completed with AI", "Daily tokens by model", "Daily tokens by kind",
                        "Work completed with AI over time", "Adoption breadth by org", "Red flags", "Leaderboard"]
        var previous = html.startIndex
        for heading in headings {
            let r = try #require(html[previous...].range(of: "<h2>\(heading)</h2>"), "\(heading) missing or out of order")
            previous = r.upperBound
        }
        let footer = try #require(html.range(of: "<footer>"))
        #expect(previous < footer.lowerBound)
    }

    @Test func emptyModelRendersWithoutNaNOrInfinity() {
        var models = [F.empty()]
        // Days without series, series without days, values shorter and longer than days, all zeros.
        models.append(F.tokens(days: [20_000, 20_001, 20_002], byModel: []))
        models.append(F.tokens(days: [], byModel: [.init(name: "m", values: [1, 2, 3])]))
        models.append(F.tokens(days: [20_000, 20_001, 20_002], byModel: [.init(name: "m", values: [4])]))
        models.append(F.tokens(days: [20_000], byModel: [.init(name: "m", values: [4, 5, 6])]))
        models.append(F.tokens(days: [20_000, 20_001], byModel: [.init(name: "m", values: [0, 0])]))
        // Sums past Int64.max saturate instead of trapping, and the axis still has a finite top.
        models.append(F.tokens(days: [20_000], byModel: [.init(name: "a", values: [.max]), .init(name: "b", values: [.max])]))
        var nonsense = F.empty()
        nonsense.headline.tokensOnShippedShare = .nan
        nonsense.headline.tasksShippedWithAI = 5  // with nothing shipped in total
        nonsense.shippedWithAIPerDay = [3]
        nonsense.days = [20_000]
        models.append(nonsense)

        for model in models {
            let html = DashboardRenderer.html(model)
            #expect(!html.contains("NaN"))
            #expect(!html.lowercased().contains("inf"))
            #expect(html.contains("</html>"))
        }
        let empty = DashboardRenderer.html(F.empty())
        #expect(empty.components(separatedBy: ">no data</text>").count - 1 == 3)
        #expect(empty.contains("No red flags in this window."))
        #expect(empty.contains("<dt>Tokens per shipped task</dt><dd>n/a</dd>"))
        #expect(empty.contains("<dt>Cost per shipped task</dt><dd>n/a</dd>"))
        #expect(empty.contains("<dt>Shipped work that used AI</dt><dd>n/a</dd>"))
        #expect(!empty.contains("class=\"seg\""))
    }

    @Test func stackedBarsAreProportionalToTheValues() throws {
        // Day 0: 100 under 200 (stack 300); day 1: 300 under 100 (stack 400, the axis top).
        let values: [[Int64]] = [[100, 300], [200, 100]]
        let model = F.tokens(days: [20_000, 20_001], byModel: [.init(name: "a", values: values[0]),
                                                               .init(name: "b", values: values[1])])
        let chart = try #require(F.section("tokens-by-model", in: DashboardRenderer.html(model)))
        let segs = F.tags("rect", in: chart).filter { $0.contains("class=\"seg\"") }
        #expect(segs.count == 4)
        var box: [[(x: Double, y: Double, w: Double, h: Double)]] = Array(repeating: [], count: 2)
        for seg in segs {
            let s = try #require(F.attribute("data-series", in: seg).flatMap(Int.init))
            let d = try #require(F.attribute("data-day", in: seg).flatMap(Int.init))
            #expect(d == box[s].count)
            box[s].append((try #require(F.number("x", in: seg)), try #require(F.number("y", in: seg)),
                           try #require(F.number("width", in: seg)), try #require(F.number("height", in: seg))))
        }
        // One pixel per token everywhere, within the two-decimal rounding of coordinates.
        let perToken = box[0][0].h / 100
        #expect(perToken > 0)
        for s in 0..<2 {
            for d in 0..<2 {
                #expect(abs(box[s][d].h - Double(values[s][d]) * perToken) < 0.02)
            }
        }
        let gridlines = F.tags("line", in: chart).filter { $0.contains("class=\"gridline\"") }
        func gridY(_ value: String) throws -> Double {
            try #require(gridlines.first { F.attribute("data-value", in: $0) == value }.flatMap { F.number("y1", in: $0) })
        }
        let zeroY = try gridY("0"), topY = try gridY("400")
        for d in 0..<2 {
            // The first series stands on the zero line, the second on the first.
            #expect(abs(box[0][d].y + box[0][d].h - zeroY) < 0.02)
            #expect(abs(box[1][d].y + box[1][d].h - box[0][d].y) < 0.02)
            #expect(box[0][d].x == box[1][d].x && box[0][d].w == box[1][d].w)
        }
        // The 400 stack reaches the 400 gridline exactly; the 300 stack three quarters of the way.
        #expect(abs(box[1][1].y - topY) < 0.02)
        #expect(abs((zeroY - box[1][0].y) / (zeroY - topY) - 0.75) < 0.001)
        #expect(box[0][0].x < box[0][1].x)
    }

    @Test func yAxisTicksUseHumanUnits() throws {
        func ticks(max value: Int64) throws -> [String] {
            let model = F.tokens(days: [20_000], byModel: [.init(name: "m", values: [value])])
            return F.texts(class: "ytick", in: try #require(F.section("tokens-by-model", in: DashboardRenderer.html(model))))
        }
        // At most six intervals of 1, 2 or 5 × 10^k: 200M would need seven, so 500M steps.
        #expect(try ticks(max: 1_234_567_890) == ["0", "500M", "1B", "1.5B"])
        #expect(try ticks(max: 400) == ["0", "100", "200", "300", "400"])
        #expect(try ticks(max: 9_999) == ["0", "2k", "4k", "6k", "8k", "10k"])
        #expect(try ticks(max: 340_000_000) == ["0", "100M", "200M", "300M", "400M"])
        #expect(try ticks(max: 12_000) == ["0", "2k", "4k", "6k", "8k", "10k", "12k"])
    }

    @Test func dateLabelsAreWeeklyForThirtyDaysAndEndOnTheLastDay() throws {
        let first = Int64(20_484)  // 2026-01-31
        let model = F.tokens(days: (0..<30).map { first + $0 }, byModel: [.init(name: "m", values: Array(repeating: 1, count: 30))])
        let chart = try #require(F.section("tokens-by-model", in: DashboardRenderer.html(model)))
        #expect(F.texts(class: "xtick", in: chart) == ["2026-03-01", "2026-02-22", "2026-02-15", "2026-02-08", "2026-02-01"])
        let labels = F.tags("text", in: chart).filter { $0.contains("class=\"xtick\"") }
        let xs = try labels.map { try #require(F.number("x", in: $0)) }
        // Evenly spaced and far enough apart that YYYY-MM-DD (about 70 units at 12px) never touches.
        for (a, b) in zip(xs, xs.dropFirst()) { #expect(a - b > 100) }
    }

    @Test func headlineShowsTheNumbersAndShares() throws {
        var model = F.empty()
        model.headline = .init(
            window: "30d", tasksShippedWithAI: 1_284, tasksShippedTotal: 1_890, tasksTouched: 1_700, tokens: 35_200_000_000,
            tokensPerShippedTask: 27_400_000, costNanoUSDPerShippedTask: 46_580_000_000, tokensOnShippedShare: 0.71,
            activeUsers: 214)
        let panel = try #require(F.section("headline", in: DashboardRenderer.html(model)))
        #expect(panel.contains("<div class=\"big\">1,284</div>"))
        #expect(panel.contains("<strong>68%</strong> of 1,890 shipped tasks"))  // 1284 / 1890 = 67.9%
        #expect(panel.contains("<dt>Shipped work that used AI</dt><dd>68%</dd>"))
        #expect(panel.contains("<dt>Tasks shipped, all</dt><dd>1,890</dd>"))
        #expect(panel.contains("<dt>Tokens</dt><dd>35B</dd>"))
        #expect(panel.contains("<dt>Tokens per shipped task</dt><dd>27M</dd>"))
        #expect(panel.contains("<dt>Cost per shipped task</dt><dd>$46.58</dd>"))
        #expect(panel.contains("<dt>Tokens on shipped tasks</dt><dd>71%</dd>"))
        #expect(panel.contains("<dt>Active users</dt><dd>214</dd>"))
        #expect(panel.contains("in the 30d window"))
    }

    @Test func shippedChartStacksWorkWithoutAIOnWorkWithAI() throws {
        var model = F.empty()
        model.days = [20_000, 20_001]
        model.shippedWithAIPerDay = [6, 0]
        model.shippedTotalPerDay = [10, 5]
        let chart = try #require(F.section("shipped-over-time", in: DashboardRenderer.html(model)))
        let segs = F.tags("rect", in: chart).filter { $0.contains("class=\"seg\"") }
        // Day 0: 6 with AI under 4 without; day 1: nothing with AI, so just the 5 without.
        let heights = try segs.map { try #require(F.number("height", in: $0)) }
        #expect(segs.count == 3)
        #expect(abs(heights[0] / heights[1] - 6.0 / 4.0) < 0.01)
        #expect(abs(heights[2] / heights[1] - 5.0 / 4.0) < 0.01)
        #expect(chart.contains("shipped with AI<span class=\"total\">6</span>"))
        #expect(chart.contains("shipped without AI<span class=\"total\">9</span>"))
    }

    @Test func adoptionShowsWeekOverWeekChangeAndBarsByActiveUsers() throws {
        var model = F.empty()
        model.adoptionByOrg = [
            .init(org: "Up", activeUsers: 80, activeTeams: 6, tools: 4, models: 5, usersThisWeek: 71, usersPreviousWeek: 66),
            .init(org: "Down", activeUsers: 40, activeTeams: 4, tools: 3, models: 4, usersThisWeek: 49, usersPreviousWeek: 51),
            .init(org: "Flat", activeUsers: 20, activeTeams: 4, tools: 5, models: 5, usersThisWeek: 44, usersPreviousWeek: 44),
            .init(org: "New", activeUsers: 0, activeTeams: 3, tools: 2, models: 3, usersThisWeek: 33, usersPreviousWeek: nil),
        ]
        model.orgsActive = 4
        model.teamsActive = 17
        let panel = try #require(F.section("adoption", in: DashboardRenderer.html(model)))
        let changes = panel.components(separatedBy: "<td class=\"num change").dropFirst().map {
            String($0.drop { $0 != ">" }.dropFirst().prefix { $0 != "<" })
        }
        #expect(changes == ["+5", "\u{2212}2", "0", "n/a"])
        #expect(panel.contains("4 orgs and 17 teams active"))
        let bars = F.tags("rect", in: panel).filter { $0.contains("class=\"bar\"") }
        let track = try #require(F.tags("rect", in: panel).first { $0.contains("class=\"track\"") })
        let full = try #require(F.number("width", in: track))
        let widths = try bars.map { try #require(F.number("width", in: $0)) / full }
        #expect(widths == [1, 0.5, 0.25, 0])
    }

    @Test func footerCountsHiddenGroups() {
        var model = F.empty()
        model.scopeNote = "For leads."
        model.suppressedGroups = 3
        #expect(DashboardRenderer.html(model).contains("3 groups hidden (fewer than the minimum group size)."))
        model.suppressedGroups = 1
        #expect(DashboardRenderer.html(model).contains("1 group hidden (fewer than the minimum group size)."))
        #expect(DashboardRenderer.html(model).contains("<footer>\n<p>For leads.</p>"))
    }

    @Test func outputIsDeterministic() {
        #expect(DashboardRenderer.html(.sample()) == DashboardRenderer.html(.sample()))
        #expect(DashboardRenderer.html(hostileModel()) == DashboardRenderer.html(hostileModel()))
    }
}
