import TallyCore

/// Writes the event lines of a workload, one per call of `emit`, with no allocation and no `String`
/// per event: names come from byte tables, numbers are formatted by hand and every random choice is a
/// slice of a few SplitMix64 draws.
///
/// Model (`uniform` profile): a pool of concurrent sessions (sized so a session lasts about an hour of
/// event time). Each event picks a pool slot uniformly; an exhausted slot first starts a new session
/// for a user drawn by weight (`Population`), with the user's usual tool most of the time, a model
/// typical of that tool, a heavy-tailed number of calls, and a task that is either new or the user's
/// unfinished one. The `realistic` and `dense` profiles fill the slots with stints of several sessions
/// instead (`WorkloadEmitter+Stints`). About 3% of lines are outcome events that move the slot's task
/// through opened, in_progress and a final status. Token counts are log-normal, scaled by the user's
/// call size, cache-heavy for agents, capped by the model's context window; 30% of usage lines carry a
/// cost at list prices.
struct WorkloadEmitter {
    /// An event's time strays at most this far from the stream's overall progress.
    static let maxJitterMs: Int64 = 180_000
    static let outcomeOutOf65536: UInt64 = 1_966  // 3% of lines
    static let costOutOf65536: UInt64 = 19_661  // 30% of usage lines
    static let explicitUsageKindOutOf128: UInt64 = 13  // about 10% of usage lines spell "kind":"usage"
    /// Calls per session of the median user: log-normal, sigma 0.9, times the user's session length.
    static let medianCallsPerSession: UInt64 = 8
    /// Mean calls per session over all sessions (measured), for sizing the session pool.
    static let meanCallsPerSession = 23.0
    static let maxSessions = 4096

    var random: SplitMix64
    let catalog: WorkloadCatalog
    let population: Population
    private let startMs: Int64
    private let endMs: Int64
    var sessions: [WorkloadSession]
    /// The task a user's last finished session worked on (0 = none) and its stage, for resuming.
    var userTask: [UInt64]
    private var userTaskStage: [UInt8]
    var nextSessionNumber: UInt64 = 1
    var nextTaskNumber: UInt64 = 10_000
    /// The stint profiles' state (`WorkloadEmitter+Stints`); empty for `uniform`.
    var stints = WorkloadStints()
    /// `"id":"e<seed>-` and `"session":"s<seed>-`: ids stay unique across seeds.
    private let idPrefix: [UInt8]
    private let sessionPrefix: [UInt8]
    /// Equally likely multipliers (fixed point, 12 fraction bits) indexed by 10 random bits.
    private let inputSizeQ12 = WorkloadMath.logNormalTableQ12(sigma: 1.1, count: 1024)
    private let outputSizeQ12 = WorkloadMath.logNormalTableQ12(sigma: 1.0, count: 1024)
    let sessionLengthQ12 = WorkloadMath.logNormalTableQ12(sigma: 0.9, count: 1024)
    /// Cache reads per fresh input token, log-uniform between 5 and 50 (fixed point, 8 fraction bits).
    private let cacheRatioQ8: [UInt32] = (0..<256).map { i in
        UInt32((5 * WorkloadMath.exp(WorkloadMath.log(10) * (Double(i) + 0.5) / 256) * 256).rounded())
    }

    init(config: WorkloadConfig, catalog: WorkloadCatalog, population: Population, random: SplitMix64) {
        self.random = random
        self.catalog = catalog
        self.population = population
        startMs = config.startMs
        endMs = config.endMs
        let hours = Double(config.endMs - config.startMs) / Double(Timestamp.msPerHour)
        if let shape = config.shape {
            // One slot per person at work: each gets `callsPerHour` of the stream's average rate.
            let concurrent = (Double(config.events) / hours / Double(shape.callsPerHour)).rounded()
            let slots = min(max(concurrent, 4), Double(min(max(config.users, 4), WorkloadStints.maxSlots)))
            sessions = Array(repeating: WorkloadSession(), count: Int(slots))
            stints = WorkloadStints(shape: shape, users: config.users, teams: config.teams)
        } else {
            // Enough concurrent sessions that one session's calls spread over about an hour.
            let concurrent = (Double(config.events) / hours / Self.meanCallsPerSession).rounded()
            sessions = Array(repeating: WorkloadSession(), count: Int(min(max(concurrent, 4), Double(Self.maxSessions))))
        }
        userTask = Array(repeating: 0, count: config.users)
        userTaskStage = Array(repeating: 0, count: config.users)
        idPrefix = Array("\"id\":\"e\(config.seed)-".utf8)
        sessionPrefix = Array(",\"session\":\"s\(config.seed)-".utf8)
    }

