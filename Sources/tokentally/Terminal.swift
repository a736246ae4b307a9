#if canImport(Glibc)
import Glibc
#endif
import TallyCore

/// Writes to stderr/stdout with write(2), so output is not held in stdio buffers when the process
/// exits through ArgumentParser's exit path.
enum Terminal {
    /// Messages name files and quote input, so their control and bidi characters, line feeds
    /// included, are escaped (`TerminalText`). `keepingLineFeeds` is for messages that list one item
    /// per line and hold nothing from input but the user's own arguments: usage errors, and the
    /// snapshots a reader skipped.
    static func error(_ message: String, keepingLineFeeds: Bool = false) {
        write(STDERR_FILENO, TerminalText.escaped(message, keeping: keepingLineFeeds ? ["\n"] : []) + "\n")
    }

    static func output(_ text: String) { write(STDOUT_FILENO, text) }

    /// Redraws the progress line in place; nil clears it.
    static func progress(_ line: String?) {
        write(STDERR_FILENO, "\r\u{1B}[2K" + TerminalText.escaped(line ?? ""))
    }

    private static func write(_ fd: Int32, _ text: String) {
        var copy = text
        copy.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}
