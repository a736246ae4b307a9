#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore
import TallyEvents

/// The reader stage: reads each input with `read(2)`, decompresses zstd when the first bytes say so,
/// and cuts the decoded stream into line-aligned chunks for the parsers. Runs on its own thread;
/// independent zstd frames are decoded on a `FrameDecodePool` (see `InputReader+Zstd.swift`).
///
/// Bounded memory: a line longer than `lineBytesMax` is never buffered whole; its bytes are dropped
/// as they arrive and one rejected line is reported in their place.
/// Sendable only to be moved onto its thread; one thread uses it.
final class InputReader: @unchecked Sendable {
    struct Settings {
        var chunkBytes: Int
        var lineBytesMax: Int
        /// Threads that decode independent zstd frames; 0 decodes every frame on the reader thread.
        var decodeThreads = 0
        /// Frames that decode to more than this are streamed on the reader thread instead.
        var frameBytesMax = 32 << 20
        /// What to skip of each input before counting (a resumed run's positions, `--skip-lines`);
        /// empty means nothing.
        var skips: [InputSkip] = []
        /// Each input's format when known before reading (a resumed input read in part); nil, or
        /// no entry, means `sources.format` decides.
        var formats: [SourceFormat?] = []
        /// How long to wait for more data on a pipe before passing on what has arrived (live use).
        var idleFlushMs: Int32 = 100
        /// Each input's format (`--source`), and what translated formats need.
        var sources = SourceSettings()
        /// `--follow`: where a resumed run's files were, whether files found at the start are read
        /// from their end, and how often files are looked at.
        var followFrom: [FollowPosition] = []
        var followStartAtEnd = false
        var followPollMs = 250
        /// A Kafka input's partition positions in the snapshot a run resumes from.
        var kafkaFrom: [KafkaPosition] = []
        /// Called on the reader thread with something the user should know at once (a followed file
        /// that cannot be read).
        var notice: (@Sendable (String) -> Void)?
    }

    /// What the reader learned about one input, for the snapshot's input position.
    struct SourceStatus: Sendable {
        var sizeBytes: Int?
        var compressed = false
        var format: SourceFormat?
    }

    let inputs: [InputSpec]
    let settings: Settings
    let freeChunks: BlockingQueue<InputChunk>
    private let fullChunks: BlockingQueue<InputChunk>
    let shouldStop: () -> Bool

    private var sequence = 0
    var chunk: InputChunk!
    /// Decoded bytes handed on for the current input.
    var decodedOffset = 0
    /// Each Kafka partition's end as last seen, stamped on the chunks passed on (consume(_:)).
    var kafkaHighWatermarks: [Int32: Int64] = [:]
    private(set) var sourceIndex = 0
    private var discardingLongLine = false
    private var discardedBytes = 0
    /// What is still to be dropped from the start of the current input.
    var skipBytesRemaining = 0
    private var skipLinesRemaining = 0
    var statuses: [SourceStatus] = []
    /// Whether the current input's format is known yet, and its translation (nil for schema v1).
    var formatDecided = false
    var translation: TranslationState?
    /// The followed file being handed on (`--follow`); `deliver` stamps its position on each chunk.
    var followedFile: FollowPosition?
    /// The next chunk delivered for it starts the file over (it was truncated).
    var followStartingOver = false
    /// Frames decoded whole on the frame pool (the rest were streamed on this thread).
    var framesDecodedInParallel = 0
    /// `--follow`: the files that could not be read when following stopped, sorted.
    var followUnreadablePaths: [String] = []

    /// Bytes asked of one `read(2)`.
    static let readBytes = 1 << 20

    init(
        inputs: [InputSpec], settings: Settings, freeChunks: BlockingQueue<InputChunk>,
        fullChunks: BlockingQueue<InputChunk>, shouldStop: @escaping () -> Bool
    ) {
        self.inputs = inputs
        self.settings = settings
        self.freeChunks = freeChunks
        self.fullChunks = fullChunks
        self.shouldStop = shouldStop
    }

