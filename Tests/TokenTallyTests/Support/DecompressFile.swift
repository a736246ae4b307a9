import Foundation
@testable import TallyCore
@testable import TallyStages

/// The decompressed bytes of a zstd file (up to 64 MiB), for looking inside snapshots.
func decompressFile(_ path: String) throws -> [UInt8] {
    let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let decoder = try ZstdDecoder()
    var output = [UInt8](repeating: 0, count: 64 << 20)
    let produced = try data.withUnsafeBytes { input in
        try output.withUnsafeMutableBytes { try decoder.decompress(input, into: $0).produced }
    }
    return Array(output[0..<produced])
}

/// Everything a snapshot holds, as text: the summary (what `zstd -dc` gives), then each section's
/// payload, decompressed (binary sections decode lossily, but their key names read as written),
/// with the insights records as NDJSON rows.
func snapshotText(_ path: String) throws -> String {
    let file = try SnapshotFile(path: path)
    var bytes = try decompressFile(path)
    // The binary sections as they are, but the insights records as NDJSON rows, so that a test can
    // look for a name as the JSON string `"name"`.
    for section in file.sections where section.kind != .insights { bytes += try file.sectionPayload(section.kind) ?? [] }
    if file.sections.contains(where: { $0.kind == .insights }) { bytes += insightNDJSON(try file.insightRows()) }
    return String(decoding: bytes, as: UTF8.self)
}
