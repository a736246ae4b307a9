import TallyCore

/// One of Codex's `TokenUsage` objects (`codex-rs/protocol`): `input_tokens` includes
/// `cached_input_tokens` (and `cache_write_input_tokens` where written), and `output_tokens`
/// includes `reasoning_output_tokens`. Compared whole, because a rollout's cumulative
/// `total_token_usage` that did not move means no new call.
struct CodexUsage: Equatable {
    var input: Int64 = 0
    var cached: Int64 = 0
    var cacheWrite: Int64 = 0
    var output: Int64 = 0
    var reasoning: Int64 = 0
    var total: Int64 = 0

    /// Nil when `value` is not an object; `invalid_tokens` when a count is not a JSON integer.
    init?(_ value: JSONValue?) throws(RecordFault) {
        guard let value, value.isObject else { return nil }
        input = try SourceValue.count(value.at("input_tokens"))
        cached = try SourceValue.count(value.at("cached_input_tokens"))
        cacheWrite = try SourceValue.count(value.at("cache_write_input_tokens"))
        output = try SourceValue.count(value.at("output_tokens"))
        reasoning = try SourceValue.count(value.at("reasoning_output_tokens"))
        total = try SourceValue.count(value.at("total_tokens"))
    }

    private init() {}

    var isZero: Bool { input == 0 && output == 0 && cached == 0 && cacheWrite == 0 }

    /// What `self` (a later cumulative total) adds to `earlier`; nil when some counter went down (a
    /// counter that started over), where the difference means nothing.
    func minus(_ earlier: CodexUsage) -> CodexUsage? {
        var d = CodexUsage()
        d.input = input - earlier.input
        d.cached = cached - earlier.cached
        d.cacheWrite = cacheWrite - earlier.cacheWrite
        d.output = output - earlier.output
        d.reasoning = reasoning - earlier.reasoning
        d.total = total - earlier.total
        guard d.input >= 0, d.cached >= 0, d.cacheWrite >= 0, d.output >= 0, d.reasoning >= 0 else { return nil }
        return d
    }

    /// The counts as text, for a call's id: `input/cached/cache_write/output/reasoning`.
    var key: String { "\(input)/\(cached)/\(cacheWrite)/\(output)/\(reasoning)" }
}