    /// Reads every input in order, then sends the final (empty) chunk. Returns the error that stopped
    /// it early, if any; everything decoded before the error has been passed on.
    func run() -> IngestError? {
        defer {
            let last = acquireChunk()
            last.origin.isFinal = true
            send(last)
        }
        // Frame decoding threads live for the whole run; none for `decodeThreads == 0`.
        let pool = settings.decodeThreads > 0
            ? FrameDecodePool(threadCount: settings.decodeThreads, decodedBytesMax: settings.frameBytesMax) : nil
        defer { pool?.shutDown() }
        for (index, input) in inputs.enumerated() {
            if shouldStop() { return nil }
            sourceIndex = index
            decodedOffset = 0
            discardingLongLine = false
            discardedBytes = 0
            statuses.append(SourceStatus())
            formatDecided = false
            translation = nil
            skipBytesRemaining = 0
            skipLinesRemaining = 0
            switch index < settings.skips.count ? settings.skips[index] : .none {
            case .none: break
            case .whole: continue  // counted in full by the run this one resumes
            case .decodedBytes(let n): skipBytesRemaining = n
            case .lines(let n): skipLinesRemaining = n
            }
            if case .follow(let directory) = input {
                if let error = follow(directory) { return error }
            } else if case .kafka(let source) = input {
                if let error = consume(source) { return error }
            } else if let error = read(input, pool) {
                return error
            }
        }
        return nil
    }