    /// Writes event `index` (a line ending in `\n`, at most about 600 bytes) around `baseMs`. O(1),
    /// plus O(log users) when a session starts.
    @inline(__always)
    mutating func emit(event index: Int, baseMs: Int64, into out: inout ByteWriter) {
        let r1 = random.next()
        let r2 = random.next()
        let jitterMs = Int64(SplitMix64.scale(r1, below: UInt64(2 * Self.maxJitterMs + 1))) - Self.maxJitterMs
        let tsMs = min(max(baseMs + jitterMs, startMs), endMs)
        let slot = Int(SplitMix64.scale(r1 >> 32, below: UInt64(sessions.count)))
        if sessions[slot].remainingCalls <= 0 {
            if stints.shape == nil { startSession(in: slot) } else { startStintSession(in: slot, nowMs: baseMs) }
        }
        // About 1 line in 512 spells one of its names with a JSON escape (field chosen by 2 bits).
        let escapedField = (r2 >> 16) & 0x1FF == 0 ? Int((r2 >> 25) & 3) : -1
        if r2 & 0xFFFF < Self.outcomeOutOf65536 {
            writeOutcome(index: index, slot: slot, tsMs: tsMs, bits: r2, escapedField: escapedField, into: &out)
        } else {
            writeUsage(index: index, slot: slot, tsMs: tsMs, bits: r2, escapedField: escapedField, into: &out)
        }
    }

    private mutating func startSession(in slot: Int) {
        let previous = sessions[slot]
        if previous.user >= 0 {
            userTask[Int(previous.user)] = previous.task
            userTaskStage[Int(previous.user)] = previous.taskStage
        }
        let user = population.sampleUser(random.next())
        let r = random.next()
        let tool = r & 0xFF < 192  // 75% the user's usual tool
            ? Int(population.primaryToolOfUser[user])
            : Int(SplitMix64.scale(r >> 8, below: UInt64(catalog.tools.count)))
        var session = WorkloadSession()
        session.user = Int32(user)
        session.team = population.teamOfUser[user]
        session.tokenScaleQ12 = population.tokenScaleQ12[user]
        session.tool = UInt8(tool)
        session.model = catalog.sessionModels[tool * 16 + Int((r >> 40) & 15)]
        let calls = (Self.medianCallsPerSession &* UInt64(sessionLengthQ12[Int((r >> 44) & 1023)])
            &* UInt64(population.sessionLengthQ12[user])) >> 24
        session.remainingCalls = Int32(min(max(calls, 1), 100_000))
        session.id = nextSessionNumber
        nextSessionNumber += 1
        if userTask[user] != 0, (r >> 54) & 7 != 0 {  // mostly back to the unfinished task
            session.task = userTask[user]
            session.taskStage = userTaskStage[user]
        } else {
            session.task = nextTaskNumber
            nextTaskNumber += 1
        }
        sessions[slot] = session
    }

