/// Names (users, teams, models, ...) stored once as ASCII bytes in one array, so writing a name into
/// an event is a bounds-checked copy: no `String` per event.
struct WorkloadNameTable {
    private var storage: [UInt8] = []
    /// `starts[i] ..< starts[i + 1]` are the bytes of name `i`.
    private var starts: [Int] = [0]

    /// A table of the given names, which must be ASCII (they are written into JSON unescaped).
    init(names: [String]) {
        for name in names {
            precondition(name.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C })
            storage.append(contentsOf: name.utf8)
            starts.append(storage.count)
        }
    }

    /// Numbered names `prefix` + zero-padded number for `firstNumber ..< firstNumber + count`, such as
    /// `u000001`. The width grows past `minimumWidth` when the numbers need it. O(count).
    init(prefix: StaticString, firstNumber: Int, count: Int, minimumWidth: Int) {
        let width = max(minimumWidth, ByteWriter.decimalDigitCount(UInt64(max(0, firstNumber + count - 1))))
        let prefixBytes = prefix.withUTF8Buffer { Array($0) }
        storage.reserveCapacity(count * (prefixBytes.count + width))
        starts.reserveCapacity(count + 1)
        var digits = [UInt8](repeating: 0x30, count: width)
        for number in firstNumber..<(firstNumber + count) {
            var v = number
            for i in stride(from: width - 1, through: 0, by: -1) {
                digits[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
                v /= 10
            }
            storage.append(contentsOf: prefixBytes)
            storage.append(contentsOf: digits)
            starts.append(storage.count)
        }
    }

    var count: Int { starts.count - 1 }

    /// Length in bytes of the longest name, for bounding the size of a line.
    var longestNameBytes: Int {
        zip(starts.dropFirst(), starts).map { $0 - $1 }.max() ?? 0
    }

    /// Writes name `index`; with `escapingFirstByte` its first byte is spelled `\u00XX`, which a JSON
    /// parser must unescape back to the same name. O(name length).
    @inline(__always)
    func write(_ index: Int, escapingFirstByte: Bool = false, into out: inout ByteWriter) {
        var start = starts[index]
        let end = starts[index + 1]
        if escapingFirstByte, start < end {
            out.append("\\u00")
            out.appendHex(storage[start])
            start += 1
        }
        storage.withUnsafeBufferPointer { all in
            out.append(UnsafeBufferPointer(rebasing: all[start..<end]))
        }
    }
}
