import Testing
@testable import TallySnapshot

/// The binary sections' column writer and reader: round trips, and refusal of payloads that end
/// early, claim more rows than they hold, or run on after the last field.
@Suite struct ColumnCodecTests {
    @Test func valuesAndColumnsRoundTripLittleEndian() throws {
        var w = ColumnWriter()
        w.append(UInt32(0x0102_0304))
        w.append(column: [Int64.min, -1, 0, Int64.max])
        w.append(column: [UInt8(7), 255])
        w.append(UInt64(3))
        w.append(column: [Int32(-5), 6, Int32.max])
        "key".utf8CString.dropLast().withUnsafeBytes { w.append(raw: $0) }
        #expect(Array(w.bytes[0..<4]) == [4, 3, 2, 1])
        try w.bytes.withBytes { (bytes) throws(SnapshotError) in
            var r = ColumnReader(bytes, section: "test", path: "p")
            #expect(try r.read(UInt32.self, "a") == 0x0102_0304)
            #expect(try r.column(Int64.self, count: 4, "b") == [Int64.min, -1, 0, Int64.max])
            #expect(try r.column(UInt8.self, count: 2, "c") == [7, 255])
            let count = try r.count("d", bytesPerRow: 4)
            #expect(try r.column(Int32.self, count: count, "d") == [-5, 6, Int32.max])
            #expect(Array(try r.raw(count: 3, "e")) == Array("key".utf8))
            try r.finish()
        }
    }

    /// Byte planes: each value's first bytes, then its second bytes..., whatever the width and the
    /// column's length (odd lengths, one value, none), and the reader turns them back.
    @Test func columnsAsBytePlanesRoundTrip() throws {
        var w = ColumnWriter()
        w.append(column: [Int64(0x0102_0304_0506_0708), -2], planes: true)
        w.append(column: [UInt32(0x0A0B_0C0D), 0x1A1B_1C1D, 0x2A2B_2C2D], planes: true)
        w.append(column: [UInt8(9), 8], planes: true)
        w.append(column: [UInt16](), planes: true)
        #expect(w.bytes == [0x08, 0xFE, 0x07, 0xFF, 0x06, 0xFF, 0x05, 0xFF, 0x04, 0xFF, 0x03, 0xFF, 0x02, 0xFF, 0x01, 0xFF,
                            0x0D, 0x1D, 0x2D, 0x0C, 0x1C, 0x2C, 0x0B, 0x1B, 0x2B, 0x0A, 0x1A, 0x2A, 9, 8])
        var random = SystemRandomNumberGenerator()
        for count in [0, 1, 7, 8, 9, 8_192, 10_001] {
            let wide = (0..<count).map { _ in Int64.random(in: .min ... .max, using: &random) }
            let narrow = (0..<count).map { _ in UInt32.random(in: 0 ... .max, using: &random) }
            var c = ColumnWriter()
            c.append(column: wide, planes: true)
            c.append(column: narrow, planes: true)
            #expect(c.count == count * 12)
            try c.bytes.withBytes { (bytes) throws(SnapshotError) in
                var r = ColumnReader(bytes, section: "test", path: "p")
                #expect(try r.column(Int64.self, count: count, "wide", planes: true) == wide)
                #expect(try r.column(UInt32.self, count: count, "narrow", planes: true) == narrow)
                try r.finish()
            }
        }
    }

    private func refusal(_ bytes: [UInt8], _ read: (inout ColumnReader) throws(SnapshotError) -> Void) -> String? {
        do {
            try bytes.withBytes { (b) throws(SnapshotError) in
                var r = ColumnReader(b, section: "counters", path: "file.zst")
                try read(&r)
            }
            return nil
        } catch {
            return error.description
        }
    }

    /// Each byte plane of at least `segmentBytesMin` ends a segment, and so does a long run of raw
    /// bytes; smaller pieces join the segment that follows them.
    @Test func planesAndLongRawRunsEndSegments() {
        let n = ColumnWriter.segmentBytesMin
        var w = ColumnWriter()
        w.append(UInt32(7))  // 4 bytes: joins the first plane's segment
        w.append(column: [Int64](repeating: 1, count: n), planes: true)
        #expect(w.segmentEnds == (1...8).map { 4 + $0 * n })
        w.append(column: [UInt16](repeating: 2, count: 10), planes: true)  // 20 bytes: too short alone
        #expect(w.segmentEnds.count == 8)
        let raw = [UInt8](repeating: 3, count: n)
        raw.withUnsafeBytes { w.append(raw: $0) }
        #expect(w.segmentEnds.count == 9 && w.segmentEnds.last == w.count)
        w.append(column: [Int32](repeating: 4, count: n))  // back to back: no planes, no segment
        #expect(w.segmentEnds.count == 9 && w.segmentEnds.allSatisfy { $0 <= w.count })
        w.removeAll()
        #expect(w.segmentEnds.isEmpty && w.count == 0)
    }

    @Test func aCountBeyondThePayloadIsRefusedBeforeAllocating() {
        var w = ColumnWriter()
        w.append(UInt64(1) << 60)
        w.append(column: [Int64](repeating: 1, count: 4))
        let message = refusal(w.bytes) { (r) throws(SnapshotError) in
            let n = try r.count("the id count", bytesPerRow: 8)
            _ = try r.column(Int64.self, count: n, "ids")
        }
        #expect(message == "file.zst: malformed snapshot: the counters section: the id count claims 1152921504606846976 rows, "
            + "more than its 32 remaining bytes can hold")
        // One row more than the bytes hold, too.
        var five = ColumnWriter()
        five.append(UInt64(5))
        five.append(column: [Int64](repeating: 1, count: 4))
        #expect(refusal(five.bytes) { (r) throws(SnapshotError) in _ = try r.count("n", bytesPerRow: 8) }?.contains("claims 5 rows") == true)
        #expect(refusal(five.bytes) { (r) throws(SnapshotError) in
            let n = try r.count("n", bytesPerRow: 4)  // a looser bound than the column's: the column still checks
            _ = try r.column(Int64.self, count: n, "values")
        }?.contains("ends inside the values column") == true)
    }

    @Test func shortPayloadsAndTrailingBytesAreRefused() {
        #expect(refusal([1, 2, 3]) { (r) throws(SnapshotError) in _ = try r.read(UInt32.self, "the key count") }?
            .contains("the counters section: ends inside the key count (byte 0)") == true)
        #expect(refusal([1, 2, 3]) { (r) throws(SnapshotError) in _ = try r.raw(count: 4, "the key text") }?
            .contains("ends inside the key text") == true)
        #expect(refusal([1, 2, 3]) { (r) throws(SnapshotError) in _ = try r.column(UInt8.self, count: -1, "dimension") } != nil)
        #expect(refusal([1, 2, 3]) { (r) throws(SnapshotError) in
            _ = try r.read(UInt16.self, "a")
            try r.finish()
        }?.contains("1 bytes after the last field") == true)
    }
}
