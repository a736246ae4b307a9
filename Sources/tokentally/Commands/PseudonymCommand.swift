import ArgumentParser
import TallyEvents

struct PseudonymCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pseudonym",
        abstract: "Print the pseudonym of each ID under a key, to map snapshot pseudonyms back to ids you know.",
        discussion: """
            Pseudonyms are one-way: only the key holder can find whose a pseudonym is, by computing the \
            pseudonyms of candidate ids (people from a directory, open branch names) and matching them \
            against a report or a flag. Ids come from the arguments or, when none is given, from standard \
            input, one per line (a directory or a list of branches, kept out of the shell's history). Each \
            output line is the id, a tab, and its pseudonym.
            """
    )

    @Option(name: .long, help: "The key file given to ingest --pseudonymize-key.")
    var key: String

    @Option(name: .long, help: "What the ids are: person (user ids), session or task.")
    var kind: PseudonymKey.Kind = .person

    @Argument(help: "Ids to pseudonymise; none to read them from standard input, one per line.")
    var ids: [String] = []

    func run() throws {
        let pseudonymKey: PseudonymKey
        do { pseudonymKey = try PseudonymKey(contentsOfFile: key) } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(2)
        }
        let kindKey = pseudonymKey.key(for: kind)
        if !ids.isEmpty {
            Terminal.output(ids.map { "\($0)\t\(kindKey.pseudonym(of: $0))\n" }.joined())
            return
        }
        while let id = readLine(strippingNewline: true) {
            Terminal.output("\(id)\t\(kindKey.pseudonym(of: id))\n")
        }
    }
}

extension PseudonymKey.Kind: ExpressibleByArgument {}
