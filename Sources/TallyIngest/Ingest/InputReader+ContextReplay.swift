#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore
import TallyEvents
import TallySnapshot
import TallyStages

/// A followed file whose reading begins inside it (resumed from a snapshot's offset, or
/// `--from-end`) would start without what its earlier lines said: a Codex rollout's model and last
/// total, a Gemini CLI session, a cumulative metric's last value. Those lines are read again, once,
/// through the file's translator into its context only: nothing they hold is counted (the run that
/// wrote the snapshot counted them). It happens at the file's first read, so only files that grow
/// after the restart pay for it.
extension InputReader {
    /// The longest beginning read again; past it the file goes on without its context (a Codex call
    /// then has no model until the next `turn_context`, docs/sources.md).
    static let contextReplayBytesMax = 256 << 20

    /// Feeds the lines of `file` before `offset` (a line boundary) to `t`'s translator, outcomes
    /// discarded, when `t`'s format keeps context and the path still names the file that was read.
    /// - Complexity: O(offset) bytes read and translated, once per followed file.
    func replayContext(_ t: TranslationState, of file: FollowPosition, upTo offset: Int) {
        guard t.translator.format.keepsContext, offset > 0, offset <= Self.contextReplayBytesMax,
              let fd = try? RegularFile.open(file.path, O_RDONLY | O_NOFOLLOW)
        else { return }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, FileIdentity(info) == file.identity else { return }
        var context = t.context
        var line: [UInt8] = []
        var lineTooLong = false
        var block = [UInt8](repeating: 0, count: 1 << 20)
        var done = 0
        while done < offset {
            let want = min(block.count, offset - done)
            let n = block.withUnsafeMutableBytes { RegularFile.readFully(fd, $0.baseAddress!, want, at: done) }
            guard n > 0 else { return }  // shorter than it was: keep the context it had
            done += n
            var p = 0
            while p < n {
                let newline = block[p..<n].firstIndex(of: 0x0A)
                let end = newline ?? n
                // A line longer than the limit was dropped when it was read: drop it here too.
                if !lineTooLong, line.count + (end - p) <= t.lineBytesMax {
                    line.append(contentsOf: block[p..<end])
                } else {
                    lineTooLong = true
                }
                guard newline != nil else { break }
                if !lineTooLong {
                    line.withUnsafeBytes { bytes in
                        if bytes.contains(where: { $0 > 0x20 }) { _ = t.translator.translate(bytes, &context) }
                    }
                }
                line.removeAll(keepingCapacity: true)
                lineTooLong = false
                p = end + 1
            }
        }
        // What a run from the file's first line would hold: a cumulative series first seen after
        // this point was never counted, so it counts whole.
        context.startedInside = false
        t.context = context
    }
}
