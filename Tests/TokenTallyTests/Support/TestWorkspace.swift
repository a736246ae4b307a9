import Foundation
@testable import TallyCore
@testable import TallyIngest
@testable import TallyStages

/// A temporary directory per test, removed when the value is released.
final class TestWorkspace {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tokentally-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var path: String { url.path }
    var snapshotDirectory: String { url.appendingPathComponent("snapshots").path }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let file = url.appendingPathComponent(name)
        _ = FileManager.default.createFile(atPath: file.path, contents: Data(bytes))
        return file.path
    }

    @discardableResult
    func write(_ name: String, lines: [String]) -> String {
        write(name, Array(lines.map { $0 + "\n" }.joined().utf8))
    }

    /// Runs the real pipeline over `inputs` and returns its summary and the newest snapshot.
    func ingest(
        _ inputs: [String], windows: String = WindowSet.defaultList, workers: Int = 2, shards: Int = 4,
        chunkBytes: Int = 1 << 20, lineBytesMax: Int = 1 << 20, maxFutureMs: Int64 = Timestamp.msPerDay,
        decodeThreads: Int = 2, decodeFrameBytesMax: Int = 32 << 20, resume: Bool = false,
        rejectsPath: String? = nil, configure: (inout IngestConfiguration) -> Void = { _ in }
    ) throws -> (IngestSummary, SnapshotFile) {
        var configuration = IngestConfiguration(windows: try WindowSet(parsing: windows))
        configuration.inputs = inputs.map { .file($0) }
        configuration.snapshotDirectory = snapshotDirectory
        configuration.snapshotEveryMs = 0
        configuration.workerCount = workers
        configuration.shardCount = shards
        configuration.chunkBytes = chunkBytes
        configuration.lineBytesMax = lineBytesMax
        configuration.maxFutureMs = maxFutureMs
        configuration.decodeThreadCount = decodeThreads
        configuration.decodeFrameBytesMax = decodeFrameBytesMax
        configuration.resume = resume
        configuration.rejectsPath = rejectsPath
        // Costs as the input states them: the oracles compare reported costs; pricing has its own tests.
        configuration.priceTable = nil
        configure(&configuration)
        let summary = try IngestPipeline(configuration: configuration).run()
        let file = try SnapshotLocator.open(snapshotDirectory) { _ in }
        return (summary, file)
    }

    /// Convenience: ingest `lines` written to one file.
    func ingest(lines: [String], windows: String = WindowSet.defaultList) throws -> (IngestSummary, SnapshotFile) {
        try ingest([write("input-\(UUID().uuidString).ndjson", lines: lines)], windows: windows)
    }
}

extension SnapshotFile {
    /// `key -> total_tokens` for one dimension and window.
    func tokens(_ dimension: KeyDimension, _ window: String) throws -> [String: Int64] {
        Dictionary(uniqueKeysWithValues: try totals(dimension: dimension, window: window).map { ($0.key, $0.totalTokens) })
    }
}

/// Epoch milliseconds of a UTC date and time, computed with Foundation (independent of the engine).
func utcMs(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0, ms: Int = 0) -> Int64 {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let date = calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    return Int64((date.timeIntervalSince1970 * 1000).rounded()) + Int64(ms)
}

/// A usage event line with the given time (epoch ms) and tokens.
func usageLine(_ ts: Int64, user: String = "u1", team: String? = nil, model: String = "m", tokens: Int = 1) -> String {
    var fields = ["\"ts\":\(ts)", "\"user\":\"\(user)\"", "\"model\":\"\(model)\"", "\"input_tokens\":\(tokens)"]
    if let team { fields.append("\"team\":\"\(team)\"") }
    return "{" + fields.joined(separator: ",") + "}"
}