    @inline(__always)
    private mutating func writeUsage(
        index: Int, slot: Int, tsMs: Int64, bits r2: UInt64, escapedField: Int, into out: inout ByteWriter
    ) {
        // Bits of r: 0-9 input size, 10-19 output size, 20-27 cache ratio, 28-35 cache write,
        // 36-51 cost present, 52-59 sub-agent call, 60-63 cache miss.
        let r = random.next()
        let session = sessions[slot]
        let toolIndex = Int(session.tool)
        let tool = catalog.tools[toolIndex]
        var modelIndex = Int(session.model)
        if (r >> 52) & 0xFF < tool.subagentOutOf256 { modelIndex = WorkloadCatalog.haiku }
        let model = catalog.models[modelIndex]

        var input = max(1, (tool.inputMedianTokens &* UInt64(inputSizeQ12[Int(r & 1023)])
            &* UInt64(session.tokenScaleQ12)) >> 24)
        let output = max(1, (tool.outputMedianTokens &* UInt64(outputSizeQ12[Int((r >> 10) & 1023)])) >> 12)
        var cacheRead: UInt64 = 0
        var cacheWrite: UInt64 = 0
        if session.callsMade == 0 {
            // The first call of a session writes the system prompt and tool definitions to the cache.
            if model.reportsCacheWrites { cacheWrite = 6_000 + ((r >> 28) & 0xFF) &* 120 }
        } else {
            if r >> 60 >= tool.uncachedOutOf16 {
                cacheRead = ((input &* UInt64(cacheRatioQ8[Int((r >> 20) & 0xFF)])) >> 8) / tool.cacheReadDivisor
            }
            if model.reportsCacheWrites { cacheWrite = (input &* (64 + ((r >> 28) & 0xFF))) >> 7 }
        }
        // No call exceeds its model's context window.
        input = min(input, model.contextTokens / 4)
        cacheWrite = min(cacheWrite, model.contextTokens / 4)
        cacheRead = min(cacheRead, model.contextTokens - input - cacheWrite)

        out.append(byte: 0x7B)  // {
        if tool.writesIdFirst {
            writeId(index, into: &out)
            out.append(byte: 0x2C)  // ,
        }
        if (r2 >> 55) & 0x7F < Self.explicitUsageKindOutOf128 { out.append("\"kind\":\"usage\",") }
        out.append("\"ts\":")
        writeTimestamp(tsMs, bits: r2, into: &out)
        out.append(",\"user\":\"")
        population.userNames.write(Int(session.user), escapingFirstByte: escapedField == 0, into: &out)
        out.append("\",\"team\":\"")
        population.teamNames.write(Int(session.team), escapingFirstByte: escapedField == 1, into: &out)
        out.append("\",\"org\":\"")
        population.orgNames.write(population.orgOfTeam(Int(session.team)), into: &out)
        out.append("\",\"model\":\"")
        catalog.modelNames.write(modelIndex, escapingFirstByte: escapedField == 2, into: &out)
        out.append("\",\"tool\":\"")
        catalog.toolNames.write(toolIndex, escapingFirstByte: escapedField == 3, into: &out)
        out.append(byte: 0x22)  // "
        if tool.hasSession {
            append(sessionPrefix, into: &out)
            out.appendDecimal(session.id)
            out.append(byte: 0x22)
        }
        if tool.hasTask {
            out.append(",\"task\":\"TASK-")
            out.appendDecimal(session.task)
            out.append(byte: 0x22)
        }
        out.append(",\"input_tokens\":")
        out.appendDecimal(input)
        out.append(",\"output_tokens\":")
        out.appendDecimal(output)
        out.append(",\"cache_read_tokens\":")
        out.appendDecimal(cacheRead)
        if model.reportsCacheWrites {
            out.append(",\"cache_write_tokens\":")
            out.appendDecimal(cacheWrite)
        }
        if (r >> 36) & 0xFFFF < Self.costOutOf65536 {
            let nanoUSD = input &* model.inputNanoUSD &+ output &* model.outputNanoUSD
                &+ cacheRead &* model.cacheReadNanoUSD &+ cacheWrite &* model.cacheWriteNanoUSD
            out.append(",\"cost_usd\":")
            writeDollars(micros: (nanoUSD + 500) / 1_000, into: &out)
        }
        if !tool.writesIdFirst {
            out.append(byte: 0x2C)
            writeId(index, into: &out)
        }
        out.append("}\n")
        sessions[slot].callsMade += 1
        sessions[slot].remainingCalls -= 1
    }

