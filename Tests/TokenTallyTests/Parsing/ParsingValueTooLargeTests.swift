import Testing
@testable import TallyEvents

extension ParsingTests {
    /// `value_too_large`: every field in range, but the event's total tokens or its estimated cost
    /// is 2^63 or more. Limits worked out by hand: 2^63 - 1 = 9,223,372,036,854,775,807.
    @Suite struct ValueTooLargeTests {
        @Test func aTotalOfExactlyTheLargestValueIsAccepted() throws {
            let parsed = ParsingTests.parseFull(
                ParsingTests.usage(#""input_tokens":9223372036854775806,"output_tokens":1"#))
            #expect(parsed.outcome == .accepted)
            #expect(parsed.event?.totalTokens == .max)
        }

        @Test(arguments: [
            #""input_tokens":9223372036854775807,"output_tokens":1"#,
            #""input_tokens":4611686018427387904,"cache_read_tokens":4611686018427387904"#,  // 2^62 + 2^62
            #""output_tokens":3074457345618258603,"cache_read_tokens":3074457345618258603,"cache_write_tokens":3074457345618258603"#,
        ])
        func aTotalPastTheLargestValueIsRejected(fields: String) {
            let parsed = ParsingTests.parseFull(ParsingTests.usage(fields))
            #expect(parsed.rejection == .valueTooLarge)
            #expect(parsed.eventCount == 0)
        }

        @Test func outcomeEventsAreHeldToTheSameBound() {
            let line = #"{"ts":1793491200000,"kind":"outcome","user":"u","task":"T","status":"shipped","input_tokens":9223372036854775807,"output_tokens":9223372036854775807}"#
            #expect(ParsingTests.reason(line) == .valueTooLarge)
        }

        /// Last in the order of docs/event-format.md: after a missing model, the future check and
        /// inconsistent cache writes.
        @Test func itComesAfterEveryOtherReason() {
            let tooLarge = #""input_tokens":9223372036854775807,"output_tokens":1"#
            #expect(ParsingTests.reason(#"{"ts":1793491200000,"user":"u",\#(tooLarge)}"#) == .missingModel)
            #expect(ParsingTests.reason(ParsingTests.usage(tooLarge, ts: "1893456000000")) == .futureTs)  // 2030
            #expect(ParsingTests.reason(ParsingTests.usage(tooLarge + #","cache_write_tokens":1,"cache_write_1h_tokens":2"#))
                == .inconsistentTokens)
        }

        /// Field faults come first: a field past 63 bits is `invalid_tokens`, whatever the total.
        @Test func aFieldPast63BitsIsStillInvalidTokens() {
            #expect(ParsingTests.reason(ParsingTests.usage(#""input_tokens":9223372036854775808,"output_tokens":1"#)) == .invalidTokens)
        }

        /// Sonnet 4.5 input above 200k prompt tokens costs $6 per million tokens in the bundled table
        /// (its long-context tier): 6,000 nano-dollars a token, so 1,537,228,672,809,129 tokens cost
        /// 9,223,372,036,854,774,000 (fits) and one more token 9,223,372,036,854,780,000 (does not).
        @Test func anEstimatedCostPastTheLargestValueIsRejected() throws {
            func parse(_ tokens: Int64) -> (LineParser.Outcome, EventRecord?) {
                var parser = LineParser()
                parser.nowMs = ParsingTests.now
                parser.costs = CostEstimator(table: .bundled)
                let batch = EventBatch()
                let line = #"{"ts":1793491200000,"user":"u","model":"claude-sonnet-4-5-20250929","input_tokens":\#(tokens)}"#
                let outcome = Array(line.utf8).withUnsafeBytes { parser.parse($0, into: batch) }
                return (outcome, batch.events.count == 1 ? batch.events[0] : nil)
            }
            let fits = parse(1_537_228_672_809_129)
            #expect(fits.0 == .accepted)
            #expect(fits.1?.costNanoUSD == 9_223_372_036_854_774_000)
            #expect(fits.1?.costSource == .estimated)
            let past = parse(1_537_228_672_809_130)
            #expect(past.0 == .rejected(.valueTooLarge))
            #expect(past.1 == nil)
        }
    }
}
