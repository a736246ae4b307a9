@testable import TallyReports

/// Small models and HTML probes shared by the dashboard tests.
enum DashboardFixture {
    static let zeroHeadline = DashboardModel.Headline(
        window: "30d", tasksShippedWithAI: 0, tasksShippedTotal: 0, tasksTouched: 0, tokens: 0,
        tokensPerShippedTask: nil, costNanoUSDPerShippedTask: nil, tokensOnShippedShare: nil, activeUsers: 0)

    /// A model with nothing in it: no days, no series, no rows, no leaderboard.
    static func empty() -> DashboardModel {
        DashboardModel(
            title: "Empty", subtitle: "", scopeNote: "", days: [], tokensByModel: [], tokensByKind: [],
            shippedWithAIPerDay: [], shippedTotalPerDay: [], headline: zeroHeadline, adoptionByOrg: [],
            orgsActive: 0, teamsActive: 0, flags: [], leaderboard: nil, suppressedGroups: 0)
    }

    /// `empty()` with daily token series by model (and nothing else).
    static func tokens(days: [Int64], byModel: [DashboardModel.Series]) -> DashboardModel {
        var model = empty()
        model.days = days
        model.tokensByModel = byModel
        return model
    }

    /// The `<section>` with this id, up to its end.
    static func section(_ id: String, in html: String) -> Substring? {
        guard let start = html.range(of: "<section class=\"panel\" id=\"\(id)\">") else { return nil }
        guard let end = html[start.upperBound...].range(of: "</section>") else { return nil }
        return html[start.lowerBound..<end.upperBound]
    }

    /// The value of `name="…"` in one tag's text.
    static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let r = tag.range(of: " \(name)=\"") else { return nil }
        guard let end = tag[r.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(tag[r.upperBound..<end])
    }

    /// Every start tag `<name …>` (without `</…>`) of one element name, in document order.
    static func tags(_ name: String, in text: Substring) -> [Substring] {
        var found: [Substring] = []
        var rest = text[...]
        while let r = rest.range(of: "<\(name) ") {
            guard let end = rest[r.upperBound...].firstIndex(of: ">") else { break }
            found.append(rest[r.lowerBound...end])
            rest = rest[rest.index(after: end)...]
        }
        return found
    }

    /// The texts of `<text class="…">…</text>` elements of one class, in document order.
    static func texts(class cls: String, in text: Substring) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let r = rest.range(of: "class=\"\(cls)\"") {
            guard let open = rest[r.upperBound...].firstIndex(of: ">"),
                  let close = rest[open...].range(of: "</text>") else { break }
            found.append(String(rest[rest.index(after: open)..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    static func number(_ name: String, in tag: Substring) -> Double? {
        attribute(name, in: tag).flatMap(Double.init)
    }
}
