import TallyCore

/// Gemini's token counts in schema v1's terms. Every Gemini source (the API's `usageMetadata`,
/// Gemini CLI's telemetry and its session files) counts the same way: the prompt count includes
/// the cached tokens, tool-use prompt tokens are input outside the prompt count, and thinking
/// tokens are outside the candidates (output) count but billed as output. So the five add up to the
/// total the source reports, and nothing is counted twice.
struct GeminiTokens {
    /// Fresh input: the prompt without its cached part, plus the tool-use prompt.
    let input: Int64
    /// Candidates plus thoughts.
    let output: Int64
    let cacheRead: Int64

    /// `inconsistent_tokens` when the cached part exceeds the prompt; `value_too_large` when a sum
    /// passes 2^63 - 1.
    init(prompt: Int64, cached: Int64, toolPrompt: Int64, candidates: Int64, thoughts: Int64) throws(RecordFault) {
        let (input, inputOverflow) = try SourceValue.remainder(prompt, minus: cached).addingReportingOverflow(toolPrompt)
        let (output, outputOverflow) = candidates.addingReportingOverflow(thoughts)
        guard !inputOverflow, !outputOverflow else { throw RecordFault(.valueTooLarge) }
        self.input = input
        self.output = output
        cacheRead = cached
    }

    func set(into record: inout V1Record) {
        record.set("input_tokens", count: input)
        record.set("output_tokens", count: output)
        record.set("cache_read_tokens", count: cacheRead)
    }
}
