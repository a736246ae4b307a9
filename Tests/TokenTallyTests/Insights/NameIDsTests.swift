import Testing
@testable import TallyReports

/// `NameIDs` gives each name one id, in the order names are first seen, with or without a column's
/// previous name to compare against.
@Suite struct NameIDsTests {
    @Test func eachNameHasOneIDInOrderOfFirstSight() {
        var ids = NameIDs(capacity: 2)
        #expect([ids.id("bob"), ids.id("alice"), ids.id("bob"), ids.id("carol"), ids.id("alice")] == [0, 1, 0, 2, 1])
        #expect(ids.names == ["bob", "alice", "carol"])
    }

    @Test func thePreviousNameOfAColumnGivesTheSameIDs() {
        var ids = NameIDs()
        var last: (name: String, id: Int32)?
        let column = ["u1", "u1", "u2", "u1", "u2", "u2", "é", "e\u{301}"]
        let got = column.map { ids.id($0, repeating: &last) }
        var plain = NameIDs()
        #expect(got == column.map { plain.id($0) })
        #expect(last?.name == "e\u{301}")
    }
}
