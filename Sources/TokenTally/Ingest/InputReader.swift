#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reader stage: reads each input with `read(2)`, decompresses zstd when the first bytes say so,
/// and cuts the decoded stream into line-aligned chunks for the parsers. Runs on its own thread.
///
/// Bounded memory: a line longer than `lineBytesMax` is never buffered whole; its bytes are dropped
/// as they arrive and one rejected line is reported in their place.
/// Sendable only to be moved onto its thread; one thread uses it.
final class InputReader: @unchecked Sendable {
    struct Settings {
        var chunkBytes: Int
        var lineBytesMax: Int
        /// How long to wait for more data on a pipe before passing on what has arrived (live use).
        var idleFlushMs: Int32 = 100
    }

    /// What the reader learned about one input, for the snapshot's input position.
    struct SourceStatus: Sendable {
        var sizeBytes: Int?
        var compressed = false
    }

    private let inputs: [InputSpec]
    private let settings: Settings
    private let freeChunks: BlockingQueue<InputChunk>
    private let fullChunks: BlockingQueue<InputChunk>
    private let shouldStop: () -> Bool

    private var sequence = 0
    private var chunk: InputChunk!
    /// Decoded bytes handed on for the current input.
    private var decodedOffset = 0
    private var sourceIndex = 0
    private var discardingLongLine = false
    private var discardedBytes = 0
    private var statuses: [SourceStatus] = []

    private let rawCapacity = 1 << 20
    private let raw: UnsafeMutableRawPointer

    init(
        inputs: [InputSpec], settings: Settings, freeChunks: BlockingQueue<InputChunk>,
        fullChunks: BlockingQueue<InputChunk>, shouldStop: @escaping () -> Bool
    ) {
        self.inputs = inputs
        self.settings = settings
        self.freeChunks = freeChunks
        self.fullChunks = fullChunks
        self.shouldStop = shouldStop
        raw = .allocate(byteCount: rawCapacity, alignment: 16)
    }

    deinit { raw.deallocate() }

    /// Reads every input in order, then sends the final (empty) chunk. Returns the error that stopped
    /// it early, if any; everything decoded before the error has been passed on.
    func run() -> IngestError? {
        defer {
            let last = acquireChunk()
            last.isFinal = true
            send(last)
        }
        for (index, input) in inputs.enumerated() {
            if shouldStop() { return nil }
            sourceIndex = index
            decodedOffset = 0
            discardingLongLine = false
            discardedBytes = 0
            statuses.append(SourceStatus())
            if let error = read(input) { return error }
        }
        return nil
    }

    private func read(_ input: InputSpec) -> IngestError? {
        let fd: Int32
        switch input {
        case .standardInput:
            fd = STDIN_FILENO
        case .file(let path):
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { return IngestError(.cannotOpen(errno: errno), input: path) }
        }
        defer { if fd != STDIN_FILENO { close(fd) } }

        var info = stat()
        let isRegular = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        if isRegular { statuses[statuses.count - 1].sizeBytes = Int(info.st_size) }

        chunk = acquireChunk()
        // Sniff the first bytes into `raw`: a zstd magic number decides, never the file name.
        var rawCount = 0
        var rawOffset = 0  // bytes of the input read so far
        while rawCount < 4 {
            // Exactly the 4 magic bytes: they are copied into a chunk, which may be small.
            let n = readSome(fd, raw + rawCount, 4 - rawCount)
            if n < 0 { return IngestError(.readFailed(errno: errno, offset: rawCount), input: input.description) }
            if n == 0 { break }
            rawCount += n
        }
        rawOffset = rawCount
        let compressed = ZstdFormat.isZstd(UnsafeRawBufferPointer(start: raw, count: rawCount))
        statuses[statuses.count - 1].compressed = compressed

        if compressed {
            let decoder: ZstdDecoder
            do { decoder = try ZstdDecoder() } catch { return IngestError(.corruptCompressedInput(error), input: input.description) }
            var rawStart = 0
            var inputEnded = false
            while true {
                if shouldStop() { break }
                if rawStart == rawCount, !inputEnded {
                    if !isRegular, !waitReadable(fd) {
                        flushIdle()
                        continue
                    }
                    let n = readSome(fd, raw, rawCapacity)
                    if n < 0 { return failed(.readFailed(errno: errno, offset: rawOffset), input) }
                    if n == 0 { inputEnded = true }
                    rawStart = 0
                    rawCount = n
                    rawOffset += n
                }
                let produced: Int
                do {
                    let result = try decoder.decompress(
                        UnsafeRawBufferPointer(start: raw + rawStart, count: rawCount - rawStart),
                        into: chunk.freeSpace)
                    rawStart += result.consumed
                    produced = result.produced
                } catch {
                    return failed(.corruptCompressedInput(error), input)
                }
                accepted(produced)
                // Done when the input has ended and the decoder has nothing left to give.
                if inputEnded, rawStart == rawCount, produced == 0 { break }
            }
            if !shouldStop() {
                do { try decoder.finish() } catch {
                    return failed(.corruptCompressedInput(error), input)
                }
            }
        } else {
            // Plain NDJSON: the sniffed bytes are the first data.
            chunk.freeSpace.baseAddress!.copyMemory(from: raw, byteCount: rawCount)
            accepted(rawCount)
            if rawCount > 0 {
                while !shouldStop() {
                    if !isRegular, !waitReadable(fd) {
                        flushIdle()
                        continue
                    }
                    let space = chunk.freeSpace
                    let n = readSome(fd, space.baseAddress!, space.count)
                    if n < 0 { return failed(.readFailed(errno: errno, offset: rawOffset), input) }
                    if n == 0 { break }
                    rawOffset += n
                    accepted(n)
                }
            }
        }
        if shouldStop() {
            emitCompleteLines()
        } else {
            emitAll()
        }
        return nil
    }

