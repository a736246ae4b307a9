import Foundation
import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallyIngest

/// Hostile and odd lines in the middle of good ones: each is rejected under its reason (or accepted
/// when it is valid after all), every good line around it is counted, and the rejects file says
/// where each rejected line was.
@Suite struct BadInputTests {
    static func good(_ i: Int) -> [UInt8] {
        Array(usageLine(utcMs(2026, 11, 1) + Int64(i) * 60_000, user: "good-\(i % 5)", tokens: 10).utf8)
    }

    static func line(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let deep = 1_000_000
    /// (what, line bytes, expected reason or nil for accepted)
    static let cases: [(String, [UInt8], RejectReason?)] = [
        ("binary garbage", [0x01, 0x02, 0xFF, 0xFE, 0x00, 0x80, 0x7F, 0xC0], .invalidUTF8),
        ("NUL outside strings", line("{\"ts\":1,\"user\":\"u\",\"model\":\"m\"") + [0] + line("}"), .malformedJSON),
        ("NUL inside a string", line("{\"ts\":1,\"user\":\"u") + [0] + line("\",\"model\":\"m\"}"), .malformedJSON),
        ("invalid UTF-8 inside a string", line("{\"ts\":1,\"user\":\"") + [0xC3, 0x28] + line("\",\"model\":\"m\"}"), .invalidUTF8),
        ("invalid UTF-8 outside strings", line("{\"ts\":1,") + [0xFF] + line("\"user\":\"u\",\"model\":\"m\"}"), .invalidUTF8),
        ("a lone surrogate escape", line("{\"ts\":1,\"user\":\"\\ud800\",\"model\":\"m\"}"), .invalidUTF8),
        ("1,000,000 levels of nesting in an unknown field",
         line("{\"ts\":\"2026-11-01T00:00:00Z\",\"user\":\"deep\",\"model\":\"m\",\"x\":") + [UInt8](repeating: 0x5B, count: deep)
            + [UInt8](repeating: 0x5D, count: deep) + line("}"), nil),
        ("1,000,000 unclosed levels", line("{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"x\":") + [UInt8](repeating: 0x7B, count: deep), .malformedJSON),
        ("400 digits in an unknown field",
         line("{\"ts\":\"2026-11-01T00:00:00Z\",\"user\":\"big\",\"model\":\"m\",\"n\":" + String(repeating: "9", count: 400) + "}"), nil),
        ("400 digits of tokens", line("{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"input_tokens\":" + String(repeating: "9", count: 400) + "}"), .invalidTokens),
        ("400 digits of cost", line("{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"cost_usd\":" + String(repeating: "9", count: 400) + "}"), .invalidCost),
        ("400 digits of ts", line("{\"ts\":" + String(repeating: "9", count: 400) + ",\"user\":\"u\",\"model\":\"m\"}"), .invalidTs),
        ("a duplicate key", line("{\"ts\":1,\"user\":\"u\",\"user\":\"v\",\"model\":\"m\"}"), .duplicateField),
        ("year 9999", line("{\"ts\":\"9999-12-31T23:59:59Z\",\"user\":\"u\",\"model\":\"m\"}"), .futureTs),
        ("not a leap year", line("{\"ts\":\"2025-02-29T12:00:00Z\",\"user\":\"u\",\"model\":\"m\"}"), .invalidTs),
        ("a leap day", line("{\"ts\":\"2024-02-29T12:00:00Z\",\"user\":\"leap\",\"model\":\"m\"}"), nil),
        ("a +14:00 offset", line("{\"ts\":\"2026-11-02T09:30:00+14:00\",\"user\":\"kiribati\",\"model\":\"m\",\"input_tokens\":7}"), nil),
        ("a JSON array", line("[1,2,3]"), .malformedJSON),
        ("an unknown kind", line("{\"ts\":1,\"kind\":\"usage2\",\"user\":\"u\",\"model\":\"m\"}"), .unknownKind),
        ("no user", line("{\"ts\":1,\"model\":\"m\"}"), .missingUser),
        ("no ts", line("{\"user\":\"u\",\"model\":\"m\"}"), .missingTs),
        ("tokens as a string", line("{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"input_tokens\":\"12\"}"), .invalidTokens),
        ("a user that is a number", line("{\"ts\":1,\"user\":42,\"model\":\"m\"}"), .invalidFieldType),
        ("an outcome without a task", line("{\"ts\":1,\"kind\":\"outcome\",\"user\":\"u\",\"status\":\"merged\"}"), .missingTask),
        ("an outcome without a status", line("{\"ts\":1,\"kind\":\"outcome\",\"user\":\"u\",\"task\":\"T-1\"}"), .missingStatus),
        ("1-hour cache writes above all cache writes", line("{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"cache_write_tokens\":5,\"cache_write_1h_tokens\":6}"), .inconsistentTokens),
        ("usage without a model", line("{\"ts\":1,\"user\":\"u\",\"input_tokens\":3}"), .missingModel),
        ("tokens that add up past 2^63 - 1", line("{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"input_tokens\":9223372036854775807,\"cache_read_tokens\":1}"), .valueTooLarge),
        ("a line over the length limit", line("{\"ts\":1,\"user\":\"u\",\"model\":\"m\",\"pad\":\"" + String(repeating: "x", count: 5 << 20) + "\"}"), .lineTooLong),
    ]

    @Test func eachBadLineIsRejectedUnderItsReasonAndTheGoodOnesAroundItCounted() throws {
        var text: [UInt8] = []
        var lineNumber = 0
        var expectedLines: [(line: Int, reason: RejectReason)] = []
        var expected = [Int](repeating: 0, count: RejectReason.count)
        for (i, c) in Self.cases.enumerated() {
            text += Self.good(i) + [0x0A]
            lineNumber += 1
            text += c.1 + [0x0A]
            lineNumber += 1
            if let reason = c.2 {
                expected[reason.rawValue] += 1
                expectedLines.append((lineNumber, reason))
            }
        }
        text += Self.good(999) + [0x0A]
        let workspace = TestWorkspace()
        let rejects = workspace.path + "/rejects.ndjson"
        let (summary, snapshot) = try workspace.ingest(
            [workspace.write("bad.ndjson", text)], lineBytesMax: 4 << 20, rejectsPath: rejects)
        #expect(summary.error == nil)
        // Every reason of the schema is in the catalogue.
        #expect(Set(Self.cases.compactMap(\.2)) == Set(RejectReason.allCases))
        for reason in RejectReason.allCases {
            #expect(summary.counters.rejected(reason) == expected[reason.rawValue], "\(reason.name)")
        }
        // Good lines, plus the valid odd ones, less the leap-day event, which is late (below).
        let accepted = Self.cases.count + 1 + Self.cases.filter { $0.2 == nil }.count - 1
        #expect(summary.counters.eventsAccepted == accepted)
        let users = try snapshot.tokens(.user, "30d")
        let goodTokens: Int64 = (0..<5).map { (i: Int) -> Int64 in users["good-\(i)"] ?? 0 }.reduce(0, +)
        #expect(goodTokens == 10 * Int64(Self.cases.count + 1))
        // 2026-11-02T09:30+14:00 is 2026-11-01T19:30Z.
        #expect(try snapshot.totals(dimension: .user, window: "30d").contains { $0.key == "kiribati" && $0.inputTokens == 7 })
        // The leap-day event is two years older than the watermark: accepted, then late.
        #expect(summary.counters.lateEvents == 1)

        let rows = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n").map {
            try #require(JSONValue.parse(String($0)))
        }
        #expect(rows.map { $0["line"]?.int ?? -1 } == expectedLines.map(\.line))
        #expect(rows.map { $0["reason"]?.string ?? "" } == expectedLines.map(\.reason.name))
        #expect(rows.allSatisfy { $0["input"]?.string?.hasSuffix("bad.ndjson") == true })
        #expect(rows.allSatisfy { ($0["text"]?.string?.utf8.count ?? .max) <= 3 * EventBatch.rejectTextBytesMax })
    }

    @Test func theRejectsFileIsBoundedAndEveryRejectionStillCounted() throws {
        let lines = (0..<5000).map { $0 % 2 == 0 ? "{\"ts\":\"x\",\"user\":\"u\",\"model\":\"m\"}" : usageLine(utcMs(2026, 11, 1), tokens: 1) }
        let workspace = TestWorkspace()
        var configuration = IngestConfiguration()
        configuration.inputs = [.file(workspace.write("many.ndjson", lines: lines))]
        configuration.snapshotDirectory = workspace.snapshotDirectory
        configuration.rejectsPath = workspace.path + "/rejects.ndjson"
        configuration.rejectsMax = 100
        let summary = try IngestPipeline(configuration: configuration).run()
        #expect(summary.counters.rejected(.invalidTs) == 2500)
        #expect(summary.rejectsWritten == 100)
        let rows = try String(contentsOfFile: workspace.path + "/rejects.ndjson", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 100)
        #expect(rows.first?.contains("\"line\":1,") == true)
    }
}
