import Foundation
@testable import TokenTally

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
