@testable import TallySnapshot
@testable import TallyStages

/// The uncompressed payload of a section as a stage encoded it (what a reader hands the stage's
/// decoder once the frame's checksum holds).
func uncompressedPayload(_ encoded: SnapshotSectionJob.Encoded) throws -> [UInt8] {
    try encoded.payload.bytes.withUnsafeBytes { (compressed) throws(SnapshotError) in
        try SnapshotFile.decompress(compressed, limit: encoded.section.bytes, declaresLimit: true, path: "test")
    }
}
