import Testing
@testable import TallyCore

/// Window membership at hour and UTC-day edges, late and future events, through the real pipeline.
@Suite struct WindowBoundaryTests {
    @Test func hourWindowsCoverWholeHoursEndingAtTheWatermarksHour() throws {
        let workspace = TestWorkspace()
        let watermark = utcMs(2026, 11, 1, 10, 30)
        let (_, snapshot) = try workspace.ingest(lines: [
            usageLine(utcMs(2026, 11, 1, 10, 0, 0), user: "start-of-hour", tokens: 1),
            usageLine(utcMs(2026, 11, 1, 9, 59, 59, ms: 999), user: "previous-hour", tokens: 10),
            usageLine(utcMs(2026, 10, 31, 11, 0, 0), user: "first-hour-of-24h", tokens: 100),
            usageLine(utcMs(2026, 10, 31, 10, 59, 59, ms: 999), user: "just-before-24h", tokens: 1000),
            usageLine(watermark, user: "watermark", tokens: 5),
        ])
        #expect(snapshot.header.watermarkMs == watermark)
        #expect(try snapshot.tokens(.user, "1h") == ["start-of-hour": 1, "watermark": 5])
        #expect(try snapshot.tokens(.user, "24h") == [
            "start-of-hour": 1, "previous-hour": 10, "first-hour-of-24h": 100, "watermark": 5,
        ])
        #expect(try snapshot.tokens(.user, "7d")["just-before-24h"] == 1000)
    }

    @Test func dayWindowsCoverWholeUTCDays() throws {
        let workspace = TestWorkspace()
        let (_, snapshot) = try workspace.ingest(lines: [
            usageLine(utcMs(2026, 10, 26, 0, 0, 0), user: "first-day-of-7d", tokens: 1),
            usageLine(utcMs(2026, 10, 25, 23, 59, 59, ms: 999), user: "day-before-7d", tokens: 10),
            usageLine(utcMs(2026, 10, 3, 0, 0, 0), user: "first-day-of-30d", tokens: 100),
            usageLine(utcMs(2026, 11, 1, 23, 59, 59, ms: 999), user: "end-of-watermark-day", tokens: 1000),
        ])
        #expect(try snapshot.tokens(.user, "7d") == ["first-day-of-7d": 1, "end-of-watermark-day": 1000])
        #expect(try snapshot.tokens(.user, "30d") == [
            "first-day-of-7d": 1, "day-before-7d": 10, "first-day-of-30d": 100, "end-of-watermark-day": 1000,
        ])
    }

    @Test func eventsBeforeTheLongestWindowAreLateOnlyWhenTheyArrive() throws {
        let workspace = TestWorkspace()
        let (summary, snapshot) = try workspace.ingest(lines: [
            // Accepted: the watermark is still early when it arrives; expires from every window later.
            usageLine(utcMs(2026, 9, 1, 12), user: "early", tokens: 7),
            usageLine(utcMs(2026, 11, 1, 12), user: "now", tokens: 1),
            // Late: its day is before the 30d window's first day (2026-10-03) at arrival.
            usageLine(utcMs(2026, 10, 2, 23, 59, 59, ms: 999), user: "late", tokens: 1000),
            // Not late: first day of the 30d window, though outside 24h.
            usageLine(utcMs(2026, 10, 3), user: "old-but-in-30d", tokens: 10),
        ])
        #expect(summary.counters.lateEvents == 1)
        #expect(summary.counters.eventsAccepted == 3)
        #expect(try snapshot.tokens(.user, "30d") == ["now": 1, "old-but-in-30d": 10])
        #expect(try snapshot.tokens(.user, "24h") == ["now": 1])
        #expect(snapshot.header.counters.lateEvents == 1)
    }

    @Test func futureEventsAreRejectedAndDoNotMoveTheWatermark() throws {
        let workspace = TestWorkspace()
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let (summary, snapshot) = try workspace.ingest(lines: [
            usageLine(now - 1000, user: "present", tokens: 1),
            usageLine(now + 2 * Timestamp.msPerDay, user: "future", tokens: 5),
        ])
        #expect(summary.counters.rejected(.futureTs) == 1)
        #expect(snapshot.header.watermarkMs == now - 1000)
        #expect(try snapshot.tokens(.user, "1h") == ["present": 1])
    }

    @Test func instantsBefore1970FallIntoTheRightBuckets() throws {
        let workspace = TestWorkspace()
        let (_, snapshot) = try workspace.ingest(lines: [
            usageLine(-1, user: "last-ms-of-1969", tokens: 1),  // 1969-12-31T23:59:59.999Z
            usageLine(-Timestamp.msPerHour, user: "hour-before", tokens: 10),  // 23:00:00 on 1969-12-31
            usageLine(-Timestamp.msPerHour - 1, user: "previous-hour", tokens: 100),  // 22:59:59.999
            usageLine(-Timestamp.msPerDay - 1, user: "previous-day", tokens: 1000),  // 1969-12-30
        ], windows: "1h,1d,2d")
        #expect(try snapshot.tokens(.user, "1h") == ["last-ms-of-1969": 1, "hour-before": 10])
        #expect(try snapshot.tokens(.user, "1d") == ["last-ms-of-1969": 1, "hour-before": 10, "previous-hour": 100])
        #expect(try snapshot.tokens(.user, "2d")["previous-day"] == 1000)
    }

    @Test func aRingSlotReusedAWindowLaterDropsTheOldBucket() throws {
        let workspace = TestWorkspace()
        let day0 = utcMs(2026, 10, 1, 12)
        let (_, snapshot) = try workspace.ingest(lines: [
            usageLine(day0, user: "a", tokens: 1000),
            usageLine(day0 + 7 * Timestamp.msPerDay, user: "a", tokens: 1),  // same ring slot of a 7d ring
        ], windows: "7d")
        #expect(try snapshot.tokens(.user, "7d") == ["a": 1])
    }

    @Test func orderWithinTheLateBoundDoesNotChangeTotals() throws {
        let base = utcMs(2026, 11, 1)
        var lines: [String] = []
        var generator = SystemRandomNumberGenerator()
        for i in 0..<2000 {
            let ts = base + Int64.random(in: 0..<(20 * Timestamp.msPerDay), using: &generator)
            lines.append(usageLine(ts, user: "u\(i % 37)", team: "t\(i % 5)", tokens: i % 97 + 1))
        }
        let sorted = lines.sorted { ts(of: $0) < ts(of: $1) }
        let (_, a) = try TestWorkspace().ingest(lines: lines)
        let (_, b) = try TestWorkspace().ingest(lines: sorted)
        for window in ["1h", "24h", "7d", "30d"] {
            for dimension in [KeyDimension.user, .team, .model] {
                #expect(try a.totals(dimension: dimension, window: window) == b.totals(dimension: dimension, window: window))
            }
        }
    }

    private func ts(of line: String) -> Int64 {
        Int64(line.split(separator: ",")[0].dropFirst(6))!
    }

    @Test func windowListsAreValidated() {
        #expect(throws: WindowError.malformed("5m")) { try WindowSet(parsing: "1h,5m") }
        #expect(throws: WindowError.duplicate("7d")) { try WindowSet(parsing: "7d,7d") }
        #expect(throws: WindowError.self) { try WindowSet(parsing: "1000d") }
        #expect(throws: WindowError.malformed("")) { try WindowSet(parsing: "") }
        let set = try? WindowSet(parsing: "1h, 48h,30d")
        #expect(set?.hourSlots == 48)
        #expect(set?.daySlots == 30)
    }
}

import Foundation
