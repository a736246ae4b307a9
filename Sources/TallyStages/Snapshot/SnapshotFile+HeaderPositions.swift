import TallyCore
import TallyEvents
import TallySnapshot

extension SnapshotFile {
    /// A run's input positions: `sources`, `follow` and `kafka` of `input`.
    static func decodePositions(
        _ input: JSONValue, path: String
    ) throws(SnapshotError) -> ([SourcePosition], [FollowPosition], [KafkaPosition]) {
        func bad(_ what: String) -> SnapshotError { SnapshotError(.malformed(what), path: path) }
        var sources: [SourcePosition] = [], follow: [FollowPosition] = [], kafka: [KafkaPosition] = []
        for s in input["sources"]?.array ?? [] {
            var position = SourcePosition(
                name: s["name"]?.string ?? "?", sizeBytes: s["size_bytes"]?.int, compressed: s["compressed"]?.bool ?? false,
                decodedBytesRead: s["bytes_read"]?.int ?? 0, linesRead: s["lines_read"]?.int ?? 0,
                finished: s["finished"]?.bool ?? false, fileID: s["file_id"]?.string)
            position.format = s["format"]?.string.flatMap(SourceFormat.init(rawValue:))
            sources.append(position)
        }
        for f in input["follow"]?.array ?? [] {
            guard let path = f["path"]?.string, case .number(let device)? = f["device"], case .number(let inode)? = f["inode"],
                  let device = UInt64(device), let inode = UInt64(inode), let offset = f["offset"]?.int, offset >= 0,
                  let fingerprint = f["fingerprint"]?.string.flatMap({ UInt64($0, radix: 16) }),
                  let fingerprintBytes = f["fingerprint_bytes"]?.int, fingerprintBytes >= 0
            else { throw bad("an unreadable followed file position") }
            var position = FollowPosition(
                path: path, device: device, inode: inode, offset: offset, fingerprint: fingerprint, fingerprintBytes: fingerprintBytes)
            position.linesRead = max(0, f["lines_read"]?.int ?? 0)
            follow.append(position)
        }
        for k in input["kafka"]?.array ?? [] {
            guard let topic = k["topic"]?.string, let partition = k["partition"]?.int.flatMap(Int32.init(exactly:)), partition >= 0,
                  let offset = k["offset"]?.int64, offset >= 0
            else { throw bad("an unreadable Kafka partition position") }
            let high = k["high_watermark"]?.int64.map { max($0, offset) }
            kafka.append(KafkaPosition(
                topic: topic, partition: partition, offset: offset, highWatermark: high, watermarkMs: k["watermark_ms"]?.int64))
        }
        return (sources, follow, kafka)
    }

    /// A merged snapshot's `merge` member (none in a run's snapshot).
    static func decodeMerge(_ merge: JSONValue?, into h: inout SnapshotHeader, path: String) throws(SnapshotError) {
        guard let merge else { return }
        guard let parts = merge["parts"]?.array, !parts.isEmpty else {
            throw SnapshotError(.malformed("a merged header lists no parts"), path: path)
        }
        /// An instant a reader may format: none, or within the years 0000 to 9999.
        func instant(_ value: JSONValue?) -> Int64? {
            guard let ms = value?.int64 else { return Int64.min }
            return (Timestamp.minMs...Timestamp.maxMs).contains(ms) ? ms : nil
        }
        guard let complete = instant(merge["completeness_watermark_ms"]) else {
            throw SnapshotError(.malformed("the completeness watermark lies outside the years 0000 to 9999"), path: path)
        }
        h.completenessWatermarkMs = complete
        h.inexactTaskRuns = merge["caveats"]?["task_calls_since_status"]?.int ?? 0
        for p in parts {
            guard let partPath = p["path"]?.string, let input = p["input"], let watermarkMs = instant(p["watermark_ms"]) else {
                throw SnapshotError(.malformed("an unreadable part of a merged header"), path: path)
            }
            var header = SnapshotHeader()
            header.sequence = p["sequence"]?.int ?? 0
            header.createdAtMs = p["created_at_ms"]?.int64 ?? 0
            header.watermarkMs = watermarkMs
            (header.sources, header.follow, header.kafka) = try decodePositions(input, path: path)
            h.mergedParts.append(MergedPart(path: partPath, header: header))
        }
    }
}
