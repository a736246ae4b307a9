import Foundation
import Testing

/// Runs the built `tokentally` executable, as users do, for end-to-end tests.
enum BinaryRunner {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The executable SwiftPM built beside the test bundle (override with TOKENTALLY_BIN).
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["TOKENTALLY_BIN"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent("tokentally")
    }

    /// The executable and arguments that run `arguments` as `nobody` when the tests run as root (as
    /// CI does), for whom file permissions hold; unchanged otherwise.
    static func unprivileged(_ arguments: [String]) -> (executable: URL, arguments: [String]) {
        guard getuid() == 0 else { return (executable, arguments) }
        return (URL(fileURLWithPath: "/usr/bin/setpriv"),
                ["--reuid=65534", "--regid=65534", "--clear-groups", executable.path] + arguments)
    }

    /// The standard output of a run expected to succeed (exit 0, else the test fails with its stderr).
    static func output(_ arguments: [String], in workspace: TestWorkspace) throws -> String {
        let run = try run(arguments, in: workspace)
        #expect(run.status == 0, "\(arguments.joined(separator: " ")): \(run.stderr)")
        return run.stdoutText
    }

    /// Runs with stdout and stderr captured through files (no pipe deadlock on large output).
    static func run(
        _ arguments: [String], stdinPath: String? = nil, in workspace: TestWorkspace, executable: URL = executable,
        workingDirectory: String? = nil
    ) throws -> Result {
        try start(arguments, stdinPath: stdinPath, in: workspace, executable: executable, workingDirectory: workingDirectory)
            .finish()
    }

    /// Runs each of `commands`, two at a time (the machines that run the tests have 2 cores or
    /// more), and returns their results in order.
    static func runAll(_ commands: [[String]], in workspace: TestWorkspace) throws -> [Result] {
        try stride(from: 0, to: commands.count, by: 2).flatMap { first in
            try commands[first..<min(first + 2, commands.count)].map { try start($0, in: workspace) }.map { try $0.finish() }
        }
    }

    /// A started process whose stdout and stderr go to files in the workspace.
    struct Started {
        let process: Process
        let outURL: URL
        let errURL: URL
        let out: FileHandle
        let err: FileHandle

        /// Waits for the process and reads its output (the files are removed).
        func finish() throws -> Result {
            process.waitUntilExit()
            try out.close()
            try err.close()
            defer {
                try? FileManager.default.removeItem(at: outURL)
                try? FileManager.default.removeItem(at: errURL)
            }
            return Result(
                status: process.terminationStatus, stdout: try Data(contentsOf: outURL),
                stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
        }
    }

    static func start(
        _ arguments: [String], stdinPath: String? = nil, in workspace: TestWorkspace, executable: URL = executable,
        workingDirectory: String? = nil
    ) throws -> Started {
        let process = Process()
        process.executableURL = executable
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.arguments = arguments
        let outURL = workspace.url.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errURL = workspace.url.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        if let stdinPath { process.standardInput = FileHandle(forReadingAtPath: stdinPath) }
        try process.run()
        return Started(process: process, outURL: outURL, errURL: errURL, out: out, err: err)
    }
}
