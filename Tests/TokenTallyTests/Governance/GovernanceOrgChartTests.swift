import Foundation
import Testing
@testable import TallyEvents

/// Org chart CSV: RFC 4180 details, the header, and each error with its line number.
@Suite struct GovernanceOrgChartTests {
    private func chartError(_ csv: String) -> GovernanceError? {
        do {
            _ = try OrgChart(csv: csv, pseudonymKey: nil)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsUsersManagersAndReports() throws {
        let chart = try OrgChart(csv: "user,manager\ncarol,ann\nbob,ann\nann,\ndave,bob\n", pseudonymKey: nil)
        #expect(chart.directReports(of: "ann") == ["bob", "carol"])
        #expect(chart.directReports(of: "bob") == ["dave"])
        #expect(chart.directReports(of: "dave") == [])
        #expect(chart.directReports(of: "nobody") == [])
        #expect(chart.manager(of: "dave") == "bob")
        #expect(chart.manager(of: "ann") == nil)
        #expect(chart.manager(of: "user") == nil)  // the header is not a row
        #expect(chart.userCount == 4)
        #expect(chart.contains("ann"))
        #expect(!chart.contains("user"))
    }

    @Test func managersWithoutTheirOwnRowAreStillPeople() throws {
        let chart = try OrgChart(csv: "alice,bob\ncarol,bob", pseudonymKey: nil)  // no final newline
        #expect(chart.userCount == 3)
        #expect(chart.contains("bob"))
        #expect(chart.directReports(of: "bob") == ["alice", "carol"])
    }

    @Test func quotedFieldsFollowRFC4180() throws {
        let csv = """
            "Doe, Jane","O""Brien"
            "O""Brien",
            "multi
            line","Doe, Jane"
            plain,"Doe, Jane"
            "",x
            """
        // The last row has an empty quoted user: line 6, so the break inside quotes was counted.
        #expect(chartError(csv)?.kind == .orgChartEmptyUser(line: 6))
        let chart = try OrgChart(csv: csv.components(separatedBy: "\n").dropLast().joined(separator: "\n"), pseudonymKey: nil)
        #expect(chart.manager(of: "Doe, Jane") == "O\"Brien")
        #expect(chart.manager(of: "O\"Brien") == nil)
        #expect(chart.manager(of: "multi\nline") == "Doe, Jane")
        #expect(chart.directReports(of: "Doe, Jane") == ["multi\nline", "plain"])
        #expect(chart.userCount == 4)
    }

    @Test func aQuotedFieldMayHoldALineBreak() throws {
        let chart = try OrgChart(csv: "\"multi\nline\",boss\nother,\"a,b\"\n", pseudonymKey: nil)
        #expect(chart.manager(of: "multi\nline") == "boss")
        #expect(chart.manager(of: "other") == "a,b")
        #expect(chart.directReports(of: "boss") == ["multi\nline"])
    }

    @Test func crlfAndBlankLinesAndAByteOrderMark() throws {
        let csv = "\u{FEFF}\r\n User , MANAGER \r\n\r\nbob,ann\r\n\n  \ncarol,ann\r\n"
        // "  " on line 6 is a one-field row, not a blank line.
        #expect(chartError(csv)?.kind == .orgChartFieldCount(line: 6, fields: 1))
        let fixed = "\u{FEFF}\r\n User , MANAGER \r\n\r\nbob,ann\r\n\n\ncarol,ann\r\n"
        let chart = try OrgChart(csv: fixed, pseudonymKey: nil)
        #expect(chart.directReports(of: "ann") == ["bob", "carol"])
        #expect(chart.userCount == 3)
        #expect(chart.manager(of: "bob") == "ann")  // no stray "\r"
    }

    @Test func onlyTheFirstRowCanBeAHeader() {
        #expect(chartError("bob,ann\nuser,manager\n") == nil)  // a person called "user"
        let chart = try? OrgChart(csv: "bob,ann\nuser,manager\n", pseudonymKey: nil)
        #expect(chart?.manager(of: "user") == "manager")
    }

    @Test func ownManagerAndRepeatedRowsMeanTheTopAndNothing() throws {
        let chart = try OrgChart(csv: "ceo,ceo\nvp,ceo\nvp,ceo\n", pseudonymKey: nil)
        #expect(chart.manager(of: "ceo") == nil)
        #expect(chart.directReports(of: "ceo") == ["vp"])
        #expect(chart.userCount == 2)
    }

    @Test func wrongFieldCountsNameTheLine() {
        let three = chartError("user,manager\nbob,ann\n\ncarol,ann,extra\n")
        #expect(three?.kind == .orgChartFieldCount(line: 4, fields: 3))
        #expect(three?.description == "org chart line 4: 3 fields; each row needs exactly 2, user,manager "
            + "(quote a field that contains a comma)")
        #expect(chartError("bob,ann\r\ncarol\r\n")?.kind == .orgChartFieldCount(line: 2, fields: 1))
        #expect(chartError("bob,ann,\n")?.kind == .orgChartFieldCount(line: 1, fields: 3))
    }

    @Test func anEmptyUserNamesTheLine() {
        let error = chartError("bob,ann\n,ann\n")
        #expect(error?.kind == .orgChartEmptyUser(line: 2))
        #expect(error?.description.hasPrefix("org chart line 2: the user field is empty") == true)
        #expect(chartError("\"\",ann\n")?.kind == .orgChartEmptyUser(line: 1))
    }

    @Test func twoManagersForOneUserNameBothLines() {
        let error = chartError("bob,ann\ncarol,ann\n\nbob,dave\n")
        #expect(error?.kind == .orgChartConflictingManagers(user: "bob", firstLine: 1, firstManager: "ann", line: 4, manager: "dave"))
        #expect(error?.description == "org chart lines 1 and 4 give user 'bob' two managers, 'ann' and 'dave'; "
            + "a user has one direct manager: remove one of the rows")
        let topAndBelow = chartError("bob,\nbob,ann\n")
        #expect(topAndBelow?.kind
            == .orgChartConflictingManagers(user: "bob", firstLine: 1, firstManager: "", line: 2, manager: "ann"))
        #expect(topAndBelow?.description.contains("two managers, none and 'ann'") == true)
    }

    @Test func quoteMistakesNameTheLine() {
        #expect(chartError("bob,ann\nbo\"b,ann\n")?.kind == .orgChartSyntax(
            line: 2, problem: "a quote inside an unquoted field; quote the whole field and write the quote twice (\"\")"
        ))
        #expect(chartError("bob,ann\n\"bob\"x,ann\n")?.kind == .orgChartSyntax(
            line: 2, problem: "text after the closing quote of a field; a quote inside a quoted field is written twice (\"\")"
        ))
        #expect(chartError("bob,ann\n\ncarol,\"ann\ndave,ann\n")?.kind == .orgChartSyntax(
            line: 3, problem: "a quoted field is never closed; a quote inside a quoted field is written twice (\"\")"
        ))
    }

    @Test func spacesAroundAnUnquotedIdAreRefusedButQuotedOnesKept() throws {
        let error = chartError("bob,ann\ncarol, ann\n")
        #expect(error?.kind == .orgChartSyntax(
            line: 2, problem: "' ann' starts or ends with a space; remove it, or quote the field if it is part of the id"
        ))
        let chart = try OrgChart(csv: "carol,\" ann\"\n", pseudonymKey: nil)
        #expect(chart.manager(of: "carol") == " ann")
    }

    @Test func aFileIsReadAndNamedInErrors() throws {
        let workspace = TestWorkspace()
        let good = workspace.write("org.csv", Array("user,manager\nbob,ann\n".utf8))
        #expect(try OrgChart(contentsOfFile: good, pseudonymKey: nil).directReports(of: "ann") == ["bob"])

        let bad = workspace.write("bad.csv", Array("bob,ann\nbob,carol\n".utf8))
        do {
            _ = try OrgChart(contentsOfFile: bad, pseudonymKey: nil)
            Issue.record("expected an error")
        } catch {
            #expect(error.path == bad)
            #expect(error.description.hasPrefix("\(bad): org chart lines 1 and 2 give user 'bob' two managers"))
        }

        let latin1 = workspace.write("latin1.csv", Array("bob,ann\n".utf8) + [0x5A, 0x6F, 0xEB, 0x2C, 0x61, 0x0A])  // "Zoë" in Latin-1
        #expect(throws: GovernanceError(.orgChartSyntax(line: 2, problem: "not valid UTF-8; save the file as UTF-8"), path: latin1)) {
            try OrgChart(contentsOfFile: latin1, pseudonymKey: nil)
        }
        let missing = workspace.path + "/none.csv"
        #expect(throws: GovernanceError(.fileNotFound(.orgChart), path: missing)) {
            try OrgChart(contentsOfFile: missing, pseudonymKey: nil)
        }
        #expect(throws: GovernanceError(.fileIsDirectory(.orgChart), path: workspace.path)) {
            try OrgChart(contentsOfFile: workspace.path, pseudonymKey: nil)
        }
    }

    @Test func aPseudonymisedChartSpeaksPseudonyms() throws {
        let key = PseudonymKey(keyBytes: Array("0123456789abcdef0123456789abcdef".utf8))
        let chart = try OrgChart(csv: "user,manager\nalice@example.com,bob\nvp1,bob\nbob,\n", pseudonymKey: key)
        // Pseudonyms computed independently (Python's hmac) for this key.
        let alice = "p-841240d2a5b6654b3ae21fc4499db7b7", bob = "p-643cdfc83364b72c5248ec2d45e7cd58"
        let vp1 = "p-c50093be96248dcacde3f26071f9f5d1"
        #expect(chart.directReports(of: bob) == [vp1, alice].sorted())
        #expect(chart.manager(of: alice) == bob)
        #expect(chart.manager(of: "alice@example.com") == nil)
        #expect(chart.directReports(of: "bob") == [])
        #expect(chart.contains(bob) && !chart.contains("bob"))
        #expect(chart.userCount == 3)
        #expect(chart.keyFingerprint == key.fingerprint)
        // Errors quote the file's own ids, which is what the operator can find in it.
        let error = try #require(chartErrorKeyed("bob,ann\nbob,carol\n", key))
        #expect(error.description.contains("user 'bob' two managers, 'ann' and 'carol'"))
    }

    private func chartErrorKeyed(_ csv: String, _ key: PseudonymKey) -> GovernanceError? {
        do {
            _ = try OrgChart(csv: csv, pseudonymKey: key)
            return nil
        } catch {
            return error
        }
    }
}
