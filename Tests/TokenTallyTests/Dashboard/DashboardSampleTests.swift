import Foundation
import Testing
@testable import TallyReports

/// The sample model rendered whole. With TOKENTALLY_DASHBOARD_OUT set, the page is also written
/// there, for `scripts/browser-selftest` to open in Chromium.
@Suite struct DashboardSampleTests {
    @Test func sampleRendersEveryPanel() throws {
        let model = DashboardModel.sample()
        let html = DashboardRenderer.html(model)
        for heading in ["Work completed with AI", "Daily tokens by model", "Daily tokens by kind",
                        "Work completed with AI over time", "Adoption breadth by org", "Red flags", "Leaderboard"] {
            #expect(html.contains("<h2>\(heading)</h2>"), "\(heading)")
        }
        #expect(html.contains("<td class=\"org\">Data &amp; ML</td>"))
        #expect(html.contains("3 groups hidden"))
        #expect(!html.contains("NaN"))
        // Five models on 30 days, every value positive: 150 segments in the first chart.
        let byModel = try #require(DashboardFixture.section("tokens-by-model", in: html))
        #expect(byModel.components(separatedBy: "class=\"seg\"").count - 1 == 150)
        #expect(html.components(separatedBy: "<span class=\"pill\">").count - 1 == 3)

        if let path = ProcessInfo.processInfo.environment["TOKENTALLY_DASHBOARD_OUT"], !path.isEmpty {
            try html.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }

    @Test func sampleIsConsistent() {
        let model = DashboardModel.sample()
        #expect(model.days.count == 30)
        #expect(zip(model.days, model.days.dropFirst()).allSatisfy { $0 + 1 == $1 })
        #expect(model.tokensByModel.count == 5 && model.tokensByKind.count == 4)
        #expect(model.tokensByKind.map(\.name) == ["fresh input", "output", "cache read", "cache write"])
        #expect(model.adoptionByOrg.count == 4)
        for d in 0..<30 {
            let byModel = model.tokensByModel.reduce(Int64(0)) { $0 + $1.values[d] }
            let byKind = model.tokensByKind.reduce(Int64(0)) { $0 + $1.values[d] }
            #expect(byModel == byKind && byKind > 0)
            #expect(model.tokensByKind.allSatisfy { $0.values[d] > 0 })
            #expect(model.shippedWithAIPerDay[d] <= model.shippedTotalPerDay[d])
        }
        #expect(model.headline.tokens == model.tokensByModel.reduce(0) { $0 + $1.total })
        #expect(model.headline.tasksShippedWithAI == model.shippedWithAIPerDay.reduce(0, +))
    }
}