    private func read(_ input: InputSpec, _ pool: FrameDecodePool?) -> IngestError? {
        let fd: Int32
        switch input {
        case .standardInput:
            fd = STDIN_FILENO
        case .file(let path):
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { return IngestError(.cannotOpen(errno: errno), input: path) }
        case .follow, .kafka:
            preconditionFailure("a followed directory or a Kafka topic is read by follow(_:) or consume(_:)")
        }
        defer { if fd != STDIN_FILENO { close(fd) } }

        var info = stat()
        let isRegular = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        if isRegular { statuses[statuses.count - 1].sizeBytes = Int(info.st_size) }

        chunk = acquireChunk()
        if case .file(let path) = input, isRegular, JSONDocumentFile.isDocumentName(path), skipLinesRemaining == 0 {
            switch readDocument(fd, sizeBytes: Int(info.st_size), input) {
            case .success(true): return nil
            case .success(false): break
            case .failure(let error): return error
            }
        }
        var readAhead = ReadAhead(capacity: Self.readBytes)
        var source = Source(fd: fd, input: input, isRegular: isRegular)
        // Sniff exactly the 4 magic bytes: a zstd magic number decides, never the file name.
        while readAhead.available.count < 4, !readAhead.inputEnded, !shouldStop() {
            if let error = fill(&readAhead, &source, atMost: 4 - readAhead.available.count, idle: flushIdle) {
                return error
            }
        }
        let compressed = ZstdFormat.isZstd(readAhead.available)
        statuses[statuses.count - 1].compressed = compressed

        if compressed {
            if let error = readCompressed(&readAhead, &source, pool) { return error }
        } else {
            // Plain NDJSON: the sniffed bytes are the first data.
            let sniffed = readAhead.available
            chunk.freeSpace.copyMemory(from: sniffed)
            accepted(sniffed.count)
            // A file can be skipped into without reading what a resumed run already counted.
            if skipBytesRemaining > 0, isRegular, lseek(fd, off_t(skipBytesRemaining), SEEK_CUR) >= 0 {
                decodedOffset += skipBytesRemaining
                source.bytesRead += skipBytesRemaining
                skipBytesRemaining = 0
            }
            if !sniffed.isEmpty {
                while !shouldStop() {
                    if !isRegular, !waitReadable(fd) {
                        flushIdle()
                        continue
                    }
                    let space = chunk.freeSpace
                    let n = readSome(fd, space.baseAddress!, space.count)
                    if n < 0 { return failed(.readFailed(errno: errno, offset: source.bytesRead), input) }
                    if n == 0 { break }
                    source.bytesRead += n
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

    /// The input being read: its descriptor and how much of it has been read.
    struct Source {
        let fd: Int32
        let input: InputSpec
        let isRegular: Bool
        var bytesRead = 0
    }

    /// Reads up to `atMost` more bytes into `readAhead` (sets `inputEnded` at end of input). On a pipe
    /// that stays quiet for the idle-flush time it calls `idle` instead and returns, so that the
    /// caller can look at its stop condition again.
    func fill(
        _ readAhead: inout ReadAhead, _ source: inout Source, atMost: Int = readBytes, idle: () -> Void
    ) -> IngestError? {
        if !source.isRegular, !waitReadable(source.fd) {
            idle()
            return nil
        }
        let space = readAhead.space(atLeast: atMost)
        let n = readSome(source.fd, space.baseAddress!, atMost)
        if n < 0 { return failed(.readFailed(errno: errno, offset: source.bytesRead), source.input) }
        if n == 0 { readAhead.inputEnded = true }
        readAhead.appended(n)
        source.bytesRead += n
        return nil
    }

    /// Passes on the complete lines decoded before a failure, then reports it.
    func failed(_ kind: IngestError.Kind, _ input: InputSpec) -> IngestError {
        emitCompleteLines()
        return IngestError(kind, input: input.description)
    }

    // MARK: Chunking

    /// `n` new bytes were written at the end of the current chunk.
    func accepted(_ n: Int) {
        var n = n
        if skipBytesRemaining > 0 || skipLinesRemaining > 0 { n = dropSkipped(n) }
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

    /// Drops what is still to be skipped from the `n` bytes just written at the chunk's end; returns
    /// how many remain. Skipping happens at the start of an input, before any line is passed on, and
    /// the skipped bytes still count in the input's position.
    private func dropSkipped(_ n: Int) -> Int {
        let start = chunk.bytes + chunk.count
        var drop = min(n, skipBytesRemaining)
        skipBytesRemaining -= drop
        while skipLinesRemaining > 0, drop < n {
            guard let newline = memchr(start + drop, 0x0A, n - drop) else {
                drop = n
                break
            }
            drop = UnsafeMutableRawPointer(start).distance(to: newline) + 1
            skipLinesRemaining -= 1
        }
        memmove(start, start + drop, n - drop)
        decodedOffset += drop
        return n - drop
    }

    /// Sends the chunk up to its last newline and carries the partial line into a fresh chunk.
    func emitCompleteLines() {
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
        chunk.origin.endsSource = true
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
    func flushIdle() {
        let before = sequence
        emitCompleteLines()
        if sequence == before {
            // An empty chunk: it carries no lines, only the chance to cut a periodic snapshot.
            send(acquireChunk())
        }
    }

    func acquireChunk() -> InputChunk {
        let c = freeChunks.pop()!
        c.reset()
        return c
    }

    /// Hands `c` on: as it is for schema v1, translated for other formats. The format is decided
    /// from the input's first chunk with data.
    func send(_ c: InputChunk) {
        if !formatDecided {
            // A heartbeat or a dropped long line says nothing about the format; the input's end does.
            guard c.count > 0 || c.origin.endsSource, !c.origin.isFinal else { return deliver(c) }
            decideFormat(c)
        }
        guard let translation, !c.origin.isFinal else { return deliver(c) }
        translate(c, translation)
    }

    /// Queues `c` for the parsers, stamped with its place in the input.
    func deliver(_ c: InputChunk) {
        c.sequence = sequence
        c.origin.sourceIndex = sourceIndex
        if !c.isTranslated { c.origin.decodedOffsetEnd = decodedOffset }
        if var position = followedFile {
            position.offset = c.origin.decodedOffsetEnd
            c.origin.follow = position
            c.origin.followStartedOver = followStartingOver
            followStartingOver = false
        }
        if let status = statuses.last {
            c.origin.sizeBytes = status.sizeBytes
            c.origin.compressed = status.compressed
            c.origin.format = status.format
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
    func waitReadable(_ fd: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, settings.idleFlushMs) > 0
    }
}
