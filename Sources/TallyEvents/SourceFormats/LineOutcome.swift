/// What a translator made of one line of a source.
package enum LineOutcome {
    /// One or more records (an OTLP batch or an API page holds many); a record that cannot be
    /// counted is a fault under its schema v1 reason.
    case records([Result<V1Record, RecordFault>])
    /// A Claude Code response line: the records of one response share `key` and are counted once.
    case response(ClaudeCodeResponse)
    case skipped(SkipReason)
    case rejected(RejectReason)
}

/// One line of a Claude Code response, with what identifies the response.
package struct ClaudeCodeResponse {
    /// Message id and request id; nil when the line has neither (each such line counts alone).
    package var key: String?
    package var record: V1Record
    /// Its four token counts summed: of a response's lines, the one with the most is kept.
    package var totalTokens: Int64
}
