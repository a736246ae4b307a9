import Foundation
import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// A Codex rollout followed, stopped, and resumed from the snapshot while the session goes on: the
/// resumed run reads the rollout's beginning again for its session, model and last total, so the
/// calls written while it was down keep their model and a re-emitted counter is still a repeat.
@Suite struct CodexFollowResumeTests {
    @Test func aRolloutResumedInsideKeepsItsModelAndLastTotal() throws {
        let fixture = try String(contentsOfFile: SourceFixtureTests.fixture("codex-rollout.jsonl"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\n" }
        let workspace = TestWorkspace()
        let first = try FollowCommandTests.Follow(workspace)
        let name = "2026/05/01/rollout-2026-05-01T10-00-00-0199a213.jsonl"
        // session_meta, turn_context (gpt-5-codex), a user turn, a rate-limit refresh, call 1 and
        // its re-emit.
        first.write(name, fixture[0..<6].joined())
        try first.start()
        #expect(first.waitFor(lines: 6) != nil)
        _ = try first.stop()

        // Written while it is down: call 1's counter re-emitted once more, then call 2 (input 1,000
        // with 500 cached, output 300), with no turn_context after the resume point.
        let call2 = #"{"timestamp":"2026-05-01T10:01:00.000Z","type":"event_msg","payload":{"type":"token_count","info":{"#
            + #""total_token_usage":{"input_tokens":2200,"cached_input_tokens":700,"output_tokens":800,"reasoning_output_tokens":100,"total_tokens":3000},"#
            + #""last_token_usage":{"input_tokens":1000,"cached_input_tokens":500,"output_tokens":300,"reasoning_output_tokens":0,"total_tokens":1300},"#
            + #""model_context_window":272000},"rate_limits":null}}"# + "\n"
        try first.append(name, fixture[5] + call2)
        let second = try FollowCommandTests.Follow(workspace, ["--resume"])
        try second.start()
        #expect(second.waitFor(lines: 8) != nil)
        let final = try second.stop()
        let c = final.header.counters
        #expect(c.rejected(.missingModel) == 0)
        #expect(c.eventsAccepted == 2)
        #expect(c.skipped(.repeatedTotal) == 2)
        #expect(c.duplicateEvents == 0)
        // Call 1: 1,000 fresh + 200 cached + 500 output = 1,700; call 2: 500 + 500 + 300 = 1,300.
        #expect(try final.tokens(.model, "30d") == ["gpt-5-codex": 3_000])
    }
}
