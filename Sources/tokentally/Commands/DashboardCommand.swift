import ArgumentParser
import Foundation
import TallyReports

struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Write a self-contained HTML dashboard (inline SVG charts, no network requests) from a snapshot.",
        discussion: """
            Panels: work completed with AI, daily tokens by model and by kind, shipped tasks per day, adoption \
            breadth by org, red flags, and the leaderboard only when the snapshot allows it. The page is meant \
            to be shared, so groups with fewer than 5 active people are hidden unless --min-group says otherwise; \
            --viewer and --org-chart scope it to one person and their direct reports.
            """
    )

    @OptionGroup var snapshot: SnapshotArgument
    @OptionGroup var scope: ScopeOptions

    @Option(name: .shortAndLong, help: "The HTML file to write.")
    var output: String

    @Option(name: .long, help: "Window for the outcome, adoption, flag and leaderboard panels.")
    var window = "30d"

    func run() throws {
        let file = try snapshot.open()
        let scope = try scope.scope(for: file.header, strictDefault: true)
        let html: String
        do {
            html = DashboardRenderer.html(try DashboardModel(snapshot: file, window: window, scope: scope, thresholds: RedFlagThresholds()))
        } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(1)
        }
        // Written beside the target and renamed over it, so a reader never sees half a page.
        let temporary = output + ".tmp"
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, output) != 0 { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            Terminal.error("tokentally: cannot write \(output): \(error.localizedDescription)")
            throw ExitCode(3)
        }
    }
}
