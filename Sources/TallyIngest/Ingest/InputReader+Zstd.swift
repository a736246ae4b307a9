import TallyCore

/// The zstd side of the reader. Two ways to decode:
///
/// - **Streaming** on the reader thread (`ZstdDecoder`), for frames whose end cannot be found
///   within a bounded look-ahead: one huge frame, a frame of unknown size on a pipe (live data must
///   not wait for a frame to end), and anything damaged, so that errors are reported at the byte
///   where they happen, after every line decoded before them has been passed on.
/// - **Whole frames in parallel** on a `FrameDecodePool`, for inputs made of many independent
///   frames: the reader finds each frame's end from its block headers, hands the frame to a pool
///   thread, and copies the decoded frames into chunks in input order.
///
/// Both give the same decoded byte stream, so the chunks, and everything counted from them, do not
/// depend on which way a frame was decoded.
extension InputReader {
    /// Look-ahead for a frame whose header does not record its decoded size: a longer frame is
    /// streamed instead of buffered.
    static let unknownSizeFrameLookAheadBytes = 8 << 20

    func readCompressed(_ readAhead: inout ReadAhead, _ source: inout Source, _ pool: FrameDecodePool?) -> IngestError? {
        let decoder: ZstdDecoder
        do { decoder = try ZstdDecoder() } catch { return failed(.corruptCompressedInput(error), source.input) }
        guard let pool else { return stream(decoder, &readAhead, &source, oneFrame: false) }
        defer {
            // After an error or a stop, drop frames still in flight: nothing after them is passed on.
            while let job = pool.takeOldest() { pool.recycle(job) }
        }

        while !shouldStop() {
            // Hand on the frames that are ready, in order, waiting only to make room for the next.
            if let error = deliverInFlight(pool, decoder, source.input, onlyReady: true) { return error }
            if readAhead.isEmpty, readAhead.inputEnded { break }

            let bytes = readAhead.available
            switch ZstdFrameHead.inspect(bytes, inputEnded: readAhead.inputEnded) {
            case .needMoreBytes:
                if let error = fillDelivering(&readAhead, &source, pool, decoder) { return error }

            case .skippable(let totalBytes):
                if let error = skip(totalBytes, &readAhead, &source, pool, decoder) { return error }

            case .frame(let contentBytes):
                let lookAheadBytes: Int
                if let contentBytes {
                    guard contentBytes <= pool.decodedBytesMax else {
                        if let error = streamOneFrame(decoder, &readAhead, &source, pool) { return error }
                        continue
                    }
                    lookAheadBytes = ZstdFrameHead.compressedBytesBound(contentBytes: contentBytes)
                } else {
                    guard source.isRegular else {
                        if let error = streamOneFrame(decoder, &readAhead, &source, pool) { return error }
                        continue
                    }
                    lookAheadBytes = Self.unknownSizeFrameLookAheadBytes
                }
                if let frameBytes = ZstdFrameHead.compressedSize(bytes) {
                    pool.submit(
                        UnsafeRawBufferPointer(rebasing: bytes[..<frameBytes]), inputOffset: readAhead.inputOffset,
                        contentBytes: contentBytes)
                    readAhead.consume(frameBytes)
                } else if bytes.count >= lookAheadBytes || readAhead.inputEnded {
                    // Too long to hold, or cut short or damaged: the streaming decoder says which.
                    if let error = streamOneFrame(decoder, &readAhead, &source, pool) { return error }
                } else if let error = fillDelivering(&readAhead, &source, pool, decoder) {
                    return error
                }

            case .invalid:
                if let error = streamOneFrame(decoder, &readAhead, &source, pool) { return error }
            }
        }
        return shouldStop() ? nil : deliverInFlight(pool, decoder, source.input)
    }

    /// Hands on the frames in flight, oldest first, until the first that fails. With `onlyReady`,
    /// stops at the first frame still being decoded, unless the pool is full.
    private func deliverInFlight(
        _ pool: FrameDecodePool, _ decoder: ZstdDecoder, _ input: InputSpec, onlyReady: Bool = false
    ) -> IngestError? {
        while let job = pool.takeOldest(wait: !onlyReady || pool.isFull) {
            defer { pool.recycle(job) }
            if let error = deliver(job, decoder, input) { return error }
        }
        return nil
    }

    /// Reads more; on a quiet pipe first hands on every frame in flight, so live data is not held.
    private func fillDelivering(
        _ readAhead: inout ReadAhead, _ source: inout Source, _ pool: FrameDecodePool, _ decoder: ZstdDecoder
    ) -> IngestError? {
        var deliveryError: IngestError?
        let input = source.input
        let error = fill(&readAhead, &source) {
            deliveryError = deliverInFlight(pool, decoder, input)
            if deliveryError == nil { flushIdle() }
        }
        if let error { return afterFramesInFlight(error, pool, decoder, input) }
        return deliveryError
    }

