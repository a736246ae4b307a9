import Foundation
import Testing
@testable import TokenTally

@Suite struct WorkloadGeneratorTests {
    private func generate(_ config: WorkloadConfig) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try WorkloadGenerator(config: config).generate { bytes.append(contentsOf: $0) }
        return bytes
    }

    @Test func theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws {
        let a = try generate(WorkloadConfig(events: 3000, users: 50, seed: 9))
        let b = try generate(WorkloadConfig(events: 3000, users: 50, seed: 9))
        let c = try generate(WorkloadConfig(events: 3000, users: 50, seed: 10))
        #expect(a == b)
        #expect(a != c)
    }

    @Test func everyLineIsAValidEventInsideTheSpan() throws {
        let config = WorkloadConfig(events: 20_000, users: 200, teams: 10, days: 7, seed: 3)
        let bytes = try generate(config)
        let lines = bytes.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == 20_000)
        #expect(bytes.last == UInt8(ascii: "\n"))
        var users = Set<String>(), teams = Set<String>(), outcomes = 0, epochTs = 0, textTs = 0, escapes = 0
        let startMs = config.endMs - 7 * 86_400_000
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let ts = try IndependentTotals.timestamp(try #require(object["ts"]))
            #expect(ts >= startMs && ts <= config.endMs)
            if object["ts"] is String { textTs += 1 } else { epochTs += 1 }
            let user = try #require(object["user"] as? String)
            users.insert(user)
            teams.insert(try #require(object["team"] as? String))
            if String(decoding: line, as: UTF8.self).contains("\\u002d") { escapes += 1 }
            if object["kind"] as? String == "outcome" {
                outcomes += 1
                #expect(object["task"] is String && object["status"] is String)
                #expect(object["input_tokens"] == nil)
            } else {
                #expect(object["model"] is String)
                for field in ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"] {
                    #expect(((object[field] as? NSNumber)?.int64Value ?? -1) >= 0)
                }
            }
        }
        #expect(users.count <= 200 && users.count > 100)
        #expect(teams.count <= 10)
        #expect(outcomes > 200 && outcomes < 1200)  // about 3%
        #expect(epochTs > 8000 && textTs > 8000)
        #expect(escapes > 10)
    }

    @Test func afewUsersUseOrdersOfMagnitudeMoreThanTheMedian() throws {
        let bytes = try generate(WorkloadConfig(events: 20_000, users: 200, seed: 5))
        var tokens: [String: Int64] = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let object = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
            let user = object["user"] as! String
            let sum = ["input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens"]
                .reduce(Int64(0)) { $0 + ((object[$1] as? NSNumber)?.int64Value ?? 0) }
            tokens[user, default: 0] += sum
        }
        let sorted = tokens.values.sorted()
        let median = sorted[sorted.count / 2]
        #expect(sorted.last! >= 50 * median)
    }

    @Test func invalidOptionsAreRejected() {
        #expect(throws: WorkloadError.self) { try WorkloadConfig(events: -1).validate() }
        #expect(throws: WorkloadError.self) { try WorkloadConfig(events: 1, users: 10, teams: 11).validate() }
        #expect(throws: WorkloadError.self) { try WorkloadConfig(events: 1, days: 0).validate() }
        #expect(throws: WorkloadError.self) { try WorkloadConfig.parseEnd("tomorrow") }
        #expect((try? WorkloadConfig.parseEnd("2026-11-01T00:00:00Z")) == WorkloadConfig.defaultEndMs)
    }
}
