import Foundation
import Testing

/// A mock Kafka cluster for a test: `scripts/kafka-mock` (librdkafka's mock brokers) started as a
/// process, stopped with SIGTERM when the value is released, and `kcat` to produce to it.
final class KafkaMock {
    /// librdkafka-dev and kcat are installed (scripts/install-deps; CI installs them): the Kafka
    /// tests are skipped, with this said, only when they are not.
    static let available = FileManager.default.fileExists(atPath: "/usr/include/librdkafka/rdkafka_mock.h")
        && (try? which("kcat")) != nil
    static let missing: Comment = "librdkafka-dev or kcat is not installed (scripts/install-deps installs them)"

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/kafka-mock")

    let topic: String
    let bootstrap: String
    private let process = Process()
    private let commands = Pipe()
    private let answers = Pipe()

    init(topic: String, partitions: Int, brokers: Int = 3) throws {
        self.topic = topic
        process.executableURL = Self.script
        process.arguments = ["--brokers", String(brokers), "--topic", topic, "--partitions", String(partitions)]
        process.standardOutput = answers
        process.standardInput = commands
        try process.run()
        // The first line is the bootstrap address; the first use compiles the helper first.
        bootstrap = try Self.readLine(answers)
        guard bootstrap.contains(":") else { throw MockError(message: "kafka-mock printed no address") }
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    /// Takes broker `broker` (1...brokers) down: its connections close and it accepts none until `up`.
    /// It leads the partitions P with P mod brokers + 1 == broker (scripts/kafka-mock.c sets that).
    func down(broker: Int) throws { _ = try command("down \(broker)") }

    func up(broker: Int) throws { _ = try command("up \(broker)") }

    /// The offsets `group` has committed for each partition of the topic (-1001 where it has none).
    func committed(group: String) throws -> [Int64] {
        try command("committed \(group)").map { line in
            let fields = line.split(separator: " ")
            guard fields.count == 2, let offset = Int64(fields[1]) else { throw MockError(message: "kafka-mock answered '\(line)'") }
            return offset
        }
    }

    /// Sends one command to the mock (scripts/kafka-mock.c) and returns its answer's lines before "ok".
    private func command(_ text: String) throws -> [String] {
        commands.fileHandleForWriting.write(Data((text + "\n").utf8))
        var lines: [String] = []
        while true {
            let line = try Self.readLine(answers)
            if line == "ok" { return lines }
            if line.hasPrefix("error") || line.isEmpty { throw MockError(message: "kafka-mock: '\(text)': \(line)") }
            lines.append(line)
        }
    }

    /// One line of the mock's stdout, byte by byte (so that nothing after it is read ahead and lost).
    private static func readLine(_ pipe: Pipe) throws -> String {
        var line = Data()
        while let byte = try pipe.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data([0x0A]) {
            line.append(byte)
        }
        return String(decoding: line, as: UTF8.self)
    }

    /// Produces each line of `path` as one message; with `keyed`, lines are `KEY:VALUE` and the
    /// key picks the partition (librdkafka's default partitioner: the same key, the same partition).
    func produce(_ path: String, keyed: Bool, partition: Int? = nil) throws {
        let process = try startProducing(path, keyed: keyed, partition: partition)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw MockError(message: "kcat -P exited with \(process.terminationStatus)") }
    }

    /// Starts kcat producing `path` and returns at once: it ends when every message is delivered
    /// (it waits for a broker that is down to come back). `quiet` drops its stderr (its complaints
    /// about a broker the test took down).
    func startProducing(_ path: String, keyed: Bool, partition: Int? = nil, quiet: Bool = false) throws -> Process {
        let process = Process()
        if quiet { process.standardError = FileHandle.nullDevice }
        process.executableURL = try Self.which("kcat")
        // Idempotent, as producers that key by person should be: a batch retried after a broker
        // restart cannot land behind a later one, so each person's events stay in order.
        process.arguments = ["-P", "-b", bootstrap, "-t", topic, "-X", "enable.idempotence=true", "-l", path] + (keyed ? ["-K:"] : [])
            + (partition.map { ["-p", String($0)] } ?? [])
        try process.run()
        return process
    }

    /// `ingest` arguments that read this topic.
    func arguments(_ extra: [String] = []) -> [String] {
        ["ingest", "--kafka-brokers", bootstrap, "--kafka-topic", topic, "--quiet", "--prices", "none"] + extra
    }

    private static func which(_ name: String) throws -> URL {
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
            return URL(fileURLWithPath: directory + "/" + name)
        }
        throw MockError(message: "\(name) not found")
    }

    struct MockError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// `user:line` for each line of a generated stream, the user unescaped (Kafka keys by person).
func keyedByUser(_ stream: Data) throws -> [String] {
    try String(decoding: stream, as: UTF8.self).split(separator: "\n").map { line in
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        return ((object?["user"] as? String) ?? "") + ":" + line
    }
}
