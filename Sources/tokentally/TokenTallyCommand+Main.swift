import ArgumentParser

extension TokenTallyCommand {
    /// ArgumentParser's `main()`, except that bad options exit 2 as documented (its own code is
    /// EX_USAGE, 64) and that its messages, which quote the arguments, are escaped like every other
    /// message (`Terminal.error`). Help exits 0 on stdout as before.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            exit(withError: code)  // the command has said why
        } catch {
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if !message.isEmpty {
                if code == .success { Terminal.output(message + "\n") } else { Terminal.error(message, keepingLineFeeds: true) }
            }
            exit(withError: code == .validationFailure ? ExitCode(usageErrorStatus) : code)
        }
    }

    /// The exit status for bad options and arguments (README, `ingest --help`).
    static let usageErrorStatus: Int32 = 2
}
