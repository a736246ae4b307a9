import ArgumentParser
import TokenTally

struct PseudonymCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pseudonym",
        abstract: "Print the pseudonym of each ID under a key, to map snapshot pseudonyms back to ids you know.",
        discussion: """
            Pseudonyms are one-way: only the key holder can find whose a pseudonym is, by computing the \
            pseudonyms of candidate ids (people from a directory, open branch names) and matching them \
            against a report or a flag. Each line is the id, a tab, and its pseudonym.
            """
    )

    @Option(name: .long, help: "The key file given to ingest --pseudonymize-key.")
    var key: String

    @Option(name: .long, help: "What the ids are: person (user ids), session or task.")
    var kind: PseudonymKey.Kind = .person

    @Argument(help: "Ids to pseudonymise.")
    var ids: [String]

    func validate() throws {
        guard !ids.isEmpty else { throw ValidationError("give at least one ID") }
    }

    func run() throws {
        let pseudonymKey: PseudonymKey
        do { pseudonymKey = try PseudonymKey(contentsOfFile: key) } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(2)
        }
        let kindKey = pseudonymKey.key(for: kind)
        Terminal.output(ids.map { "\($0)\t\(kindKey.pseudonym(of: $0))\n" }.joined())
    }
}

extension PseudonymKey.Kind: ExpressibleByArgument {}