    /// An error found past the frames in flight (a read error, a cut skippable frame): those frames
    /// come first in the input, so they are handed on before it is reported (or fail first).
    private func afterFramesInFlight(
        _ error: IngestError, _ pool: FrameDecodePool, _ decoder: ZstdDecoder, _ input: InputSpec
    ) -> IngestError {
        if let earlier = deliverInFlight(pool, decoder, input) { return earlier }
        emitCompleteLines()
        return error
    }

    /// Skips a skippable frame without buffering it.
    private func skip(
        _ totalBytes: Int, _ readAhead: inout ReadAhead, _ source: inout Source, _ pool: FrameDecodePool,
        _ decoder: ZstdDecoder
    ) -> IngestError? {
        var remaining = totalBytes
        while remaining > 0, !shouldStop() {
            if readAhead.isEmpty {
                if readAhead.inputEnded {
                    let error = IngestError(.corruptCompressedInput(.truncated(at: readAhead.inputOffset)), input: source.input.description)
                    return afterFramesInFlight(error, pool, decoder, source.input)
                }
                if let error = fillDelivering(&readAhead, &source, pool, decoder) { return error }
                continue
            }
            let n = min(remaining, readAhead.available.count)
            readAhead.consume(n)
            remaining -= n
        }
        return nil
    }

    /// Streams the frame at the read-ahead's start on this thread, after the frames in flight.
    private func streamOneFrame(
        _ decoder: ZstdDecoder, _ readAhead: inout ReadAhead, _ source: inout Source, _ pool: FrameDecodePool
    ) -> IngestError? {
        if let error = deliverInFlight(pool, decoder, source.input) { return error }
        return stream(decoder, &readAhead, &source, oneFrame: true)
    }

    /// Decodes with the streaming decoder from the read-ahead's start, reading more as needed, to
    /// the end of input or, with `oneFrame`, to the end of the frame that starts there.
    func stream(
        _ decoder: ZstdDecoder, _ readAhead: inout ReadAhead, _ source: inout Source, oneFrame: Bool
    ) -> IngestError? {
        var started = false
        while !shouldStop() {
            if readAhead.isEmpty, !readAhead.inputEnded {
                if let error = fill(&readAhead, &source, idle: flushIdle) { return error }
                continue
            }
            let produced: Int
            do {
                decoder.compressedOffset = readAhead.inputOffset
                let result = try decoder.decompress(readAhead.available, into: chunk.freeSpace)
                readAhead.consume(result.consumed)
                produced = result.produced
                started = started || result.consumed > 0 || result.produced > 0
            } catch {
                return failed(.corruptCompressedInput(error), source.input)
            }
            accepted(produced)
            if oneFrame, started, decoder.atFrameBoundary { return nil }
            // Done when the input has ended and the decoder has nothing left to give.
            if readAhead.inputEnded, readAhead.isEmpty, produced == 0 { break }
        }
        if !shouldStop() {
            do { try decoder.finish() } catch { return failed(.corruptCompressedInput(error), source.input) }
        }
        return nil
    }

    /// Hands on a decoded frame's bytes; a frame the pool could not decode is streamed here instead,
    /// which passes on what decodes and reports the error where it happens.
    private func deliver(_ job: FrameDecodeJob, _ decoder: ZstdDecoder, _ input: InputSpec) -> IngestError? {
        if job.succeeded {
            framesDecodedInParallel += 1
            var bytes = job.decodedBytes
            while !bytes.isEmpty {
                let space = chunk.freeSpace
                // Fill to the chunk size, so chunks stay about `chunkBytes`; past it (a line longer
                // than a chunk), fill the whole capacity so that the line is found or dropped.
                let room = chunk.count < settings.chunkBytes ? settings.chunkBytes - chunk.count : space.count
                let n = min(bytes.count, room)
                space.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: n)
                bytes = UnsafeRawBufferPointer(rebasing: bytes[n...])
                accepted(n)
            }
            return nil
        }
        var frame = ReadAhead(capacity: max(job.compressedBytes.count, 1), inputOffset: job.inputOffset)
        frame.space(atLeast: job.compressedBytes.count).copyMemory(from: job.compressedBytes)
        frame.appended(job.compressedBytes.count)
        frame.inputEnded = true
        var source = Source(fd: -1, input: input, isRegular: true)
        return stream(decoder, &frame, &source, oneFrame: true)
    }
}
