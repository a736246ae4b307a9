#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore
import TallyEvents

/// Reading one file: complete lines into the caller's buffer, long lines skipped, the fingerprint.
extension DirectoryFollower {
    /// Reads what `file` has to hand out; nil when that turned out to be nothing yet (a line still
    /// unfinished, a long line still being skipped, a file that cannot be opened now).
    func read(_ file: FollowedFile, into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> FollowRead? {
        guard ensureOpen(file) else { return nil }
        tick += 1
        file.lastActive = tick
        if file.readsWhole {
            let read = try readWhole(file, into: buffer)
            if file.readsWhole { return read }  // else not one document: read on line by line
        }
        if file.finalizeDue { return try finalize(file, into: buffer) }
        let base = buffer.baseAddress!
        var dropped: (lines: Int, bytes: Int) = (0, 0)
        reading: while true {
            if file.discarding {
                guard let bytes = try skipLongLine(file, buffer) else { break }
                dropped = (1, bytes)
            }
            guard file.size > file.scanned else { break }  // nothing after the held-back bytes
            let start = file.offset
            let wanted = min(buffer.count, file.size - start)
            let count = try readAt(file, base, wanted, at: start)
            if count < wanted { file.size = start + count }  // shrunk: the next poll looks at it
            let (good, stop) = scanLines(UnsafeRawBufferPointer(start: base, count: count))
            if good > 0 {
                // Complete lines within the limit: hand them out. A long line after them is
                // handled by the next read, which starts with it.
                file.offset = start + good
                if case .longLine = stop { file.scanned = file.offset } else { file.scanned = start + count }
                return made(file, start: start, byteCount: good, dropped: dropped)
            }
            switch stop {
            case .end:  // an unfinished line within the limit (or nothing): held back, not consumed
                file.scanned = start + count
            case .longLine(let length):  // whole in the buffer: dropped here
                guard dropped.lines == 0 else { break reading }  // one drop per read: this one comes next
                dropped = (1, length)
                file.offset = start + length
                file.scanned = file.offset
                continue reading
            case .unfinishedLongLine:  // skipped as the rest of it arrives
                file.discarding = true
                file.scanned = start + count
                if dropped.lines == 0 { continue reading }
            }
            break reading
        }
        return dropped.lines > 0 ? made(file, start: file.offset, byteCount: 0, dropped: dropped) : nil
    }

    enum LineScanStop: Equatable {
        /// The bytes ran out: nothing after the complete lines, or an unfinished line within the limit.
        case end
        /// A line longer than the limit, whole, `length` bytes with its newline.
        case longLine(length: Int)
        /// An unfinished line already longer than the limit.
        case unfinishedLongLine
    }

    /// How many bytes from the start of `bytes` are complete lines within the limit, and what follows them.
    private func scanLines(_ bytes: UnsafeRawBufferPointer) -> (good: Int, stop: LineScanStop) {
        guard let base = bytes.baseAddress else { return (0, .end) }
        var lineStart = 0
        while lineStart < bytes.count {
            // memchr over the rest of the bytes read: the end of the next line.
            guard let hit = memchr(base + lineStart, 0x0A, bytes.count - lineStart) else {
                return (lineStart, bytes.count - lineStart > lineBytesMax ? .unfinishedLongLine : .end)
            }
            let newline = UnsafeRawPointer(hit) - base
            if newline - lineStart > lineBytesMax { return (lineStart, .longLine(length: newline + 1 - lineStart)) }
            lineStart = newline + 1
        }
        return (lineStart, .end)
    }

    /// A rotated-away or deleted file, drained and quiet: hands out its unterminated last line with
    /// a newline appended (it will never be finished), or reports it dropped if too long, and
    /// forgets the file.
    private func finalize(_ file: FollowedFile, into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> FollowRead? {
        defer { forget(file) }
        let start = file.offset
        let pending = file.size - start
        guard pending > 0 else { return nil }
        file.offset = file.size
        if file.discarding || pending > lineBytesMax {
            return made(file, start: file.size, byteCount: 0, dropped: (1, pending))
        }
        let count = try readAt(file, buffer.baseAddress!, pending, at: start)
        guard count == pending else { return nil }  // shrank meanwhile; nothing sound to hand out
        buffer[count] = 0x0A  // room is guaranteed: buffer.count > lineBytesMax >= pending
        return made(file, start: start, byteCount: count + 1, dropped: (0, 0))
    }

    /// Scans on through a long line for its newline, using `buffer` as scratch. Returns the whole
    /// dropped line's length (with the newline) once found, and consumes it.
    private func skipLongLine(_ file: FollowedFile, _ buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int? {
        var budget = Self.skipBytesPerRead
        while file.scanned < file.size, budget > 0 {
            let wanted = min(buffer.count, file.size - file.scanned)
            let count = try readAt(file, buffer.baseAddress!, wanted, at: file.scanned)
            if count == 0 {
                file.size = file.scanned
                return nil
            }
            // memchr: the first newline among the bytes just read.
            if let hit = memchr(buffer.baseAddress!, 0x0A, count) {
                let end = file.scanned + (UnsafeRawPointer(hit) - UnsafeRawPointer(buffer.baseAddress!)) + 1
                let bytes = end - file.offset
                file.offset = end
                file.scanned = end
                file.discarding = false
                return bytes
            }
            file.scanned += count
            budget -= count
        }
        return nil
    }

    func made(_ file: FollowedFile, start: Int, byteCount: Int, dropped: (lines: Int, bytes: Int)) -> FollowRead {
        let startedOver = file.startedOverPending
        file.startedOverPending = false
        return FollowRead(
            path: file.path, fileKey: file.key, byteCount: byteCount, startedOver: startedOver, start: start,
            droppedLongLines: dropped.lines, droppedLongLineBytes: dropped.bytes, position: file.position)
    }

    /// Opens a file closed while idle, by path, after making room. Another file now at the path
    /// means this one was rotated away while closed: it is forgotten and the tree walked again.
    func ensureOpen(_ file: FollowedFile) -> Bool {
        if file.fd >= 0 { return true }
        if openCount >= openFilesMax, !closeLeastRecentlyActive(except: file) { return false }
        let fd = Self.openForReading(file.path)
        if fd < 0 {
            switch errno {
            case EACCES, EPERM:
                markUnreadable(file.id, file.path)
                forget(file)
            case EMFILE, ENFILE, ENOMEM, EINTR:
                break  // try again on a later call
            default:
                forget(file)  // gone (ENOENT), or a link or something else there now
                nextRescanNs = 0
            }
            return false
        }
        var info = stat()
        guard fstat(fd, &info) == 0, Self.isRegularFile(info), FileIdentity(info) == file.id else {
            close(fd)
            forget(file)
            nextRescanNs = 0
            return false
        }
        file.fd = fd
        openCount += 1
        file.modifiedNs = Self.modificationNs(info)
        // It may have been truncated or rewritten while closed: check the fingerprint.
        observe(file, size: Int(info.st_size), verify: true)
        return true
    }

    /// Checks the file's first bytes against its fingerprint, then extends the fingerprint to cover
    /// `min(size, 1024)` bytes. False when they differ (or the file is now shorter than what was
    /// covered). A read error proves nothing: true, and the fingerprint is left as it was.
    func fingerprintHolds(_ file: FollowedFile, size: Int) -> Bool {
        let wanted = min(size, Self.fingerprintBytesMax)
        if wanted < file.fingerprintBytes { return false }
        let count = RegularFile.readFully(file.fd, scratch.baseAddress!, wanted, at: 0)
        guard count >= 0 else { return true }
        if count < file.fingerprintBytes { return false }
        let head = FNV1a.hash(UnsafeRawBufferPointer(rebasing: scratch[0..<file.fingerprintBytes]))
        if head != file.fingerprint { return false }
        if count > file.fingerprintBytes {
            file.fingerprint = FNV1a.hash(
                UnsafeRawBufferPointer(rebasing: scratch[file.fingerprintBytes..<count]), continuing: head)
            file.fingerprintBytes = count
        }
        return true
    }

    /// `pread` of `count` bytes at `offset` into `base`, continued across short reads; fewer only at
    /// the end of the file. Throws on a read error.
    private func readAt(_ file: FollowedFile, _ base: UnsafeMutableRawPointer, _ count: Int, at offset: Int) throws(IngestError) -> Int {
        let got = RegularFile.readFully(file.fd, base, count, at: offset)
        if got < 0 { throw IngestError(.readFailed(errno: errno, offset: offset), input: file.path) }
        return got
    }
}
