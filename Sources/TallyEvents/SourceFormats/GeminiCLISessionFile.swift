import TallyCore

/// What earlier lines of one Gemini CLI session file said that later lines need: the session (its
/// first line) and the messages already counted, because Gemini CLI appends a message again each
/// time it changes (its tokens arrive, a tool call finishes). One per input file; it grows with the
/// file's own messages (one id each), so it is bounded by the file.
struct GeminiCLISessionFile {
    var session: String?
    /// Ids of the messages with tokens seen so far in this file.
    var counted: Set<String> = []
}
