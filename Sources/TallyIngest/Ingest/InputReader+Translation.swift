#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore
import TallyEvents

/// The reader's translation step for inputs that are not schema v1 (docs/sources.md): each
/// line-aligned chunk of such an input becomes a chunk of schema v1 records, with the source
/// lines' accounting (blank, skipped, rejected, records) carried beside it. Schema v1 inputs skip
/// this step entirely: their only cost is one format check per input.
///
/// A Claude Code response is written as several lines that repeat its usage. Those lines are
/// merged into one record, which is written when a line of another response arrives (or at the end
/// of the input, or after `responseIdleNs` of quiet on a live input). Until then the lines since the
/// response's first one are *deferred*: neither counted nor part of the recorded input position, so
/// that a resumed run reads them again and nothing is counted twice or lost.
final class TranslationState {
    let translator: SourceTranslator
    let lineBytesMax: Int
    /// Input lines seen (0-based index of the next one) and the decoded offset after them.
    var lineIndex = 0
    var offset: Int
    /// Lines and decoded offset whose effect has been written into an output chunk.
    var committedLines = 0
    var committedOffset: Int

    /// The Claude Code response being merged, with its first line and line count.
    var response: ClaudeCodeResponse?
    var responseFirstLine = 0
    var responseLines = 0
    /// Effects of the lines read since `response` began that are not part of it.
    var deferred: [Effect] = []
    var deferredLines = 0
    var deferredBytes = 0
    var lastLineNs: Int64 = 0
    /// What the input's earlier lines said that later ones need.
    var context = SourceContext()
    /// One record line at a time is serialised here, then copied into the output chunk.
    var scratch = JSONOutput(capacity: 4096)

    /// How long a live input may stay quiet before an open response is written out.
    static let responseIdleNs: Int64 = 2_000_000_000
    /// A response longer than this (lines) is written out, so deferral stays bounded.
    static let deferredLinesMax = 100_000

    enum Effect {
        case blank
        case skipped(SkipReason)
        case rejected(line: Int, RejectReason, lineBytes: Int, text: [UInt8])
    }

    init(translator: SourceTranslator, lineBytesMax: Int, startOffset: Int) {
        self.translator = translator
        self.lineBytesMax = lineBytesMax
        offset = startOffset
        committedOffset = startOffset
        context.startedInside = startOffset > 0
    }
}

extension InputReader {
    /// Decides the current input's format from its first chunk with data and, for a translated
    /// format, sets up `translation`.
    func decideFormat(_ first: InputChunk) {
        var format = settings.formats.indices.contains(sourceIndex)
            ? settings.formats[sourceIndex] ?? settings.sources.format : settings.sources.format
        if format == .auto {
            format = settings.sources.fieldMap != nil
                ? .mapped : SourceFormat.detect(UnsafeRawBufferPointer(start: first.bytes, count: first.count))
        }
        statuses[statuses.count - 1].format = format
        formatDecided = true
        let start = decodedOffset - first.sourceByteCount
        translation = makeTranslation(format, startOffset: start)
        if let t = translation, let file = followedFile { replayContext(t, of: file, upTo: start) }
    }

    /// A fresh translation of `format` for lines from `startOffset` on; nil for schema v1.
    func makeTranslation(_ format: SourceFormat, startOffset: Int) -> TranslationState? {
        guard format.isTranslated else { return nil }
        return TranslationState(
            translator: SourceTranslator(format: format, settings: settings.sources),
            lineBytesMax: settings.lineBytesMax, startOffset: startOffset)
    }

    /// Writes out the current input's open Claude Code response, if any, in a chunk of its own (a
    /// followed file that went quiet or started over).
    func flushOpenResponse() {
        guard let t = translation, t.response != nil else { return }
        var out = beginOutput(t)
        closeResponse(t, &out)
        deliverOutput(out, t)
    }

    /// Translates `input` (a chunk of the current input as the reader cut it) into output chunks,
    /// delivers them, and recycles `input`.
    func translate(_ input: InputChunk, _ t: TranslationState) {
        var out = beginOutput(t)
        if input.droppedLongLines > 0 {
            // A dropped long line ends any open response, so the position stays exact.
            closeResponse(t, &out)
            deliverOutput(out, t)
            t.lineIndex += 1
            t.committedLines = t.lineIndex
            t.offset += input.droppedLongLineBytes
            t.committedOffset = t.offset
            deliver(input)
            return
        }
        var p = UnsafeRawPointer(input.bytes)
        let end = p + input.count
        while p < end {
            let newline = memchr(p, 0x0A, end - p).map { UnsafeRawPointer($0) } ?? end
            let length = newline < end ? newline - p + 1 : newline - p
            // A document made one line stands for all the input bytes it was compacted from.
            let consumed = input.documentSourceBytes > 0 ? input.documentSourceBytes : length
            take(UnsafeRawBufferPointer(start: p, count: newline - p), consumed: consumed, t, &out)
            p += length
        }
        let now = SystemClock.monotonicNs()
        if input.count > 0 {
            t.lastLineNs = now
        } else if t.response != nil, now - t.lastLineNs >= TranslationState.responseIdleNs {
            closeResponse(t, &out)
        }
        if input.origin.endsSource {
            closeResponse(t, &out)
            out.origin.endsSource = true
        }
        freeChunks.push(input)
        deliverOutput(out, t)
    }

