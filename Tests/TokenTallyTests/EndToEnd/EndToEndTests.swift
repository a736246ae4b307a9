import Foundation
import Testing
@testable import TallyCore
@testable import TallyReports

/// The built binary on a generated, multi-frame zstd stream: `report` for every dimension and window
/// must equal totals computed independently from the NDJSON text.
@Suite(.serialized) struct EndToEndTests {
    static let windows: [(name: String, hours: Int64?, days: Int64?)] = [
        ("1h", 1, nil), ("24h", 24, nil), ("7d", nil, 7), ("30d", nil, 30),
    ]

    @Test func reportMatchesAnIndependentComputationForEveryDimensionAndWindow() throws {
        let workspace = TestWorkspace()
        // 20 reports, each of which reads the whole snapshot: about 2 s apiece for 30,000 events in
        // the AddressSanitizer build, so a sanitized run uses a fifth (still every window filled).
        let events = TestScale.events(30000)
        let gen = try BinaryRunner.run(
            ["gen", "--events", "\(events)", "--users", "400", "--teams", "15", "--days", "35", "--seed", "11"],
            in: workspace)
        #expect(gen.status == 0, "gen failed: \(gen.stderr)")
        let ndjson = gen.stdout
        #expect(ndjson.split(separator: UInt8(ascii: "\n")).count == events)

        // Three zstd frames cut at arbitrary byte offsets, so lines straddle frames.
        let bytes = [UInt8](ndjson)
        let cuts = [0, bytes.count / 3 + 17, 2 * bytes.count / 3 - 5, bytes.count]
        var compressed: [UInt8] = []
        for i in 0..<3 { compressed += try ZstdEncoder.compress(Array(bytes[cuts[i]..<cuts[i + 1]])) }
        let input = workspace.write("events.zst", compressed)

        let snapshots = workspace.snapshotDirectory
        let ingest = try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, "--quiet", "--prices", "none", input], in: workspace)
        #expect(ingest.status == 0, "ingest failed: \(ingest.stderr)")
        #expect(ingest.stderr.contains("\(events) lines"))
        #expect(ingest.stderr.contains("3 zstd frames decoded in parallel"))

        let expected = try IndependentTotals(ndjson: ndjson, windows: Self.windows)
        for dimension in IndependentTotals.dimensions {
            for window in Self.windows {
                let report = try BinaryRunner.run(
                    ["report", snapshots, "--by", dimension, "--window", window.name, "--format", "csv"], in: workspace)
                #expect(report.status == 0, "report failed: \(report.stderr)")
                let rows = report.stdoutText.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
                let outcomeColumns = ["user", "team", "org"].contains(dimension) ? UsageReport.outcomeColumns : []
                let adoptionColumns = ["team", "org"].contains(dimension) ? UsageReport.adoptionColumns : []
                #expect(rows.first == [dimension] + UsageReport.columns + outcomeColumns + adoptionColumns)
                let truth = expected.totals(dimension: dimension, window: window)
                #expect(rows.count - 1 == truth.count, "\(dimension) \(window.name): \(rows.count - 1) rows, expected \(truth.count)")
                var previous: (Int64, String)?
                for row in rows.dropFirst() {
                    let key = row[0]
                    guard let want = truth[key] else {
                        Issue.record("\(dimension) \(window.name): unexpected key \(key)")
                        continue
                    }
                    let got = row.dropFirst().prefix(7).map { Int64($0)! }
                    #expect(got == [want.input, want.output, want.cacheRead, want.cacheWrite, want.total, want.events, want.outcomes],
                            "\(dimension) \(window.name) \(key)")
                    #expect(Decimal(string: row[8]) == want.cost, "\(dimension) \(window.name) \(key) cost")
                    if let previous {
                        #expect(previous.0 > got[4] || (previous.0 == got[4] && previous.1 < key), "order at \(key)")
                    }
                    previous = (got[4], key)
                }
            }
        }

        let inspect = try BinaryRunner.run(["inspect", snapshots, "--format", "json"], in: workspace)
        let header = try JSONSerialization.jsonObject(with: inspect.stdout) as! [String: Any]
        let counts = header["events"] as! [String: Any]
        #expect((header["input"] as! [String: Any])["lines"] as? Int == events)
        #expect(counts["late"] as? Int == expected.late)
        #expect(counts["accepted"] as? Int == events - expected.late)
        #expect(counts["rejected_total"] as? Int == 0)
        #expect((header["checksum"] as! [String: Any])["verified"] as? Bool == true)
    }

    @Test func stdinPipelineTopAndFormatsAgree() throws {
        let workspace = TestWorkspace()
        let gen = try BinaryRunner.run(["gen", "--events", "5000", "--users", "50", "--seed", "3"], in: workspace)
        let input = workspace.write("events.ndjson", [UInt8](gen.stdout))
        let ingest = try BinaryRunner.run(["ingest", "--snapshot-dir", workspace.snapshotDirectory], stdinPath: input, in: workspace)
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let csv = try BinaryRunner.run(["report", workspace.snapshotDirectory, "--top", "5", "--format", "csv"], in: workspace)
        let json = try BinaryRunner.run(["report", workspace.snapshotDirectory, "--top", "5", "--format", "json"], in: workspace)
        let table = try BinaryRunner.run(["report", workspace.snapshotDirectory, "--top", "5"], in: workspace)
        let csvRows = csv.stdoutText.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        let jsonRows = try JSONSerialization.jsonObject(with: json.stdout) as! [[String: Any]]
        #expect(csvRows.count == 5)
        #expect(jsonRows.map { $0["user"] as! String } == csvRows.map { $0[0] })
        #expect(jsonRows.map { ($0["total_tokens"] as! NSNumber).int64Value } == csvRows.map { Int64($0[5])! })
        let tableLines = table.stdoutText.split(separator: "\n")
        #expect(tableLines.count == 10)  // headline, header, rule, five rows, scope note, cost note
        #expect(tableLines.first?.hasPrefix("Work completed with AI, 30d: ") == true)
        #expect(tableLines[8] == "operator view: all people; all groups shown")
        #expect(tableLines.last?.hasPrefix("cost_usd: ") == true)
        #expect(tableLines.last?.contains("from the price table (bundled, as of ") == true)
    }

    @Test func badArgumentsAndPathsFailWithAMessage() throws {
        let workspace = TestWorkspace()
        let window = try BinaryRunner.run(["ingest", "--windows", "5m"], in: workspace)
        #expect(window.status != 0)
        #expect(window.stderr.contains("5m"))
        let missing = try BinaryRunner.run(["report", workspace.path + "/nowhere"], in: workspace)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nowhere"))
        let unreadable = try BinaryRunner.run(["ingest", "--snapshot-dir", workspace.snapshotDirectory, workspace.path + "/absent.zst"], in: workspace)
        #expect(unreadable.status == 1)
        #expect(unreadable.stderr.contains("absent.zst: cannot open"))
    }
}
