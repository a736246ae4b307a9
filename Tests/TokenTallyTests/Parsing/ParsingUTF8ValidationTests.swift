import Testing
@testable import TallyCore

extension ParsingTests {
    /// `UTF8Validation.isValid` against RFC 3629 (hand-made tables) and against the standard
    /// library's own validating decoder as an independent oracle.
    @Suite struct UTF8ValidationTests {
        static func isValid(_ bytes: [UInt8]) -> Bool {
            // A non-nil base even for the empty input.
            var copy = bytes
            copy.append(0)
            return copy.withUnsafeBufferPointer { UTF8Validation.isValid($0.baseAddress!, count: bytes.count) }
        }

        static func oracle(_ bytes: [UInt8]) -> Bool {
            String(validating: bytes, as: UTF8.self) != nil
        }

        static let valid: [[UInt8]] = [
            [], [0x00], [0x41], [0x7F], [0xC2, 0x80], [0xC3, 0xA9], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xE2, 0x82, 0xAC],
            [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80],
            [0xF0, 0x9F, 0x98, 0x80], [0xF3, 0xBF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xEF, 0xBB, 0xBF],  // a BOM is a valid scalar
        ]

        static let invalid: [[UInt8]] = [
            [0x80], [0xBF], [0xC0, 0x80], [0xC0, 0xAF], [0xC1, 0xBF], [0xC2], [0xC2, 0x41], [0xC2, 0xC0],
            [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xE1, 0x80], [0xE1, 0x80, 0x41], [0xED, 0xA0, 0x80],
            [0xED, 0xBF, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80],
            [0xF1, 0x80, 0x80, 0x41], [0xF4, 0x90, 0x80, 0x80], [0xF4, 0xBF, 0xBF, 0xBF], [0xF5, 0x80, 0x80, 0x80],
            [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFC, 0x84, 0x80, 0x80, 0x80, 0x80], [0xFE], [0xFF],
            [0xC3, 0xA9, 0x80], [0x41, 0xC3],
        ]

        @Test(arguments: valid)
        func validSequencesAtEveryAlignment(sequence: [UInt8]) {
            for before in 0...17 {
                for after in [0, 1, 7, 8, 9] {
                    let bytes = Array(repeating: UInt8(0x61), count: before) + sequence + Array(repeating: 0x62, count: after)
                    #expect(Self.isValid(bytes), "\(before) \(sequence) \(after)")
                }
            }
        }

        @Test(arguments: invalid)
        func invalidSequencesAtEveryAlignment(sequence: [UInt8]) {
            for before in 0...17 {
                for after in [0, 1, 7, 8, 9] {
                    let bytes = Array(repeating: UInt8(0x61), count: before) + sequence + Array(repeating: 0x62, count: after)
                    #expect(!Self.isValid(bytes), "\(before) \(sequence) \(after)")
                }
            }
        }

        @Test func aSingleHighByteAnywhereInALongASCIIRunIsFound() {
            for position in 0..<64 {
                var bytes = Array(repeating: UInt8(0x7A), count: 64)
                bytes[position] = 0x80
                #expect(!Self.isValid(bytes), "\(position)")
                bytes[position] = 0x7F
                #expect(Self.isValid(bytes), "\(position)")
            }
        }

        @Test func everyOneAndTwoByteInputAgreesWithTheStandardLibrary() {
            var disagreements: [[UInt8]] = []
            for a in 0...255 {
                if Self.isValid([UInt8(a)]) != Self.oracle([UInt8(a)]) { disagreements.append([UInt8(a)]) }
                for b in 0...255 {
                    let bytes = [UInt8(a), UInt8(b)]
                    if Self.isValid(bytes) != Self.oracle(bytes) { disagreements.append(bytes) }
                }
            }
            #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
        }

        @Test func threeAndFourByteInputsOverBoundaryBytesAgreeWithTheStandardLibrary() {
            // The bytes where the rules change, and their neighbours.
            let alphabet: [UInt8] = [
                0x00, 0x41, 0x7F, 0x80, 0x81, 0x8F, 0x90, 0x9F, 0xA0, 0xA1, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC,
                0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
            ]
            var disagreements: [[UInt8]] = []
            for a in alphabet {
                for b in alphabet {
                    for c in alphabet {
                        let three = [a, b, c]
                        if Self.isValid(three) != Self.oracle(three) { disagreements.append(three) }
                        for d in alphabet {
                            let four = [a, b, c, d]
                            if Self.isValid(four) != Self.oracle(four) { disagreements.append(four) }
                        }
                    }
                }
            }
            #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
        }

        @Test func randomMixedInputsAgreeWithTheStandardLibrary() {
            let pieces: [[UInt8]] = Self.valid + Self.invalid + [[0x61], [0x20], Array("abcdefgh".utf8)]
            var state: UInt64 = 0x2545_F491_4F6C_DD1D
            func next() -> Int {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                return Int(truncatingIfNeeded: state >> 1)
            }
            var disagreements: [[UInt8]] = []
            for _ in 0..<20_000 {
                var bytes: [UInt8] = []
                for _ in 0..<(next() % 12) {
                    // Mostly valid pieces, so that long valid inputs occur.
                    let piece = next() % 4 == 0 ? pieces[next() % pieces.count] : Self.valid[next() % Self.valid.count]
                    bytes += piece
                }
                if Self.isValid(bytes) != Self.oracle(bytes) { disagreements.append(bytes) }
            }
            #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
        }

        @Test func everyScalarEncodedByTheStandardLibraryIsValid() {
            var failures: [UInt32] = []
            var value: UInt32 = 0
            while value <= 0x10FFFF {
                if let scalar = Unicode.Scalar(value) {
                    let bytes = Array(String(Character(scalar)).utf8)
                    if !Self.isValid(bytes) { failures.append(value) }
                }
                value += value < 0x1000 ? 1 : 61  // every scalar below U+1000, then a stride
            }
            for edge: UInt32 in [0xD7FF, 0xE000, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x10FFFF] {
                let bytes = Array(String(Character(Unicode.Scalar(edge)!)).utf8)
                if !Self.isValid(bytes) { failures.append(edge) }
            }
            #expect(failures.isEmpty, "\(failures.prefix(20))")
        }
    }
}
