import Foundation
import Testing
@testable import TallyCore

/// Issue 14 through the built binary: hostile names in tables, CSV and JSON, messages that quote
/// input, and the exit status of bad options.
@Suite(.serialized) struct OutputSafetyTests {
    static let names = [
        "mallory\nceo      999,999,999",  // a line feed that would start a fake row
        "\u{1B}]8;;http://evil.example\u{07}click\u{1B}]8;;\u{07}",  // an OSC 8 link
        "=HYPERLINK(\"http://evil.example\",\"open\")",
        "\u{202E}gnp.exe",
        String(repeating: "n", count: 20_000),
        "alice",
    ]

    /// One usage event per name, written with JSON escapes, ingested by the binary.
    private func ingest(_ workspace: TestWorkspace) throws -> String {
        let lines = Self.names.enumerated().map { i, name in
            var json = JSONOutput()
            json.string(name)
            return InsightScenario.usage(InsightScenario.at(0, 1, i), "USER", "red", "eng", model: "m1", input: 100 + i)
                .replacing("\"USER\"", with: json.text)
        }
        let run = try BinaryRunner.run(
            ["ingest", "--snapshot-dir", workspace.snapshotDirectory, "--quiet", workspace.write("names.ndjson", lines: lines)],
            in: workspace)
        #expect(run.status == 0, "ingest: \(run.stderr)")
        return workspace.snapshotDirectory
    }

    /// C0 controls other than line feed, DEL, C1 controls and bidi overrides and isolates.
    static func hasTerminalControls(_ text: String) -> Bool {
        text.unicodeScalars.contains {
            ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
                || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
        }
    }

    @Test func tableRowsAreEscapedAndCapped() throws {
        let workspace = TestWorkspace()
        let run = try BinaryRunner.run(["report", try ingest(workspace), "--by", "user"], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        let text = run.stdoutText
        #expect(!Self.hasTerminalControls(text))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let rule = try #require(lines.firstIndex { $0.hasPrefix("----") })
        let rows = lines[(rule + 1)...].prefix { !$0.isEmpty }
        #expect(rows.count == Self.names.count, "\(text)")
        #expect(rows.contains { $0.hasPrefix("mallory\\nceo      999,999,999 ") })
        #expect(rows.contains { $0.hasPrefix("\\x1b]8;;http://evil.example\\x07click\\x1b]8;;\\x07 ") })
        #expect(rows.contains { $0.hasPrefix("\\u{202E}gnp.exe ") })
        #expect(rows.contains { $0.hasPrefix(String(repeating: "n", count: TextTable.cellColumnsMax - 1) + "… ") })
        #expect(rows.allSatisfy { $0.count < 300 })
    }

    @Test func csvNeutralisesFormulasAndEscapesControlsWhileJSONKeepsEveryValue() throws {
        let workspace = TestWorkspace()
        let snapshots = try ingest(workspace)
        let csv = try BinaryRunner.run(["report", snapshots, "--by", "user", "--format", "csv"], in: workspace)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(!Self.hasTerminalControls(csv.stdoutText))
        #expect(csv.stdoutText.contains("\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\",1"))
        #expect(csv.stdoutText.contains("\n\"mallory\nceo      999,999,999\",1"))
        #expect(csv.stdoutText.contains("\n\\x1b]8;;http://evil.example\\x07click\\x1b]8;;\\x07,1"))
        #expect(csv.stdoutText.contains("\n" + String(repeating: "n", count: 20_000) + ",1"))

        let json = try BinaryRunner.run(["report", snapshots, "--by", "user", "--format", "json"], in: workspace)
        let rows = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["user"] as? String }) == Set(Self.names))
    }

    @Test func messagesEscapeFileNames() throws {
        let workspace = TestWorkspace()
        let run = try BinaryRunner.run(["report", workspace.path + "/snap\u{1B}[2J\u{202E}"], in: workspace)
        #expect(run.status == 1)
        #expect(run.stderr.contains("snap\\x1b[2J\\u{202E}"), "\(run.stderr)")
        #expect(!Self.hasTerminalControls(run.stderr))

        let input = workspace.path + "/in\nput\r\u{1B}[1A.ndjson"
        let ingest = try BinaryRunner.run(["ingest", "--snapshot-dir", workspace.snapshotDirectory, input], in: workspace)
        #expect(ingest.status == 1)
        #expect(ingest.stderr.contains("in\\nput\\r\\x1b[1A.ndjson"), "\(ingest.stderr)")
        #expect(!Self.hasTerminalControls(ingest.stderr) && !ingest.stderr.contains("in\nput"))
    }

    @Test func badOptionsExitTwoAndHelpExitsZero() throws {
        let workspace = TestWorkspace()
        for arguments in [["report", "x", "--by", "person"], ["report", "x", "--no-such-option"], ["report"],
                          ["report", "x", "--top", "0"], ["nosuchcommand"]] {
            let run = try BinaryRunner.run(arguments, in: workspace)
            #expect(run.status == 2, "\(arguments): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("Usage:") || run.stderr.contains("Error:"), "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
        let quoted = try BinaryRunner.run(["report", "x", "--by", "\u{1B}[31m"], in: workspace)
        #expect(quoted.status == 2 && quoted.stderr.contains("\\x1b[31m") && !Self.hasTerminalControls(quoted.stderr))

        let help = try BinaryRunner.run(["report", "--help"], in: workspace)
        #expect(help.status == 0)
        let words = help.stdoutText.split(whereSeparator: \.isWhitespace).joined(separator: " ")  // help wraps lines
        #expect(words.contains("(values: user, team, org, model, tool; default: user)"), "\(help.stdoutText)")
        #expect(!help.stdoutText.contains("KeyDimension"))
        let dashboard = try BinaryRunner.run(["dashboard", "--help"], in: workspace)
        #expect(dashboard.status == 0 && dashboard.stdoutText.contains("--output"))
        #expect(!dashboard.stdoutText.contains("--format"))
    }
}
