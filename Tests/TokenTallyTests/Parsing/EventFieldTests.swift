import Testing
@testable import TallyCore
@testable import TallyEvents

/// `EventField.matchQuoted` (word compares on `name":`) against `EventField.match` (the name alone).
@Suite struct EventFieldTests {
    static let names = [
        "ts", "kind", "user", "team", "org", "model", "tool", "session", "task", "input_tokens", "output_tokens",
        "cache_read_tokens", "cache_write_tokens", "cost_usd", "status", "artifact", "id",
    ]

    /// Runs `matchQuoted` on exactly `bytes` (an exact-size allocation, so a read past the end is a
    /// heap overflow under AddressSanitizer).
    static func matchQuoted(_ bytes: [UInt8]) -> (field: EventField, length: Int)? {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        defer { p.deallocate() }
        p.update(from: bytes, count: bytes.count)
        return EventField.matchQuoted(p, p + bytes.count)
    }

    static func match(_ name: [UInt8]) -> EventField? {
        name.withUnsafeBufferPointer { EventField.match($0.baseAddress ?? UnsafePointer(bitPattern: 16)!, count: name.count) }
    }

    @Test func everyFieldMatchesWithItsQuoteAndColon() throws {
        #expect(Self.names.count == 17)
        for name in Self.names {
            let expected = try #require(Self.match(Array(name.utf8)))
            for tail in ["", "1", "1}", "\"x\",\"y\":2}", String(repeating: " ", count: 20)] {
                let bytes = Array("\(name)\":\(tail)".utf8)
                let result = Self.matchQuoted(bytes)
                if bytes.count >= 8 {
                    #expect(result?.field == expected, "\(name) \(tail)")
                    #expect(result?.length == name.utf8.count + 2, "\(name) \(tail)")
                } else {
                    #expect(result == nil, "\(name) \(tail)")
                }
            }
        }
    }

    /// Near misses: every one-byte change, prefix and extension of every name, and other spellings
    /// of the quote and colon. A non-nil result must be exactly `name":` of the field `match` finds.
    @Test func nearMissesNeverMatchAWrongField() {
        var candidates: [[UInt8]] = []
        let replacements: [UInt8] = [0x22, 0x3A, 0x5C, 0x20, 0x00, 0x5F, 0x61, 0x73, 0x74, 0xFF]
        for name in Self.names {
            let n = Array(name.utf8)
            for tail: [UInt8] in [Array("\":".utf8), Array("\" :".utf8), Array("\":".utf8).reversed(), [0x22], Array("\\\":".utf8)] {
                for padding in [0, 1, 8, 24] {
                    let pad = Array(repeating: UInt8(0x31), count: padding)
                    candidates.append(n + tail + pad)
                    for i in 0..<n.count {
                        for r in replacements {
                            var m = n
                            m[i] = r
                            candidates.append(m + tail + pad)
                        }
                        candidates.append(Array(n[0..<i]) + tail + pad)
                    }
                    candidates.append(n + [0x73] + tail + pad)
                    candidates.append([0x5F] + n + tail + pad)
                }
            }
        }
        for bytes in candidates {
            guard let result = Self.matchQuoted(bytes) else { continue }
            #expect(result.length >= 3 && result.length <= bytes.count, "\(bytes)")
            let name = Array(bytes[0..<(result.length - 2)])
            #expect(Array(bytes[(result.length - 2)..<result.length]) == [0x22, 0x3A], "\(bytes)")
            #expect(!name.contains(0x22) && !name.contains(0x5C), "\(bytes)")
            #expect(Self.match(name) == result.field, "\(bytes)")
        }
    }
}

extension EventFieldTests {
    @Test func refIndexIsTheDimensionThenTheInsightSlots() {
        for field in [EventField.user, .team, .org, .model, .tool] {
            #expect(field.refIndex == field.dimension?.rawValue)
        }
        #expect(EventField.session.refIndex == EventRef.session)
        #expect(EventField.task.refIndex == EventRef.task)
        #expect(EventField.status.refIndex == EventRef.status)
        #expect(Set([EventRef.session, EventRef.task, EventRef.status]) == Set(KeyDimension.count..<EventBatch.refsPerEvent))
    }
}
