import Foundation
import Testing
@testable import TallyCore
@testable import TallyStages

/// A merged snapshot next to one ingest of the same events, compared as their readers see them:
/// the summary row for row, and the output of every reader command of the built binary.
enum SnapshotComparison {
    static let windows = ["1h", "24h", "7d", "30d"]

    /// The snapshot's summary lines: the header as JSON without what differs by construction
    /// (creation time, sequence, the run's own inputs, the merge record, and `keys`, which a run
    /// counts with the keys whose buckets all left the windows), then the other rows but the end
    /// record (the checksum of them all): every totals row and every section's size and checksum.
    private static func summary(_ directory: String) throws -> (header: NSDictionary, rows: [Substring]) {
        let file = try SnapshotLocator.open(directory) { _ in }
        let text = String(decoding: try decompressFile(file.path), as: UTF8.self)
        let lines = text.split(separator: "\n")
        var header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        for key in ["created_at", "created_at_ms", "sequence", "merge", "keys"] { header[key] = nil }
        var input = try #require(header["input"] as? [String: Any])
        input["sources"] = nil
        header["input"] = input
        return (header as NSDictionary, Array(lines.dropFirst().dropLast()))
    }

    /// Expects the same summary (`summary`) in `snapshot` as in `reference`, naming the rows that differ.
    static func expectSameSummary(
        _ snapshot: String, _ reference: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let (mine, theirs) = (try summary(snapshot), try summary(reference))
        #expect(mine.header == theirs.header, sourceLocation: sourceLocation)
        let sameRows = mine.rows == theirs.rows
        let (extra, missing) = (Set(mine.rows).subtracting(theirs.rows), Set(theirs.rows).subtracting(mine.rows))
        let differences = "not in the reference: \(extra.sorted().prefix(3)); only in the reference: \(missing.sorted().prefix(3))"
        #expect(sameRows, "\(mine.rows.count) rows against \(theirs.rows.count); \(differences)", sourceLocation: sourceLocation)
    }

    /// Expects `report` over every dimension and window, and `flags` and `leaderboard` over every
    /// window, to print the same for `snapshot` as for `reference` (which must allow the leaderboard).
    static func expectSameReadings(
        _ snapshot: String, _ reference: String, _ workspace: TestWorkspace, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        var commands: [[String]] = []
        for window in windows {
            for dimension in KeyDimension.allCases {
                commands.append(["report", "--by", dimension.name, "--window", window, "--format", "csv"])
            }
            commands.append(["flags", "--window", window, "--format", "json"])
            commands.append(["leaderboard", "--window", window, "--format", "json"])
        }
        let runs = try BinaryRunner.runAll(commands.flatMap { [$0 + [snapshot], $0 + [reference]] }, in: workspace)
        for (command, i) in zip(commands, stride(from: 0, to: runs.count, by: 2)) {
            let (mine, theirs) = (runs[i], runs[i + 1])
            let name = command.joined(separator: " ")
            #expect(mine.status == 0 && theirs.status == 0, "\(name): \(mine.stderr) \(theirs.stderr)", sourceLocation: sourceLocation)
            #expect(mine.stdoutText == theirs.stdoutText, "\(name)", sourceLocation: sourceLocation)
        }
    }
}
