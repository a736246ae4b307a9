import Foundation
import Testing
@testable import TallyEvents

/// `tokentally prices` and the prices in `ingest`, through the built binary.
@Suite(.serialized) struct PricesCommandTests {
    private let excerpt = PricingLiteLLMTests.excerpt

    @Test func listsTheBundledTable() throws {
        let workspace = TestWorkspace()
        let json = try BinaryRunner.run(["prices", "--format", "json"], in: workspace)
        #expect(json.status == 0, "\(json.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(root["origin"] as? String == "bundled")
        #expect(root["as_of"] as? String == "2026-12-05")
        #expect(root["model_count"] as? Int == PriceTable.bundled.modelCount)
        let models = try #require(root["models"] as? [[String: Any]])
        let opus = try #require(models.first { $0["model"] as? String == "claude-opus-4-6" })
        let entry = try #require((opus["prices"] as? [[String: Any]])?.first)
        #expect(entry["effective_from"] as? String == "2026-02-05")
        #expect(entry["input"] as? Int == 5 && entry["output"] as? Int == 25)

        let csv = try BinaryRunner.run(["prices", "--format", "csv"], in: workspace)
        let rows = csv.stdoutText.split(separator: "\n")
        #expect(rows.first.map(String.init) == PriceTableListing.csvHeader)
        #expect(rows.count == 1 + PriceTable.bundled.models.reduce(0) { $0 + $1.entries.count })
        #expect(rows.contains("claude-sonnet-4-5,claude-sonnet-4.5,2025-09-29,3,15,0.3,3.75,6,200000,6,22.5,0.6,7.5,12"))

        let table = try BinaryRunner.run(["prices"], in: workspace)
        #expect(table.status == 0)
        #expect(table.stdoutText.hasPrefix("prices      bundled (tokentally format)\nas of       2026-12-05\n"))
    }

    @Test func resolvesOneName() throws {
        let workspace = TestWorkspace()
        let hit = try BinaryRunner.run(["prices", "--resolve", "us.anthropic.claude-opus-4-6-v1"], in: workspace)
        #expect(hit.status == 0, "\(hit.stderr)")
        #expect(hit.stdoutText.hasPrefix("\"us.anthropic.claude-opus-4-6-v1\" resolves to claude-opus-4-6\n"
            + "  rule: provider prefix \"us.anthropic.\" removed"))
        #expect(hit.stdoutText.contains("  rule: deployment suffix \"-v1\" removed"))
        #expect(hit.stdoutText.contains("from 2026-02-05: input 5, output 25, cache_read 0.5, cache_write_5m 6.25, cache_write_1h 10"))

        let miss = try BinaryRunner.run(["prices", "--resolve", "o3-mini"], in: workspace)
        #expect(miss.status == 1)
        #expect(miss.stdoutText.hasPrefix("\"o3-mini\" does not resolve"))

        let csv = try BinaryRunner.run(["prices", "--resolve", "claude-opus-4-1-20250805", "--format", "csv"], in: workspace)
        #expect(csv.stdoutText == "name,model,matched,rules\n"
            + "claude-opus-4-1-20250805,claude-opus-4-1,claude-opus-4-1,\"snapshot date \"\"-20250805\"\" removed\"\n")

        // Against a LiteLLM file: the bare Gemini name finds LiteLLM's gemini/ entry.
        let file = try BinaryRunner.run(["prices", "--prices", excerpt, "--resolve", "gemini-2.5-pro", "--format", "json"], in: workspace)
        #expect(file.status == 0, "\(file.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: file.stdout) as? [String: Any])
        #expect(root["matched"] as? String == "gemini-2.5-pro")
        #expect((root["model"] as? [String: Any])?["model"] as? String == "gemini/gemini-2.5-pro")
    }

    @Test func checksAFile() throws {
        let workspace = TestWorkspace()
        let good = try BinaryRunner.run(["prices", "--check", excerpt], in: workspace)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdoutText.contains("models      14 (14 dated entries, 6 with a long-context tier)\n"))
        #expect(good.stdoutText.contains("  6 not a chat model"))
        #expect(good.stdoutText.hasSuffix("valid\n"))

        let bad = workspace.write("bad.json", lines: [
            #"{"as_of": "2026-01-01", "source": "s", "models": [{"model": "m", "prices": [{"effective_from": "2026-01-01", "input": 1}]}]}"#,
        ])
        let refused = try BinaryRunner.run(["prices", "--check", bad], in: workspace)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("bad.json: model \"m\" (models[0]) prices[0] (effective_from 2026-01-01): missing \"output\""))
        #expect(refused.stdout.isEmpty)

        let missing = try BinaryRunner.run(["prices", "--check", workspace.url.appendingPathComponent("nope.json").path], in: workspace)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nope.json: cannot read"))

        let both = try BinaryRunner.run(["prices", "--check", excerpt, "--resolve", "x"], in: workspace)
        #expect(both.status == 2)
    }

    /// Through `ingest`: two Sonnet 4.5 events either side of the 200k threshold, priced one at a
    /// time: $0.60 at the base price and $1.200006 at the tier, $1.800006 in all, not a price for
    /// their 400,001 tokens together.
    @Test func ingestPricesEachRequestAtItsOwnTier() throws {
        let workspace = TestWorkspace()
        let input = workspace.write("events.ndjson", lines: [
            #"{"ts": "2026-01-10T10:00:00Z", "user": "u", "model": "claude-sonnet-4-5-20250929", "input_tokens": 200000}"#,
            #"{"ts": "2026-01-10T10:01:00Z", "user": "u", "model": "claude-sonnet-4-5-20250929", "input_tokens": 200001}"#,
        ])
        let snapshots = workspace.snapshotDirectory
        let run = try BinaryRunner.run(["ingest", "--snapshot-dir", snapshots, "--quiet", input], in: workspace)
        #expect(run.status == 0, "\(run.stderr)")
        let inspect = try BinaryRunner.run(["inspect", snapshots, "--format", "json"], in: workspace)
        let root = try #require(try JSONSerialization.jsonObject(with: inspect.stdout) as? [String: Any])
        let cost = try #require(root["cost"] as? [String: Any])
        #expect(cost["estimated_events"] as? Int == 2)
        #expect((cost["estimated_usd"] as? NSNumber)?.stringValue == "1.800006")
    }
}
