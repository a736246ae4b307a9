import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import TallyCore
@testable import TallyWorkload

/// `tokentally gen`: every line must be accepted by the schema v1 contract, the stream must be
/// deterministic, and it must have the shape the demos and benchmarks rely on (heavy tail, both
/// timestamp encodings, outcomes, escapes, bounded disorder).
@Suite struct WorkloadGeneratorTests {
    private static let tokenFields = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"]
    private static let statuses: Set<String> = ["opened", "in_progress", "shipped", "merged", "abandoned"]

    private func generate(_ config: WorkloadConfig) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try WorkloadGenerator(config: config).generate { bytes.append(contentsOf: $0) }
        return bytes
    }

    private func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast().map { $0 }
    }

    private func object(_ line: ArraySlice<UInt8>) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any], "not an object: \(text(line))")
    }

    private func text(_ line: ArraySlice<UInt8>) -> String { String(decoding: line, as: UTF8.self) }

    /// The number after `"field":` exactly as written.
    private func literal(_ field: String, in line: String) -> String? {
        guard let range = line.range(of: "\"\(field)\":") else { return nil }
        return String(line[range.upperBound...].prefix { $0 != "," && $0 != "}" })
    }

    // MARK: - Determinism and framing

    @Test func theSameOptionsGiveTheSameBytesAndAnotherSeedDoesNot() throws {
        let a = try generate(WorkloadConfig(events: 3000, users: 50, seed: 9))
        let b = try generate(WorkloadConfig(events: 3000, users: 50, seed: 9))
        let c = try generate(WorkloadConfig(events: 3000, users: 50, seed: 10))
        #expect(!a.isEmpty)
        #expect(a == b)
        #expect(a != c)
    }

    @Test(arguments: [0, 1, 2, 997, 12_345])
    func writesExactlyOneLinePerEvent(events: Int) throws {
        let bytes = try generate(WorkloadConfig(events: events, users: 30))
        let newlines = bytes.count { $0 == UInt8(ascii: "\n") }
        #expect(newlines == events)
        #expect(events == 0 ? bytes.isEmpty : bytes.last == UInt8(ascii: "\n"))
        #expect(!bytes.contains(UInt8(ascii: "\r")))
        #expect(lines(bytes).allSatisfy { !$0.isEmpty })
    }

    @Test func linesAreAFewHundredBytes() throws {
        let bytes = try generate(WorkloadConfig(events: 20_000, users: 500, seed: 2))
        let lengths = lines(bytes).map(\.count)
        let mean = Double(bytes.count) / Double(lengths.count)
        #expect(mean >= 200 && mean <= 300, "mean line \(mean) bytes")
        #expect(lengths.max()! < 600)
    }

    @Test func writeToADescriptorGivesTheSameBytesAsGenerate() throws {
        let config = WorkloadConfig(events: 30_000, users: 300, seed: 4)  // several 1 MiB blocks
        let path = NSTemporaryDirectory() + "tokentally-gen-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).ndjson"
        defer { unlink(path) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        try WorkloadGenerator(config: config).write(to: fd)
        close(fd)
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(written.count > 2 << 20)
        #expect(written == (try generate(config)))
    }

    @Test func aClosedPipeEndsWithOutputClosed() throws {
        signal(SIGPIPE, SIG_IGN)  // as the command does: EPIPE instead of death by signal
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        #expect(throws: WorkloadError.outputClosed) {
            try WorkloadGenerator(config: WorkloadConfig(events: 100_000, users: 100)).write(to: fds[1])
        }
    }

    // MARK: - Schema v1

    @Test func everyLineIsAnAcceptedSchemaV1EventInsideTheSpan() throws {
        let config = WorkloadConfig(events: 20_000, users: 200, teams: 10, days: 7, seed: 3)
        let startMs = config.endMs - 7 * 86_400_000
        let all = lines(try generate(config))
        #expect(all.count == 20_000)
        var ids = Set<String>(), teamOfUser: [String: String] = [:]
        var runningMaxMs = Int64.min, minMs = Int64.max, maxMs = Int64.min
        for line in all {
            let event = try object(line)
            let raw = text(line)
            // Required fields and their types.
            let tsValue = try #require(event["ts"], "no ts: \(raw)")
            let ts = try IndependentTotals.timestamp(tsValue)
            #expect(ts >= startMs && ts <= config.endMs, "ts outside the span: \(raw)")
            // Disorder is bounded: jitter either way, plus a dropped fraction of a second.
            #expect(runningMaxMs == .min || ts >= runningMaxMs - 2 * WorkloadEmitter.maxJitterMs - 1_000, "\(raw)")
            runningMaxMs = max(runningMaxMs, ts)
            minMs = min(minMs, ts)
            maxMs = max(maxMs, ts)
            let user = try #require(event["user"] as? String, "no user: \(raw)")
            let kind = event["kind"] as? String ?? "usage"
            #expect(event["kind"] == nil || kind == "usage" || kind == "outcome", "\(raw)")
            // Producers' ids are unique.
            let id = try #require(event["id"] as? String)
            #expect(ids.insert(id).inserted, "duplicate id \(id)")
            // Names stay inside the configured population, and a user's team never changes.
            let userNumber = try #require(Int(user.dropFirst()), "user \(user)")
            #expect(user.hasPrefix("u") && user.count == 7 && (1...200).contains(userNumber), "\(raw)")
            let team = try #require(event["team"] as? String)
            #expect(team.hasPrefix("team-") && (0..<10).contains(Int(team.dropFirst(5)) ?? -1), "\(raw)")
            #expect(event["org"] as? String == "org-00")  // max(1, 10 / 8) = 1 org
            #expect(teamOfUser.updateValue(team, forKey: user) ?? team == team, "\(user) changed team")
            if kind == "outcome" {
                #expect(event["model"] == nil && Self.tokenFields.allSatisfy { event[$0] == nil }, "\(raw)")
                continue
            }
            #expect(event["model"] is String && event["tool"] is String, "\(raw)")
            // Token counts are non-negative integer literals (not 12.0, -1, 1e3 or "12").
            for field in Self.tokenFields {
                guard let value = literal(field, in: raw) else { continue }
                #expect(!value.isEmpty && value.allSatisfy(\.isASCII) && value.allSatisfy(\.isNumber), "\(field) in \(raw)")
                #expect(value == "0" || !value.hasPrefix("0"), "\(field) in \(raw)")
                #expect(Int64(value) != nil)
            }
            #expect(literal("input_tokens", in: raw) != nil && literal("cache_read_tokens", in: raw) != nil)
            if let cost = literal("cost_usd", in: raw) {
                let parts = cost.split(separator: ".", omittingEmptySubsequences: false)
                #expect(parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }, "\(raw)")
                #expect(parts.count == 1 || parts[1].count <= 6, "\(raw)")
            }
        }
        // The events cover the whole span, not a corner of it.
        #expect(minMs < startMs + 86_400_000 && maxMs > config.endMs - 86_400_000)
    }

    @Test func anRFC3339TimeOfTheStreamMeansTheSameInstantToTheEngineAndToFoundation() throws {
        for line in lines(try generate(WorkloadConfig(events: 5000, users: 100, seed: 8))) {
            guard let ts = try object(line)["ts"] as? String else { continue }
            let engine = Array(ts.utf8).withUnsafeBufferPointer { Timestamp.parseRFC3339($0.baseAddress!, count: $0.count) }
            #expect(engine == (try IndependentTotals.timestamp(ts)), "\(ts)")
        }
    }

    @Test func bothTimestampEncodingsWithOffsetsAndFractionLengths() throws {
        var epochMs = 0, rfc3339 = 0, utc = 0, offsets = Set<String>(), fractionDigits = Set<Int>()
        for line in lines(try generate(WorkloadConfig(events: 20_000, users: 200, seed: 6))) {
            let ts = try #require(try object(line)["ts"])
            guard let text = ts as? String else {
                #expect(ts is NSNumber)
                epochMs += 1
                continue
            }
            rfc3339 += 1
            if text.hasSuffix("Z") { utc += 1 } else { offsets.insert(String(text.suffix(6))) }
            let seconds = text.prefix(19)
            let rest = text.dropFirst(19)
            #expect(seconds.count == 19 && seconds.dropFirst(10).first == "T", "\(text)")
            fractionDigits.insert(rest.hasPrefix(".") ? rest.dropFirst().prefix { $0.isNumber }.count : 0)
        }
        #expect(epochMs > 8_000 && rfc3339 > 8_000)  // about half each
        #expect(utc > rfc3339 / 3 && !offsets.isEmpty)
        #expect(offsets.isSuperset(of: ["+14:00", "-05:30", "+05:30", "+02:00"]), "\(offsets)")
        #expect(fractionDigits == [0, 3, 6, 9])
    }

    @Test func someNamesAreSpelledWithEscapesThatUnescapeToThePlainName() throws {
        var escaped = 0
        for line in lines(try generate(WorkloadConfig(events: 20_000, users: 200, teams: 10, seed: 7))) {
            let raw = text(line)
            guard raw.contains("\\u00") else { continue }
            escaped += 1
            let event = try object(line)
            let user = try #require(event["user"] as? String)
            let team = try #require(event["team"] as? String)
            #expect(user.wholeMatch(of: /u\d{6}/) != nil && team.wholeMatch(of: /team-\d{4}/) != nil, "\(raw)")
            if let task = event["task"] as? String { #expect(task.hasPrefix("TASK-"), "\(raw)") }
            if let model = event["model"] as? String { #expect(!model.contains("\\")) }
        }
        #expect(escaped >= 10 && escaped <= 100, "\(escaped) escaped lines; about 1 in 500 expected")
    }

    // MARK: - Shape of the workload

    @Test func aFewUsersUseOrdersOfMagnitudeMoreThanTheMedian() throws {
        var tokens: [String: Int64] = [:]
        for line in lines(try generate(WorkloadConfig(events: 20_000, users: 200, seed: 5))) {
            let event = try object(line)
            let user = try #require(event["user"] as? String)
            tokens[user, default: 0] += Self.tokenFields.reduce(Int64(0)) { $0 + ((event[$1] as? NSNumber)?.int64Value ?? 0) }
        }
        let sorted = tokens.values.sorted()
        let median = sorted[sorted.count / 2]
        #expect(sorted.count > 150)  // light users still show up
        #expect(try #require(sorted.last) >= 50 * median, "top \(sorted.last ?? 0), median \(median)")
    }

    @Test func callsAreCacheHeavyAndSomeCarryACost() throws {
        var ratios: [Double] = [], usage = 0, withCost = 0
        for line in lines(try generate(WorkloadConfig(events: 20_000, users: 200, seed: 11))) {
            let event = try object(line)
            guard event["kind"] as? String != "outcome" else { continue }
            usage += 1
            if let cost = event["cost_usd"] as? NSNumber {
                withCost += 1
                #expect(cost.doubleValue >= 0)
            }
            let input = (event["input_tokens"] as? NSNumber)?.int64Value ?? 0
            let cacheRead = (event["cache_read_tokens"] as? NSNumber)?.int64Value ?? 0
            if input > 0, cacheRead > 0 { ratios.append(Double(cacheRead) / Double(input)) }
        }
        ratios.sort()
        let median = ratios[ratios.count / 2]
        #expect(median >= 5 && median <= 50, "median cache read / input \(median)")
        let costShare = Double(withCost) / Double(usage)
        #expect(costShare > 0.25 && costShare < 0.35, "cost on \(costShare) of usage events")
    }

    @Test func outcomeEventsReferToTasksTheirUsersWorkedOn() throws {
        var outcomes = 0, total = 0, statusesSeen = Set<String>(), known = 0
        var tasksOfUser: [String: Set<String>] = [:]
        var outcomePairs: [(user: String, task: String)] = []
        for line in lines(try generate(WorkloadConfig(events: 20_000, users: 200, seed: 12))) {
            total += 1
            let event = try object(line)
            let user = try #require(event["user"] as? String)
            guard event["kind"] as? String == "outcome" else {
                if let task = event["task"] as? String { tasksOfUser[user, default: []].insert(task) }
                continue
            }
            outcomes += 1
            let task = try #require(event["task"] as? String, "outcome without task: \(text(line))")
            let status = try #require(event["status"] as? String)
            #expect(task.wholeMatch(of: /TASK-\d+/) != nil)
            #expect(Self.statuses.contains(status), "status \(status)")
            statusesSeen.insert(status)
            if status == "shipped" || status == "merged" {
                let artifact = try #require(event["artifact"] as? String, "\(text(line))")
                #expect(artifact.hasPrefix("https://") && artifact.contains("/pull/"))
            } else {
                #expect(event["artifact"] == nil)
            }
            outcomePairs.append((user, task))
        }
        for pair in outcomePairs where tasksOfUser[pair.user]?.contains(pair.task) == true { known += 1 }
        let share = Double(outcomes) / Double(total)
        #expect(share > 0.02 && share < 0.04, "outcomes are \(share) of lines")
        #expect(statusesSeen == Self.statuses)
        // Chat and API sessions do not name their task, so not every outcome can be matched.
        #expect(Double(known) > 0.6 * Double(outcomePairs.count), "\(known) of \(outcomePairs.count) outcomes matched")
    }

    @Test func heavyUsersExceed32BitTotalsAndNothingOverflows() throws {
        // Totals are Int64 everywhere; a heavy user over a month passes 2^32 at benchmark scale. At
        // test scale, check the per-event sizes that make that possible.
        var largest: Int64 = 0
        for line in lines(try generate(WorkloadConfig(events: 20_000, users: 2_000, seed: 13))) {
            let event = try object(line)
            for field in Self.tokenFields { largest = max(largest, (event[field] as? NSNumber)?.int64Value ?? 0) }
        }
        #expect(largest > 100_000 && largest <= 1_048_576)  // heavy calls, within the largest context window
    }

    // MARK: - Options

    @Test func invalidOptionsAreRejectedWithTheOptionNamed() {
        let cases: [(WorkloadConfig, String)] = [
            (WorkloadConfig(events: -1), "--events"),
            (WorkloadConfig(events: 1, users: 0), "--users"),
            (WorkloadConfig(events: 1, users: WorkloadConfig.maxUsers + 1), "--users"),
            (WorkloadConfig(events: 1, users: 10, teams: 11), "--teams"),
            (WorkloadConfig(events: 1, users: 10, teams: 0), "--teams"),
            (WorkloadConfig(events: 1, days: 0), "--days"),
            (WorkloadConfig(events: 1, days: 3651), "--days"),
            (WorkloadConfig(events: 1, days: 35, endMs: 86_400_000), "--end"),
            (WorkloadConfig(events: 1, endMs: 253_402_300_799_999), "--end"),
        ]
        for (config, option) in cases {
            #expect(throws: WorkloadError.self) { try config.validate() }
            do {
                try config.validate()
            } catch {
                #expect(error.description.contains(option), "\(error)")
            }
            #expect(throws: WorkloadError.self) { try WorkloadGenerator(config: config).generate { _ in } }
        }
        #expect(throws: Never.self) { try WorkloadConfig(events: 0, users: 1, teams: 1, days: 1, endMs: 86_400_000).validate() }
        #expect(WorkloadConfig(events: 1, users: 1000).teams == 25)
        #expect(WorkloadConfig(events: 1, users: 10).teams == 1)
    }

    @Test func theEndIsParsedAsRFC3339OrEpochMilliseconds() throws {
        #expect(try WorkloadConfig.parseEnd("2026-11-01T00:00:00Z") == WorkloadConfig.defaultEndMs)
        #expect(try WorkloadConfig.parseEnd("2026-11-01T02:00:00+02:00") == WorkloadConfig.defaultEndMs)
        #expect(try WorkloadConfig.parseEnd("2026-10-31T18:30:00.000-05:30") == WorkloadConfig.defaultEndMs)
        #expect(try WorkloadConfig.parseEnd("1793491200000") == WorkloadConfig.defaultEndMs)
        #expect(try WorkloadConfig.parseEnd("2024-02-29T12:00:00.123456Z") == 1_709_208_000_123)
        for bad in ["", "tomorrow", "2026-11-01", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2026-11-01T00:00:00",
                    "-5", "99999999999999999999"] {
            #expect(throws: WorkloadError.self, "\(bad)") { try WorkloadConfig.parseEnd(bad) }
        }
    }

    @Test func theSpanEndsAtEnd() throws {
        let endMs = try WorkloadConfig.parseEnd("2025-03-30T12:00:00Z")
        let config = WorkloadConfig(events: 2000, users: 20, days: 2, seed: 1, endMs: endMs)
        var latest = Int64.min
        for line in lines(try generate(config)) {
            let ts = try IndependentTotals.timestamp(try #require(try object(line)["ts"]))
            #expect(ts >= endMs - 2 * 86_400_000 && ts <= endMs)
            latest = max(latest, ts)
        }
        #expect(latest > endMs - 3_600_000)
    }
}
