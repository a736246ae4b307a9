import Foundation
import Testing
@testable import TallyCore
@testable import TallyEvents
@testable import TallySnapshot
@testable import TallyStages
@testable import TallyIngest
@testable import TallyReports
@testable import TallyWorkload

/// The byte-level routine that makes a JSON document spread over lines one line: whitespace goes
/// outside strings only, the first value's end is found, and the text may arrive cut anywhere.
@Suite struct JSONCompactorTests {
    /// Compacts `text` fed in pieces of `piece` bytes into a buffer of `capacity` bytes.
    static func compact(_ text: String, piece: Int = .max, capacity: Int = 1 << 16) -> (JSONCompactor, String) {
        let bytes = Array(text.utf8)
        let output = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
        defer { output.deallocate() }
        var compactor = JSONCompactor()
        bytes.withUnsafeBytes { all in
            var start = 0
            repeat {
                let end = min(all.count, start + max(1, min(piece, all.count)))
                compactor.compact(UnsafeRawBufferPointer(rebasing: all[start..<end]), into: output)
                start = end
            } while start < all.count && !compactor.trailingContent
        }
        let written = min(compactor.compactedBytes, capacity)
        return (compactor, String(decoding: UnsafeRawBufferPointer(rebasing: output[0..<written]), as: UTF8.self))
    }

    @Test func removesWhitespaceOutsideStringsOnly() {
        let text = "{\n  \"a b\": [ 1,\t2 ],\r\n  \"c\": \"x  \\\" { [ \\\\\",\n  \"d\": { }\n}"
        let (state, line) = Self.compact(text)
        #expect(line == #"{"a b":[1,2],"c":"x  \" { [ \\","d":{}}"#)
        #expect(state.valueEnded && !state.trailingContent && state.startsWithContainer && !state.lineBreakInString)
        #expect(state.compactedBytes == line.utf8.count)
    }

    @Test func theSameLineWhereverTheTextIsCut() throws {
        let text = try String(contentsOfFile: SourceFixtureTests.fixture("gemini-cli-legacy-pretty-v1.json"), encoding: .utf8)
        let (_, whole) = Self.compact(text)
        #expect(!whole.contains("\n"))
        // The same value as the pretty-printed document, on one line.
        #expect(JSONValue.parse(whole) != nil)
        #expect(JSONValue.parse(whole) == JSONValue.parse(text))
        for piece in [1, 2, 3, 7, 64] {
            #expect(Self.compact(text, piece: piece).1 == whole, "pieces of \(piece) bytes")
        }
    }

    @Test func findsTheEndOfTheFirstValue() {
        #expect(Self.compact("{\"a\": [1,\n").0.valueEnded == false)  // cut off mid-write
        #expect(Self.compact("{\"a\": \"}").0.valueEnded == false)  // a bracket inside a string
        #expect(Self.compact("").0.started == false)
        let two = Self.compact("{\"a\":1}\n{\"a\":2}\n")
        #expect(two.0.valueEnded && two.0.trailingContent)
        #expect(two.1 == #"{"a":1}"#)  // scanning stopped at the second value
        let trailingSpace = Self.compact("[1]\n \n")
        #expect(trailingSpace.0.valueEnded && !trailingSpace.0.trailingContent)
        #expect(Self.compact("42").0.startsWithContainer == false)
    }

    @Test func aLineBreakInsideAStringIsRecorded() {
        #expect(Self.compact("{\"a\": \"x\ny\"}").0.lineBreakInString)
        #expect(Self.compact("{\"a\": \"x\\\ny\"}").0.lineBreakInString)  // a backslash before it
        #expect(Self.compact("{\"a\": \"x\\ny\"}").0.lineBreakInString == false)  // the escape is fine
    }

    @Test func countsWhatDoesNotFitWithoutWritingIt() {
        let (state, line) = Self.compact("{ \"abc\" : 1 }", capacity: 4)
        #expect(line == #"{"ab"#)
        #expect(state.compactedBytes == 9)
        #expect(state.valueEnded)
    }
}