    private func beginOutput(_ t: TranslationState) -> InputChunk {
        let out = freeChunks.pop()!
        out.reset()
        out.isTranslated = true
        out.firstSourceLine = t.committedLines
        return out
    }

    private func deliverOutput(_ out: InputChunk, _ t: TranslationState) {
        out.origin.decodedOffsetEnd = t.committedOffset
        deliver(out)
    }

    /// One input line (without its newline; `consumed` counts the newline too).
    private func take(_ line: UnsafeRawBufferPointer, consumed: Int, _ t: TranslationState, _ out: inout InputChunk) {
        let lineNumber = t.lineIndex
        t.lineIndex += 1
        t.offset += consumed
        var effect: TranslationState.Effect?
        if !line.contains(where: { $0 > 0x20 }) {
            effect = .blank
        } else {
            switch t.translator.translate(line, &t.context) {
            case .response(let r):
                if let open = t.response, r.key != nil, open.key == r.key {
                    t.responseLines += 1
                    // Of a response's lines keep the largest usage (the later one on a tie: usage
                    // only grows as a response streams), at the time of its first line.
                    if r.totalTokens >= open.totalTokens {
                        var kept = r
                        kept.record.replaceTimestamp(from: open.record)
                        t.response = kept
                    }
                } else {
                    closeResponse(t, &out)
                    t.response = r
                    t.responseFirstLine = lineNumber
                    t.responseLines = 1
                }
            case .records(let records):
                closeResponse(t, &out)
                write(records, line: line, lineNumber: lineNumber, t, &out)
            case .skipped(let reason):
                effect = .skipped(reason)
            case .rejected(let reason):
                effect = Self.rejection(reason, line, lineNumber)
            }
        }
        if t.response != nil {
            if let effect { t.deferred.append(effect) }
            t.deferredLines += 1
            t.deferredBytes += consumed
            if t.deferredLines >= TranslationState.deferredLinesMax { closeResponse(t, &out) }
        } else {
            if let effect { apply(effect, to: out) }
            out.sourceLines += 1
            out.sourceBytes += consumed
            t.committedLines = t.lineIndex
            t.committedOffset = t.offset
        }
    }

    /// Writes the open response's record, then commits the lines deferred since it began.
    private func closeResponse(_ t: TranslationState, _ out: inout InputChunk) {
        guard let response = t.response else { return }
        t.response = nil
        // No source line to quote if the record is refused: it came from several.
        write([.success(response.record)], line: UnsafeRawBufferPointer(start: nil, count: 0), lineNumber: t.responseFirstLine, t, &out)
        out.skippedByReason[SkipReason.repeatedResponse.rawValue] += t.responseLines - 1
        for effect in t.deferred { apply(effect, to: out) }
        t.deferred.removeAll(keepingCapacity: true)
        out.sourceLines += t.deferredLines
        out.sourceBytes += t.deferredBytes
        t.committedLines += t.deferredLines
        t.committedOffset += t.deferredBytes
        t.deferredLines = 0
        t.deferredBytes = 0
    }

    /// Writes a line's records. All of one line's records go into one output chunk, so that no
    /// snapshot position can fall between them.
    private func write(
        _ records: [Result<V1Record, RecordFault>], line: UnsafeRawBufferPointer, lineNumber: Int,
        _ t: TranslationState, _ out: inout InputChunk
    ) {
        t.scratch.removeAll()
        var kept = 0
        for record in records {
            switch record {
            case .success(let r):
                let start = t.scratch.count
                r.write(into: &t.scratch)
                if t.scratch.count - start - 1 > t.lineBytesMax {
                    apply(Self.rejection(.lineTooLong, line, lineNumber), to: out)
                    t.scratch.truncate(to: start)
                } else {
                    kept += 1
                }
            case .failure(let fault):
                apply(Self.rejection(fault.reason, line, lineNumber), to: out)
            }
        }
        out.extraRecords += records.count - 1
        guard kept > 0 else { return }
        let bytes = t.scratch.bytes
        if bytes.count > out.capacity {
            // More records than an output chunk holds: refuse them rather than split the line.
            for _ in 0..<kept { apply(Self.rejection(.lineTooLong, line, lineNumber), to: out) }
            return
        }
        ensureRoom(bytes.count, t, &out)
        memcpy(out.bytes + out.count, bytes.baseAddress!, bytes.count)
        out.count += bytes.count
        for _ in 0..<kept { out.lineOrigins.append(lineNumber) }
    }

    /// Delivers `out` and starts a new one when `bytes` more would not fit.
    private func ensureRoom(_ bytes: Int, _ t: TranslationState, _ out: inout InputChunk) {
        guard out.capacity - out.count < bytes else { return }
        deliverOutput(out, t)
        out = beginOutput(t)
    }

    private func apply(_ effect: TranslationState.Effect, to out: InputChunk) {
        switch effect {
        case .blank: out.blankSourceLines += 1
        case .skipped(let reason): out.skippedByReason[reason.rawValue] += 1
        case .rejected(let line, let reason, let lineBytes, let text):
            out.rejections.append(.init(line: line, reason: reason, lineBytes: lineBytes, text: text))
        }
    }

    private static func rejection(_ reason: RejectReason, _ line: UnsafeRawBufferPointer, _ lineNumber: Int) -> TranslationState.Effect {
        .rejected(line: lineNumber, reason, lineBytes: line.count,
                  text: Array(UnsafeRawBufferPointer(rebasing: line.prefix(EventBatch.rejectTextBytesMax))))
    }
}