    /// Passes on the complete lines decoded before a failure, then reports it.
    private func failed(_ kind: IngestError.Kind, _ input: InputSpec) -> IngestError {
        emitCompleteLines()
        return IngestError(kind, input: input.description)
    }

    // MARK: Chunking

    /// `n` new bytes were written at the end of the current chunk.
    private func accepted(_ n: Int) {
        guard n > 0 else { return }
        let newStart = chunk.count
        chunk.count += n
        if discardingLongLine {
            // Drop bytes up to and including the newline that ends the long line.
            let region = UnsafeRawPointer(chunk.bytes + newStart)
            if let newline = memchr(region, 0x0A, n) {
                let consumed = region.distance(to: UnsafeRawPointer(newline)) + 1
                discardedBytes += consumed
                let rest = n - consumed
                memmove(chunk.bytes, chunk.bytes + newStart + consumed, rest)
                chunk.count = rest
                sendDroppedLongLine()
            } else {
                discardedBytes += n
                chunk.count = 0
                return
            }
        }
        if chunk.count >= settings.chunkBytes || chunk.capacity - chunk.count == 0 {
            emitCompleteLines()
        }
    }

    /// Sends the chunk up to its last newline and carries the partial line into a fresh chunk.
    private func emitCompleteLines() {
        guard chunk.count > 0 else { return }
        guard let newline = Self.lastNewline(chunk.bytes, chunk.count) else {
            if chunk.count > settings.lineBytesMax {
                // A line longer than the limit: drop what is buffered and the rest as it arrives.
                discardingLongLine = true
                discardedBytes = chunk.count
                chunk.count = 0
            }
            return
        }
        let keep = newline + 1
        let next = acquireChunk()
        let rest = chunk.count - keep
        next.bytes.update(from: chunk.bytes + keep, count: rest)
        next.count = rest
        chunk.count = keep
        decodedOffset += keep
        send(chunk)
        chunk = next
        if rest > settings.lineBytesMax {
            discardingLongLine = true
            discardedBytes = rest
            chunk.count = 0
        }
    }

    /// Index of the last `\n` in `bytes[0..<count]`. The partial line after it is short compared with
    /// a chunk, so a backward byte scan costs little.
    private static func lastNewline(_ bytes: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int? {
        var i = count - 1
        while i >= 0 {
            if bytes[i] == 0x0A { return i }
            i -= 1
        }
        return nil
    }

    /// End of an input: what remains is the last line, with or without its newline.
    private func emitAll() {
        if discardingLongLine {
            sendDroppedLongLine()
        }
        emitCompleteLines()
        decodedOffset += chunk.count
        chunk.endsSource = true
        send(chunk)
        chunk = nil
    }

    private func sendDroppedLongLine() {
        discardingLongLine = false
        let marker = acquireChunk()
        marker.droppedLongLines = 1
        marker.droppedLongLineBytes = discardedBytes
        decodedOffset += discardedBytes
        discardedBytes = 0
        send(marker)
    }

    /// A pipe went quiet: pass on complete lines now, or a heartbeat so time still advances.
    private func flushIdle() {
        let before = sequence
        emitCompleteLines()
        if sequence == before {
            // An empty chunk: it carries no lines, only the chance to cut a periodic snapshot.
            send(acquireChunk())
        }
    }

    private func acquireChunk() -> InputChunk {
        let c = freeChunks.pop()!
        c.reset()
        return c
    }

    private func send(_ c: InputChunk) {
        c.sequence = sequence
        c.sourceIndex = sourceIndex
        c.sourceDecodedOffsetEnd = decodedOffset
        if let status = statuses.last {
            c.sourceSizeBytes = status.sizeBytes
            c.sourceCompressed = status.compressed
        }
        sequence += 1
        fullChunks.push(c)
    }

    // MARK: System calls

    /// `read(2)`, retried on EINTR. Returns -1 with `errno` set on failure.
    private func readSome(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n >= 0 { return n }
            if errno == EINTR {
                if shouldStop() { return 0 }
                continue
            }
            return -1
        }
    }

    /// Waits up to the idle-flush time for data; false on timeout (or a signal).
    private func waitReadable(_ fd: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, settings.idleFlushMs) > 0
    }
}