    @inline(__always)
    private mutating func writeOutcome(
        index: Int, slot: Int, tsMs: Int64, bits r2: UInt64, escapedField: Int, into out: inout ByteWriter
    ) {
        let r = random.next()
        var session = sessions[slot]
        if stints.shape != nil { session.taskStage = currentStage(of: &session, nowMs: tsMs) }
        // opened, then in_progress or straight to a final status, then a final status:
        // merged 50%, shipped 25%, abandoned 25%.
        let status: Int
        switch session.taskStage {
        case 0:
            status = WorkloadCatalog.opened
            session.taskStage = 1
        case 1 where r & 1 == 0:
            status = WorkloadCatalog.inProgress
            session.taskStage = 2
        default:
            let pick = (r >> 1) & 3
            status = pick < 2 ? WorkloadCatalog.merged : pick == 2 ? WorkloadCatalog.shipped : WorkloadCatalog.abandoned
        }
        let toolIndex = Int(session.tool)
        let team = Int(session.team)

        out.append("{\"kind\":\"outcome\",\"ts\":")
        writeTimestamp(tsMs, bits: r2, into: &out)
        out.append(",\"user\":\"")
        population.userNames.write(Int(session.user), escapingFirstByte: escapedField == 0, into: &out)
        out.append("\",\"team\":\"")
        population.teamNames.write(team, escapingFirstByte: escapedField == 1, into: &out)
        out.append("\",\"org\":\"")
        population.orgNames.write(population.orgOfTeam(team), escapingFirstByte: escapedField == 2, into: &out)
        out.append(byte: 0x22)
        if catalog.tools[toolIndex].hasTask, (r >> 8) & 3 != 0 {  // coding tools report 75% of outcomes
            out.append(",\"tool\":\"")
            catalog.toolNames.write(toolIndex, into: &out)
            out.append(byte: 0x22)
        }
        // "\u0054" is "T": the same task id, spelled with an escape.
        out.append(escapedField == 3 ? ",\"task\":\"\\u0054ASK-" : ",\"task\":\"TASK-")
        out.appendDecimal(session.task)
        out.append("\",\"status\":\"")
        out.append(catalog.statuses[status])
        out.append(byte: 0x22)
        if status == WorkloadCatalog.shipped || status == WorkloadCatalog.merged {
            out.append(",\"artifact\":\"https://github.com/acme/")
            population.teamNames.write(team, into: &out)
            out.append("/pull/")
            out.appendDecimal(session.task)
            out.append(byte: 0x22)
        }
        out.append(byte: 0x2C)
        writeId(index, into: &out)
        out.append("}\n")

        if stints.shape != nil {
            recordStage(of: &session, status: status, nowMs: tsMs)
        } else if status >= WorkloadCatalog.shipped {  // done with it: the session moves on to a new task
            session.task = nextTaskNumber
            session.taskStage = 0
            nextTaskNumber += 1
        }
        sessions[slot] = session
    }

    /// Half epoch milliseconds, half RFC 3339 strings with one of 32 zone suffixes and 0, 3, 6 or 9
    /// fraction digits. Bits of r2: 27 encoding, 28-32 zone, 33-34 digits, 35-54 sub-millisecond.
    @inline(__always)
    private func writeTimestamp(_ tsMs: Int64, bits r2: UInt64, into out: inout ByteWriter) {
        if (r2 >> 27) & 1 == 0 {
            out.appendDecimal(UInt64(tsMs))  // validate() keeps the span at or after 1970
            return
        }
        let zone = Int((r2 >> 28) & 31)
        let fractionDigits = Int((r2 >> 33) & 3) * 3
        var instantMs = tsMs
        if fractionDigits == 0 {
            // A whole second is written, so the event happens at a whole second, still inside the span.
            instantMs -= instantMs % 1_000
            if instantMs < startMs { instantMs += 1_000 }
        }
        // Digits past the millisecond vary but never push the instant past the end of the span.
        let subMillisecondNs = instantMs < endMs ? (((r2 >> 35) & 0xF_FFFF) &* 1_000_000) >> 20 : 0
        WorkloadTimestampFormat.write(
            utcMs: instantMs, offsetMinutes: catalog.offsetMinutes[zone], suffix: catalog.offsetTexts[zone],
            fractionDigits: fractionDigits, subMillisecondNs: subMillisecondNs, into: &out)
    }

    @inline(__always)
    private func writeId(_ index: Int, into out: inout ByteWriter) {
        append(idPrefix, into: &out)
        out.appendDecimal(UInt64(index))
        out.append(byte: 0x22)
    }

    /// Dollars with up to 6 fraction digits and no trailing zeros: `0.0421`, `3`, `12.5`.
    @inline(__always)
    private func writeDollars(micros: UInt64, into out: inout ByteWriter) {
        out.appendDecimal(micros / 1_000_000)
        var fraction = micros % 1_000_000
        guard fraction != 0 else { return }
        var width = 6
        while fraction % 10 == 0 {
            fraction /= 10
            width -= 1
        }
        out.append(byte: 0x2E)  // .
        out.appendPadded(fraction, width: width)
    }

    @inline(__always)
    private func append(_ bytes: [UInt8], into out: inout ByteWriter) {
        bytes.withUnsafeBufferPointer { out.append($0) }
    }
}
