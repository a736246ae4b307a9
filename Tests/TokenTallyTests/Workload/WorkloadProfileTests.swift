import Foundation
import Testing
@testable import TallyCore
@testable import TallyWorkload

/// `tokentally gen --profile`: `uniform` keeps the original bytes, `realistic` gives many short
/// sessions, shared tasks that live a few days and many activity combinations, `dense` about 20
/// calls per active person-hour. Counts are taken from the lines with Foundation's JSON parser.
@Suite struct WorkloadProfileTests {
    private func generate(_ config: WorkloadConfig) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try WorkloadGenerator(config: config).generate { bytes.append(contentsOf: $0) }
        return bytes
    }

    private func events(_ config: WorkloadConfig) throws -> [[String: Any]] {
        try generate(config).split(separator: UInt8(ascii: "\n")).map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        }
    }

    private func config(_ profile: WorkloadProfile, events: Int = 100_000, users: Int = 2_500, days: Int = 35)
        -> WorkloadConfig
    {
        WorkloadConfig(events: events, users: users, days: days, seed: 1, profile: profile)
    }

    /// Epoch milliseconds of a `ts` value, by hand: epoch milliseconds or RFC 3339 with an offset.
    private func epochMs(_ value: Any?) throws -> Int64 {
        if let number = value as? NSNumber, !(value is String) { return number.int64Value }
        let text = Array(try #require(value as? String).utf8)
        func number(_ from: Int, _ count: Int) -> Int64 {
            text[from..<(from + count)].reduce(0) { $0 * 10 + Int64($1 - 0x30) }
        }
        // Days from 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
        let month = number(5, 2), year = number(0, 4) - (month <= 2 ? 1 : 0)
        let era = year / 400, yearOfEra = year - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + number(8, 2) - 1
        let days = era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
        var ms = ((days * 24 + number(11, 2)) * 60 + number(14, 2)) * 60_000 + number(17, 2) * 1_000
        var i = 19
        if text[i] == UInt8(ascii: ".") {
            let digits = text[(i + 1)...].prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            ms += number(i + 1, min(digits, 3)) * [1, 100, 10, 1][min(digits, 3)]
            i += 1 + digits
        }
        if text[i] == UInt8(ascii: "Z") { return ms }
        let offsetMs = (number(i + 1, 2) * 60 + number(i + 4, 2)) * 60_000
        return text[i] == UInt8(ascii: "+") ? ms - offsetMs : ms + offsetMs
    }

    private struct Counts {
        var sessions = Set<String>(), tasks = Set<String>(), combinations = Set<String>()
    }

    private func counts(_ all: [[String: Any]]) -> Counts {
        var counts = Counts()
        for event in all {
            if let session = event["session"] as? String { counts.sessions.insert(session) }
            if let task = event["task"] as? String { counts.tasks.insert(task) }
            guard event["kind"] as? String != "outcome" else { continue }
            let fields = ["user", "team", "org", "model", "tool"].map { event[$0] as? String ?? "-" }
            counts.combinations.insert(fields.joined(separator: "|"))
        }
        return counts
    }

    // MARK: - uniform

    /// The XXH64 values were recorded from the ORIGINAL generator, before profiles existed (commit
    /// b40be49): `tokentally gen --events 20000 --users 200 | python3 -c 'import sys, xxhash; ...'`,
    /// 5,096,269 bytes, and with `--teams 10 --days 7 --seed 3`, 5,029,490 bytes.
    @Test func uniformIsTheOriginalStreamByteForByte() throws {
        let plain = try generate(WorkloadConfig(events: 20_000, users: 200))
        #expect(plain.count == 5_096_269)
        #expect(XXH64.hash(plain) == 0xAC08_D241_C280_5456)
        let other = try generate(WorkloadConfig(events: 20_000, users: 200, teams: 10, days: 7, seed: 3, profile: .uniform))
        #expect(other.count == 5_029_490)
        #expect(XXH64.hash(other) == 0x2874_8403_E424_D95C)
    }

    // MARK: - realistic

    /// The command's default is the realistic profile (the API's stays uniform, which tests and
    /// fixtures were written against).
    @Test func theCommandGeneratesTheRealisticProfileByDefault() throws {
        let workspace = TestWorkspace()
        let arguments = ["gen", "--events", "3000", "--users", "100", "--seed", "4"]
        let plain = try BinaryRunner.run(arguments, in: workspace)
        let realistic = try BinaryRunner.run(arguments + ["--profile", "realistic"], in: workspace)
        let uniform = try BinaryRunner.run(arguments + ["--profile", "uniform"], in: workspace)
        #expect(plain.status == 0 && !plain.stdout.isEmpty)
        #expect(plain.stdout == realistic.stdout)
        #expect(plain.stdout != uniform.stdout)
    }

    /// The reference month (10M events, 85,000 users, 35 days) has about 0.55 sessions and 0.14 tasks
    /// per event (docs/performance.md); a run with the same events per user keeps those ratios within
    /// about 20%, and has an order of magnitude more sessions than `uniform`.
    @Test func realisticHasManyShortSessionsTasksAndCombinations() throws {
        let uniform = counts(try events(config(.uniform)))
        let all = try events(config(.realistic))
        let realistic = counts(all)
        #expect(all.count == 100_000)
        #expect((45_000...65_000).contains(realistic.sessions.count), "\(realistic.sessions.count) sessions")
        #expect((11_000...20_000).contains(realistic.tasks.count), "\(realistic.tasks.count) tasks")
        #expect((18_000...35_000).contains(realistic.combinations.count), "\(realistic.combinations.count) combinations")
        #expect(realistic.sessions.count >= 10 * uniform.sessions.count, "uniform \(uniform.sessions.count)")
        #expect(realistic.tasks.count >= 4 * uniform.tasks.count, "uniform \(uniform.tasks.count)")
        #expect(realistic.combinations.count >= 4 * uniform.combinations.count, "uniform \(uniform.combinations.count)")
        // Ids stay unique.
        #expect(Set(all.compactMap { $0["id"] as? String }).count == all.count)
    }

    /// A task is worked on by one or a few people for at most `taskDays` (3) after it is opened, plus
    /// the rest of a session that started on it; tasks still reach a final status.
    @Test func realisticTasksAreSharedLiveAFewDaysAndShip() throws {
        var people: [String: Set<String>] = [:], firstMs: [String: Int64] = [:], lastMs: [String: Int64] = [:]
        var finished = Set<String>(), runningMaxMs = Int64.min
        for event in try events(config(.realistic)) {
            let ms = try epochMs(event["ts"])
            #expect(runningMaxMs == .min || ms >= runningMaxMs - 2 * WorkloadEmitter.maxJitterMs - 1_000)
            runningMaxMs = max(runningMaxMs, ms)
            guard let task = event["task"] as? String else { continue }
            people[task, default: []].insert(try #require(event["user"] as? String))
            firstMs[task] = min(firstMs[task] ?? .max, ms)
            lastMs[task] = max(lastMs[task] ?? .min, ms)
            if let status = event["status"] as? String, ["shipped", "merged", "abandoned"].contains(status) {
                finished.insert(task)
            }
        }
        let peoplePerTask = Double(people.values.reduce(0) { $0 + $1.count }) / Double(people.count)
        #expect(peoplePerTask > 1.1 && peoplePerTask < 2, "\(peoplePerTask) people per task")
        #expect(people.values.contains { $0.count >= 3 })
        let spansMs = firstMs.keys.map { lastMs[$0]! - firstMs[$0]! }
        #expect(spansMs.max()! <= 4 * 86_400_000, "a task lived \(Double(spansMs.max()!) / 86_400_000) days")
        #expect(spansMs.count { $0 > 86_400_000 } > spansMs.count / 20, "few tasks live over a day")
        #expect(finished.count > 100, "\(finished.count) tasks reached a final status")
    }

    // MARK: - dense

    /// About 20 calls per active person-hour in `dense`, a few in `realistic`, on the same stream size.
    @Test func denseMakesAboutTwentyCallsPerActivePersonHour() throws {
        func callsPerPersonHour(_ profile: WorkloadProfile) throws -> Double {
            let all = try events(config(profile, events: 60_000, users: 2_000, days: 3))
            var personHours = Set<String>()
            for event in all {
                personHours.insert("\(event["user"] as? String ?? "-")@\(try epochMs(event["ts"]) / 3_600_000)")
            }
            return Double(all.count) / Double(personHours.count)
        }
        let dense = try callsPerPersonHour(.dense)
        let realistic = try callsPerPersonHour(.realistic)
        #expect(dense >= 14 && dense <= 28, "dense: \(dense) calls per active person-hour")
        #expect(realistic < 6, "realistic: \(realistic) calls per active person-hour")
    }

    // MARK: - Determinism and options

    @Test(arguments: [WorkloadProfile.realistic, .dense])
    func theSameSeedGivesTheSameBytes(profile: WorkloadProfile) throws {
        let a = try generate(config(profile, events: 20_000, users: 500))
        #expect(a == (try generate(config(profile, events: 20_000, users: 500))))
        var otherSeed = config(profile, events: 20_000, users: 500)
        otherSeed.seed = 2
        #expect(a != (try generate(otherSeed)))
        #expect(a != (try generate(config(.uniform, events: 20_000, users: 500))))
        #expect(a.count { $0 == UInt8(ascii: "\n") } == 20_000)
    }

    @Test func shapeOptionsOverrideTheProfile() throws {
        var longer = config(.realistic, events: 20_000, users: 500)
        longer.sessionCalls = 20
        let base = counts(try events(config(.realistic, events: 20_000, users: 500)))
        let fewer = counts(try events(longer))
        #expect(fewer.sessions.count * 4 < base.sessions.count, "\(fewer.sessions.count) vs \(base.sessions.count)")
        #expect(longer.shape?.sessionCalls == 20 && longer.shape?.taskDays == 3)
        #expect(WorkloadConfig(events: 1).shape == nil)
    }

    @Test func shapeOptionsAreValidated() {
        func message(_ edit: (inout WorkloadConfig) -> Void, profile: WorkloadProfile = .realistic) -> String? {
            var config = WorkloadConfig(events: 1, profile: profile)
            edit(&config)
            do {
                try config.validate()
                return nil
            } catch {
                return error.description
            }
        }
        let uniform = message({ $0.sessionsPerDay = 3 }, profile: .uniform)
        #expect(uniform?.contains("--sessions-per-day") == true && uniform?.contains("--profile") == true, "\(uniform ?? "")")
        let cases: [(WritableKeyPath<WorkloadConfig, Int?>, String, Int)] = [
            (\.sessionsPerDay, "--sessions-per-day", WorkloadConfig.maxSessionsPerDay),
            (\.sessionCalls, "--session-calls", WorkloadConfig.maxSessionCalls),
            (\.callsPerHour, "--calls-per-hour", WorkloadConfig.maxCallsPerHour),
            (\.taskDays, "--task-days", WorkloadConfig.maxDays),
            (\.peoplePerTask, "--people-per-task", WorkloadConfig.maxPeoplePerTask),
        ]
        for (field, option, max) in cases {
            for bad in [0, -1, max + 1] {
                let text = message { $0[keyPath: field] = bad }
                #expect(text?.contains(option) == true && text?.contains("\(max)") == true, "\(option) \(bad): \(text ?? "")")
            }
            #expect(message({ $0[keyPath: field] = max }, profile: .dense) == nil, "\(option) \(max)")
            #expect(message({ $0[keyPath: field] = 1 }, profile: .uniform)?.contains(option) == true)
        }
        #expect(WorkloadProfile(rawValue: "bursty") == nil)
    }
}
