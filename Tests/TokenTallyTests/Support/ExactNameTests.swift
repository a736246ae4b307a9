import Testing
@testable import TallyCore

/// `ExactName` tells names apart by their bytes, whatever Swift's `String` equality (canonical
/// equivalence) says, and agrees with itself whatever the strings' representations.
@Suite struct ExactNameTests {
    static let composed = "jos\u{E9}", decomposed = "jose\u{301}"

    @Test func canonicallyEquivalentNamesAreTwo() {
        #expect(Self.composed == Self.decomposed)  // as Swift strings
        #expect(ExactName(Self.composed) != ExactName(Self.decomposed))
        #expect(Set([ExactName(Self.composed), ExactName(Self.decomposed)]).count == 2)
        #expect(!Self.composed.isBytewiseEqual(to: Self.decomposed))
        // Byte order: "e" (65) before "é" (C3 A9).
        #expect(ExactName(Self.decomposed) < ExactName(Self.composed))
        #expect(ExactName("Zed") < ExactName("ann") && !(ExactName("ann") < ExactName("ann")))
    }

    /// Small strings (held in the value) and large ones (in storage), the same bytes made apart (other
    /// storage) or copied (shared storage): equal, and hashed alike, exactly when their bytes are.
    @Test(arguments: [3, 15, 16, 40, 300])
    func equalBytesAreEqualWhateverTheRepresentation(length: Int) {
        let text = String(repeating: "é", count: length / 2) + String(repeating: "x", count: length % 2)
        let rebuilt = String(decoding: Array(text.utf8), as: UTF8.self), copy = text
        let names = [ExactName(text), ExactName(rebuilt), ExactName(copy)]
        for a in names {
            for b in names {
                #expect(a == b)
                #expect(a.hashValue == b.hashValue)
            }
        }
        var other = Array(text.utf8)
        other[other.count - 1] ^= 1
        let changed = ExactName(String(decoding: other, as: UTF8.self))
        #expect(changed != names[0] && !text.isBytewiseEqual(to: changed.text))
        #expect(ExactName(text + "y") != names[0])
        #expect(ExactName("") == ExactName(String()) && ExactName("") != names[0])
    }
}
