import TallyCore
import TallyEvents

/// The reader's `--follow` input: a `DirectoryFollower` hands out complete lines from one file at a
/// time, and each read becomes a chunk (or, for other sources, a translated chunk) stamped with the
/// file and its position after it, which the sequencer records for `--resume` (docs/follow.md).
///
/// Each file has its own format (detected from its first lines) and, while a Claude Code response
/// is open in it, its own translation state; a file that starts over (truncated) starts both again.
extension InputReader {
    /// What the reader keeps per followed file between reads. Small: a translation is kept only
    /// while a response is open.
    struct FollowedFileState {
        var format: SourceFormat?
        var translation: TranslationState?
        /// What earlier lines said (`SourceContext`) outlives each read; the rest of a translation
        /// only while a response is open.
        var context = SourceContext()
        var position: FollowPosition
    }

    /// Follows `directory` until a stop is asked for. Returns the error that stopped it, if any.
    func follow(_ directory: String) -> IngestError? {
        let follower: DirectoryFollower
        do {
            follower = try DirectoryFollower(
                directory: directory, lineBytesMax: settings.lineBytesMax, pollIntervalMs: settings.followPollMs,
                rescanIntervalMs: max(1000, settings.followPollMs * 4), resumeFrom: settings.followFrom,
                startAtEnd: settings.followStartAtEnd, shouldStop: shouldStop)
        } catch {
            return error
        }
        // Files that do not start at 0 (skipped to their end, or resumed, perhaps under a new name)
        // are recorded at once: a snapshot taken before they grow still holds their place.
        for position in follower.positions where position.offset > 0 {
            followedFile = position
            decodedOffset = position.offset
            let marker = acquireChunk()
            marker.origin.followResumed = true
            deliver(marker)
        }
        followedFile = nil
        var files: [Int: FollowedFileState] = [:]
        defer {
            // The open responses are written out: a stop is an end of input for them.
            for key in files.keys { flushResponse(of: key, in: &files) }
            followedFile = nil
            followUnreadablePaths = follower.unreadablePaths
        }
        while !shouldStop() {
            for path in follower.newlyUnreadable {  // usually empty
                settings.notice?("cannot read \(path) (permission denied): skipped, and tried again at each rescan of the directory")
            }
            follower.newlyUnreadable.removeAll()
            let chunk = acquireChunk()
            let read: FollowRead?
            do {
                read = try follower.next(into: chunk.freeSpace, waitMsMax: Int(settings.idleFlushMs))
            } catch {
                freeChunks.push(chunk)
                return error
            }
            guard let read else {
                freeChunks.push(chunk)
                idle(&files)
                continue
            }
            hand(read, chunk, &files)
        }
        return nil
    }

    /// Hands on one read: a dropped long line's marker first, then the lines.
    private func hand(_ read: FollowRead, _ chunk: InputChunk, _ files: inout [Int: FollowedFileState]) {
        if read.startedOver {
            flushResponse(of: read.fileKey, in: &files)
            files[read.fileKey] = nil
        }
        var state = files[read.fileKey] ?? FollowedFileState(position: read.position)
        if files[read.fileKey] == nil { state.context.startedInside = read.start > 0 }
        state.position = read.position
        // The file's own format and translation take the place of the reader's per-input ones.
        if let format = state.format { statuses[statuses.count - 1].format = format }
        formatDecided = state.format != nil
        translation = state.translation
            ?? state.format.flatMap { makeTranslation($0, startOffset: read.start - read.droppedLongLineBytes) }
        translation?.context = state.context
        followedFile = read.position
        followStartingOver = read.startedOver
        if read.droppedLongLines > 0 {
            decodedOffset = read.start
            let marker = acquireChunk()
            marker.droppedLongLines = 1
            marker.droppedLongLineBytes = read.droppedLongLineBytes
            send(marker)
        }
        chunk.count = read.byteCount
        chunk.documentSourceBytes = read.documentBytes
        decodedOffset = read.position.offset
        if chunk.count > 0 { send(chunk) } else { freeChunks.push(chunk) }
        if state.format == nil, formatDecided { state.format = statuses[statuses.count - 1].format }
        if let translation { state.context = translation.context }
        state.translation = translation?.response != nil ? translation : nil
        files[read.fileKey] = state
        translation = nil
        followedFile = nil
    }

    /// Nothing new for a while: responses quiet for `responseIdleNs` are written out, and an empty
    /// chunk goes on so that periodic snapshots are still cut.
    private func idle(_ files: inout [Int: FollowedFileState]) {
        let now = SystemClock.monotonicNs()
        for (key, state) in files {
            if let t = state.translation, now - t.lastLineNs >= TranslationState.responseIdleNs {
                flushResponse(of: key, in: &files)
            }
        }
        deliver(acquireChunk())
    }

    /// Writes out the open response of file `key`, stamped with that file's position.
    private func flushResponse(of key: Int, in files: inout [Int: FollowedFileState]) {
        guard let state = files[key], let t = state.translation else { return }
        translation = t
        followedFile = state.position
        flushOpenResponse()
        translation = nil
        followedFile = nil
        files[key]?.translation = nil
    }
}
