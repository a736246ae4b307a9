import TallyCore

/// Parses one NDJSON line of schema v1 into an `EventRecord` appended to a batch, or classifies it
/// as blank or rejected under exactly one `RejectReason`.
///
/// Works on bytes with no allocation per line: key strings are unescaped straight into the batch's
/// arena, other strings are validated in place. UTF-8 is validated within the same scans: outside
/// strings a non-ASCII byte is a syntax error, so only string bodies need it, and only where the
/// word-at-a-time scan sees a high bit. Precedence when a line has several faults: invalid
/// UTF-8 and length first, then JSON syntax anywhere in the line (`malformed_json`), then the first
/// field-level fault in line order, then missing required fields, then the future check.
///
/// One parser per worker thread; it owns scratch memory sized from `lineBytesMax`.
package struct LineParser: ~Copyable {
    package let lineBytesMax: Int
    package let maxFutureMs: Int64
    /// The machine's clock (epoch ms) that the future check compares with; set once per batch.
    package var nowMs: Int64 = 0
    /// Prices usage events that come without `cost_usd`; nil leaves their cost at 0 (`CostSource.none`).
    package var costs: CostEstimator?

    /// Unescaped `ts` and `kind` values.
    private let scratch: UnsafeMutablePointer<UInt8>
    private let scratchBytes: Int
    /// Bit stack for skipping nested unknown values; one bit per level.
    private let nestingStack: UnsafeMutablePointer<UInt64>
    private let nestingWords: Int

    package enum Outcome: Equatable { case accepted, blank, rejected(RejectReason) }

    package init(lineBytesMax: Int = 1 << 20, maxFutureMs: Int64 = Timestamp.msPerDay) {
        precondition(lineBytesMax > 0)
        self.lineBytesMax = lineBytesMax
        self.maxFutureMs = maxFutureMs
        // Only `ts` and `kind` use scratch, and a readable `ts` is at most 35 bytes; a longer
        // unescaped value is invalid anyway, so scratch stays small.
        scratchBytes = 64
        scratch = .allocate(capacity: scratchBytes)
        nestingWords = lineBytesMax / 64 + 1
        nestingStack = .allocate(capacity: nestingWords)
    }

    deinit {
        scratch.deallocate()
        nestingStack.deallocate()
    }

    /// Parses `line` (without its `\n`; a trailing `\r` is ignored) and, when accepted, appends the
    /// event and its five key references to `batch`.
    /// - Complexity: O(n) in the line's bytes; nested unknown values are skipped iteratively.
    package func parse(_ line: UnsafeRawBufferPointer, into batch: EventBatch) -> Outcome {
        guard var p = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return .blank }
        var n = line.count
        if n > 0, p[n - 1] == 0x0D { n -= 1 }
        let end = p + n
        JSONScanner.skipWhitespace(&p, end)
        if p == end { return .blank }
        guard n <= lineBytesMax else { return .rejected(.lineTooLong) }
        // UTF-8 is checked as strings are scanned (see `syntaxError` for the rest of the line).
        let lineStart = p
        guard p.pointee == 0x7B else { return Self.syntaxError(lineStart, end) }
        p += 1

        var fields = FieldState()
        batch.arena.reserve(n)
        let arenaStart = batch.arena.count
        var arenaCursor = arenaStart

        JSONScanner.skipWhitespace(&p, end)
        guard p < end else { return Self.syntaxError(lineStart, end) }
        if p.pointee == 0x7D {
            p += 1
        } else {
            while true {
                // Whitespace between tokens is rare: test for it with the byte already loaded (all
                // four whitespace bytes are <= 0x20) and only then call the skipper.
                guard p < end else { return Self.syntaxError(lineStart, end) }
                if p.pointee != 0x22 {
                    JSONScanner.skipWhitespace(&p, end)
                    guard p < end, p.pointee == 0x22 else { return Self.syntaxError(lineStart, end) }
                }
                p += 1
                var field: EventField?
                if let quoted = EventField.matchQuoted(p, end) {
                    // `name":` of a known field, in one or a few word compares.
                    field = quoted.field
                    p += quoted.length
                } else {
                    guard Self.readOtherName(&p, end, &field, scratch: batch.arena.base + arenaCursor)
                    else { return Self.syntaxError(lineStart, end) }
                }

                if let field {
                    let bit: UInt32 = 1 << UInt32(field.rawValue)
                    if fields.seen & bit != 0 { fields.fault(.duplicateField) }
                    fields.seen |= bit
                    // Skips whitespace before the value itself.
                    guard parseKnownValue(field, &p, end, &fields, batch: batch, arenaCursor: &arenaCursor)
                    else { return Self.syntaxError(lineStart, end) }
                } else {
                    JSONScanner.skipWhitespace(&p, end)
                    guard JSONScanner.skipValue(&p, end, stack: nestingStack, stackWords: nestingWords) != nil
                    else { return Self.syntaxError(lineStart, end) }
                }

                guard p < end else { return Self.syntaxError(lineStart, end) }
                var c = p.pointee
                if c <= 0x20 {
                    JSONScanner.skipWhitespace(&p, end)
                    guard p < end else { return Self.syntaxError(lineStart, end) }
                    c = p.pointee
                }
                if c == 0x2C {
                    p += 1
                    continue
                }
                guard c == 0x7D else { return Self.syntaxError(lineStart, end) }
                p += 1
                break
            }
        }
        JSONScanner.skipWhitespace(&p, end)
        guard p == end else { return Self.syntaxError(lineStart, end) }

        if let fault = fields.firstFault { return .rejected(fault) }
        guard let timestampMs = fields.timestampMs else { return .rejected(.missingTs) }
        guard fields.keys[KeyDimension.user.rawValue].length > 0 else { return .rejected(.missingUser) }
        if fields.isOutcome {
            // Present means non-empty: `"task": ""` does not satisfy an outcome's requirement.
            guard fields.keys[EventRef.task].length > 0 else { return .rejected(.missingTask) }
            guard fields.keys[EventRef.status].length > 0 else { return .rejected(.missingStatus) }
        } else {
            guard fields.keys[KeyDimension.model.rawValue].length > 0 else { return .rejected(.missingModel) }
        }
        guard timestampMs <= nowMs &+ maxFutureMs else { return .rejected(.futureTs) }
        guard fields.cacheWrite1hTokens <= fields.tokens[3] else { return .rejected(.inconsistentTokens) }
        guard fields.totalFits else { return .rejected(.valueTooLarge) }

        var event = EventRecord(
            timestampMs: timestampMs,
            inputTokens: fields.tokens[0], outputTokens: fields.tokens[1],
            cacheReadTokens: fields.tokens[2], cacheWriteTokens: fields.tokens[3],
            costNanoUSD: fields.costNanoUSD, isOutcome: fields.isOutcome, isDropped: false)
        if !fields.isOutcome {
            if fields.seen & (1 << UInt32(EventField.costUSD.rawValue)) != 0, !fields.costWasNull {
                event.costSource = .reported
            } else if let costs {
                guard estimateCost(&event, fields, costs, batch) else { return .rejected(.valueTooLarge) }
            }
        }
        batch.arena.setCount(arenaCursor)
        batch.events.append(event)
        // One capacity check for the references, not one per append.
        batch.keys.reserve(EventBatch.refsPerEvent)
        let keyCount = batch.keys.count
        let keysOut = batch.keys.base + keyCount
        for d in 0..<EventBatch.refsPerEvent { keysOut[d] = fields.keys[d] }
        batch.keys.setCount(keyCount + EventBatch.refsPerEvent)
        batch.eventIDs.append(fields.id)
        return .accepted
    }

    /// Prices `event` from the table (out of line: only for events without `cost_usd`). False when
    /// the estimate is 2^63 nano-dollars or more (the event is then `value_too_large`).
    @inline(never)
    private func estimateCost(_ event: inout EventRecord, _ fields: FieldState, _ costs: CostEstimator, _ batch: EventBatch) -> Bool {
        let model = fields.keys[KeyDimension.model.rawValue]
        let name = UnsafeRawBufferPointer(start: batch.arena.base + Int(model.offset), count: Int(model.length))
        switch costs.estimate(
            modelHash: model.hash, model: name, atMs: event.timestampMs, input: event.inputTokens, output: event.outputTokens,
            cacheRead: event.cacheReadTokens, cacheWrite: event.cacheWriteTokens, cacheWrite1h: fields.cacheWrite1hTokens) {
        case .nano(let nano):
            event.costNanoUSD = nano
            event.costSource = .estimated
        case .unpriced: event.costSource = .unpriced
        case .tooLarge: return false
        }
        return true
    }

    /// A member name that `matchQuoted` did not take (unknown, escaped, or with whitespace before
    /// the colon), read through its colon; `field` is the known field it names, if any. False if it
    /// is not JSON. `scratch` has room for the name unescaped (the arena, beyond the keys so far).
    /// Out of line: rare, and it keeps `parse` small.
    @inline(never)
    private static func readOtherName(
        _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ field: inout EventField?,
        scratch: UnsafeMutablePointer<UInt8>
    ) -> Bool {
        // Match raw bytes; unescape only when the name has escapes.
        let nameStart = p
        p = JSONScanner.firstStringStop(p, end)
        guard p < end else { return false }
        if p.pointee == 0x22 {
            field = EventField.match(nameStart, count: p - nameStart)
            p += 1
        } else {
            p = nameStart
            var written = 0
            switch JSONScanner.scanString(&p, end, into: scratch, written: &written) {
            case .ok: field = EventField.match(scratch, count: written)
            case .badUnicode: field = nil  // cannot name a known field
            case .syntax: return false
            }
        }
        JSONScanner.skipWhitespace(&p, end)
        guard p < end, p.pointee == 0x3A else { return false }
        p += 1
        return true
    }

    /// The outcome of a line in which a scan found a JSON syntax error or a string byte that is not
    /// UTF-8. Invalid UTF-8 anywhere in the line takes precedence over malformed JSON, and the scans
    /// stopped at the first error and checked only string bodies, so the whole line is validated
    /// here: slow, but only for rejected lines.
    @inline(never)
    private static func syntaxError(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Outcome {
        UTF8Validation.isValid(start, count: end - start) ? .rejected(.malformedJSON) : .rejected(.invalidUTF8)
    }

    /// Reads the value of a known field at `p`. Returns false only for JSON syntax errors; field
    /// faults are recorded in `fields` and the value is skipped so the rest of the line is checked.
    /// `@inline(always)`: the optimiser declined `__always` here (the caller is large), and the call
    /// with its register saves cost about 40 instructions per member.
    @inline(always)
    private func parseKnownValue(
        _ field: EventField, _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
        _ fields: inout FieldState, batch: EventBatch, arenaCursor: inout Int
    ) -> Bool {
        guard p < end else { return false }
        var first = p.pointee
        if first <= 0x20 {
            JSONScanner.skipWhitespace(&p, end)
            guard p < end else { return false }
            first = p.pointee
        }

        // A value of the wrong type goes to `skipWithFault`, which also accepts null.
        switch field {
        case .user, .team, .org, .model, .tool, .session, .task, .status:
            guard first == 0x22 else { return skipWithFault(.invalidFieldType, &p, end, &fields) }
            p += 1
            var written = 0
            let dest = batch.arena.base + arenaCursor
            // Hash the raw bytes when they are the key (no escapes, ASCII: nearly every key), rather
            // than reading back the copy just stored.
            var key = UnsafePointer(dest)
            let stop = JSONScanner.firstStringStop(p, end)
            if stop < end, stop.pointee == 0x22 {
                written = stop - p
                ShortBytes.copy(dest, p, written)
                key = p
                p = stop + 1
            } else {
                switch JSONScanner.scanString(&p, end, into: dest, written: &written) {
                case .ok: break
                case .badUnicode:
                    fields.fault(.invalidUTF8)
                    return true
                case .syntax: return false
                }
            }
            guard written > 0 else { return true }  // "" is the same as absent
            let d = field.refIndex
            fields.keys[d] = KeyRef(
                hash: KeyHash.hash(UnsafeRawBufferPointer(start: key, count: written), dimension: d),
                offset: UInt32(truncatingIfNeeded: arenaCursor), length: UInt32(truncatingIfNeeded: written))
            arenaCursor += written
            return true

        case .artifact, .id:
            guard first == 0x22 else { return skipWithFault(.invalidFieldType, &p, end, &fields) }
            p += 1
            let stop = JSONScanner.firstStringStop(p, end)
            if stop < end, stop.pointee == 0x22 {
                // No escapes, ASCII: nothing to check, and an id is hashed from the line as it stands.
                if field == .id, stop > p { fields.id = EventID(UnsafeRawBufferPointer(start: p, count: stop - p)) }
                p = stop + 1
            } else {
                // An id with escapes or non-ASCII text is unescaped into the arena past the keys
                // (scratch: the cursor does not move) and hashed from there, so that spellings of
                // the same id match.
                let idScratch = field == .id ? batch.arena.base + arenaCursor : nil
                var written = 0
                switch JSONScanner.scanString(&p, end, into: idScratch, written: &written) {
                case .ok: break
                case .badUnicode:
                    fields.fault(.invalidUTF8)
                    return true
                case .syntax: return false
                }
                if let idScratch, written > 0 { fields.id = EventID(UnsafeRawBufferPointer(start: idScratch, count: written)) }
            }
            return true

        case .kind:
            return parseKind(&p, end, &fields)

        case .ts:
            if first == 0x22 {
                guard let value = readShortString(&p, end) else { return false }
                if let ms = Timestamp.parseRFC3339(value.start, count: value.count) {
                    fields.timestampMs = ms
                } else {
                    fields.fault(.invalidTs)
                }
                return true
            }
            guard let ms = readInteger(&p, end, allowNegative: true) else {
                return skipWithFault(.invalidTs, &p, end, &fields)
            }
            if ms >= Timestamp.minMs, ms <= Timestamp.maxMs {
                fields.timestampMs = ms
            } else {
                fields.fault(.invalidTs)
            }
            return true

        case .inputTokens, .outputTokens, .cacheReadTokens, .cacheWriteTokens:
            guard let value = readInteger(&p, end, allowNegative: false) else {
                return skipWithFault(.invalidTokens, &p, end, &fields)
            }
            fields.tokens[field.rawValue &- EventField.inputTokens.rawValue] = value  // declared in this order
            return true

        case .costUSD:
            if first == 0x6E { fields.costWasNull = true }
            return parseCost(&p, end, &fields)

        case .cacheWrite1hTokens:
            guard let value = readInteger(&p, end, allowNegative: false) else {
                return skipWithFault(.invalidTokens, &p, end, &fields)
            }
            fields.cacheWrite1hTokens = value
            return true
        }
    }

    /// `kind` (in one line of twenty or so): out of line, to keep `parse` small.
    @inline(never)
    private func parseKind(
        _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ fields: inout FieldState
    ) -> Bool {
        guard p.pointee == 0x22 else { return skipWithFault(.unknownKind, &p, end, &fields) }
        guard let value = readShortString(&p, end) else { return false }
        if value.count == 5, ShortBytes.equal(value.start, StaticString("usage").utf8Start, 5) {
            fields.isOutcome = false
        } else if value.count == 7, ShortBytes.equal(value.start, StaticString("outcome").utf8Start, 7) {
            fields.isOutcome = true
        } else {
            fields.fault(.unknownKind)
        }
        return true
    }

    /// `cost_usd` (in about one line of four): out of line, to keep `parse` small.
    @inline(never)
    private func parseCost(
        _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ fields: inout FieldState
    ) -> Bool {
        let first = p.pointee, valueStart = p
        guard first == 0x2D || first &- 0x30 < 10 else {
            return skipWithFault(.invalidCost, &p, end, &fields)
        }
        guard JSONScanner.skipNumber(&p, end) else { return false }
        if let nano = DecimalNano.parse(valueStart, count: p - valueStart) {
            fields.costNanoUSD = nano
        } else {
            fields.fault(.invalidCost)
        }
        return true
    }

    /// A value that is not of its field's type: null means "not given" for every field (see
    /// docs/event-format.md); anything else records `reason` and is skipped. False if it is not even
    /// JSON. `p` is at the value's first byte. Out of line: rare, and it keeps `parse` small.
    @inline(never)
    private func skipWithFault(
        _ reason: RejectReason, _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
        _ fields: inout FieldState
    ) -> Bool {
        if p.pointee == 0x6E { return JSONScanner.skipScalar(&p, end) == .null }
        fields.fault(reason)
        return JSONScanner.skipValue(&p, end, stack: nestingStack, stackWords: nestingWords) != nil
    }

    /// A string value of at most `scratchBytes` bytes after unescaping, for `ts` and `kind`. Escape-free
    /// values are returned in place. A longer or undecodable value yields an empty result (which no
    /// caller accepts) so that the field is reported as invalid rather than as malformed JSON.
    @inline(__always)
    private func readShortString(
        _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>
    ) -> (start: UnsafePointer<UInt8>, count: Int)? {
        p += 1
        let start = p
        p = JSONScanner.firstStringStop(p, end)
        guard p < end else { return nil }
        if p.pointee == 0x22 {
            p += 1
            return (start, p - 1 - start)
        }
        // Escapes: validate the whole string first, then unescape it if it fits in scratch.
        p = start
        var written = 0
        guard JSONScanner.scanString(&p, end, into: nil, written: &written) != .syntax else { return nil }
        guard p - start - 1 <= scratchBytes else { return (UnsafePointer(scratch), 0) }
        var q = start
        if JSONScanner.scanString(&q, end, into: scratch, written: &written) != .ok { written = 0 }
        return (UnsafePointer(scratch), written)
    }

    /// The digits at `q` as a non-negative value, a byte at a time; nil on overflow of 63 bits.
    /// Out of line: only for numbers near the line end or of 16 digits or more.
    @inline(never)
    private static func readDigits(_ q: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int64? {
        var value: Int64 = 0
        // 18 digits always fit in 63 bits: check overflow only from the 19th on.
        let uncheckedEnd = end - q > 18 ? q + 18 : end
        while q < uncheckedEnd {
            let d = q.pointee &- 0x30
            guard d < 10 else { break }
            value = value &* 10 &+ Int64(d)
            q += 1
        }
        while q < end {
            let d = q.pointee &- 0x30
            guard d < 10 else { break }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            value = sum
            q += 1
        }
        return value
    }

    /// A JSON integer literal: digits with no leading zero, no fraction or exponent, within 63 bits.
    /// Returns nil (cursor unchanged) for anything else, including `12.0`, `1e3` and `"12"`.
    @inline(always)
    private func readInteger(
        _ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, allowNegative: Bool
    ) -> Int64? {
        var q = p
        var negative = false
        if q < end, q.pointee == 0x2D {
            guard allowNegative else { return nil }
            negative = true
            q += 1
        }
        let digitsStart = q
        var value: Int64 = 0
        // Fast path: up to 15 digits (token counts, epoch ms) read as one or two words, when the
        // words lie inside the line and a non-digit ends the number within them.
        var done = false
        if end - q >= 8 {
            let w = UInt64(littleEndian: UnsafeRawPointer(q).loadUnaligned(as: UInt64.self))
            let n = JSONScanner.leadingDigitCount(w)
            if n < 8 {
                if n > 0 { value = Int64(JSONScanner.digitsValue(w, count: n)) }
                q += n
                done = true
            } else if end - q >= 16 {
                let w2 = UInt64(littleEndian: UnsafeRawPointer(q + 8).loadUnaligned(as: UInt64.self))
                let n2 = JSONScanner.leadingDigitCount(w2)
                if n2 < 8 {
                    value = Int64(JSONScanner.digitsValue(w, count: 8))
                    for _ in 0..<n2 { value &*= 10 }
                    if n2 > 0 { value &+= Int64(JSONScanner.digitsValue(w2, count: n2)) }
                    q += 8 + n2
                    done = true
                }
            }
        }
        if !done {
            guard let slow = Self.readDigits(&q, end) else { return nil }
            value = slow
        }
        let digits = q - digitsStart
        guard digits > 0, digits == 1 || digitsStart.pointee != 0x30 else { return nil }
        if q < end {
            let c = q.pointee
            if c == 0x2E || c | 0x20 == 0x65 { return nil }
        }
        p = q
        return negative ? -value : value
    }
}

/// What the parser has learned about the current line so far.
private struct FieldState {
    var seen: UInt32 = 0
    var firstFault: RejectReason?
    var timestampMs: Int64?
    var isOutcome = false
    /// input, output, cache read, cache write: `EventField` order.
    var tokens = InlineArray<4, Int64>(repeating: 0)
    var costNanoUSD: Int64 = 0
    /// `"cost_usd": null`: not given, so the cost may be estimated.
    var costWasNull = false
    var cacheWrite1hTokens: Int64 = 0
    var keys = InlineArray<8, KeyRef>(repeating: .absent)
    var id = EventID.none

    /// Whether the event's total tokens fit in 63 bits (each field already does).
    var totalFits: Bool {
        let (a, o1) = tokens[0].addingReportingOverflow(tokens[1])
        let (b, o2) = tokens[2].addingReportingOverflow(tokens[3])
        let (_, o3) = a.addingReportingOverflow(b)
        return !(o1 || o2 || o3)
    }

    @inline(__always)
    mutating func fault(_ reason: RejectReason) {
        if firstFault == nil { firstFault = reason }
    }
}
