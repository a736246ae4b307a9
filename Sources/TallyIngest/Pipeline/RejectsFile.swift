#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore
import TallyEvents

/// The rejects file: rejected lines with where they were and why, so that a producer's bugs can be
/// found and fixed. One JSON object per line:
///
/// `{"input":"logs/a.zst","line":1234,"reason":"invalid_ts","bytes":301,"text":"{\"ts\":\"yesterday\",..."}`
///
/// `line` counts from 1 within its input; a Kafka message has `topic`, `partition` and `offset` in
/// its place. `text` is the line's first 512 bytes (invalid UTF-8 shown
/// as U+FFFD). Bounded twice: at most `limit` lines per run (`RejectsWriter` reserves them), and per
/// ~1 MiB chunk only its first 1,024 rejected lines are sampled (every rejected line is still counted
/// in the snapshot and summary). Without `keepsText` (a pseudonymised run: the text would hold raw
/// user ids), `text` is left out. Created at the first rejected line (mode `fileMode`; an existing
/// file keeps its mode) and opened for appending, so a resumed run adds to it. A symbolic link or
/// anything but a regular file at the path is refused, so a planted link cannot direct the lines
/// elsewhere.
final class RejectsFile {
    let path: String
    let limit: Int
    let keepsText: Bool
    let fileMode: mode_t
    /// Lines that reached the file: a failed write counts only the whole lines before the failure.
    private(set) var written = 0
    private var fd: Int32 = -1

    init(path: String, limit: Int, keepsText: Bool = true, fileMode: mode_t) {
        self.path = path
        self.limit = limit
        self.keepsText = keepsText
        self.fileMode = fileMode
    }

    deinit { if fd >= 0 { close(fd) } }

    /// The first `lines` of `batch`'s sampled rejected lines as rejects-file lines. `firstLine` is
    /// the 1-based line number, within its input, of the batch's first line; for a Kafka batch,
    /// `kafka` holds its first message's position, and a line's number is its offset after that one.
    func format(_ batch: EventBatch, lines: Int, input: String, firstLine: Int, kafka: KafkaPosition? = nil) -> [UInt8] {
        var out = JSONOutput(capacity: lines * 256)
        for sample in batch.rejectSamples.prefix(lines) {
            out.raw("{\"input\":")
            out.string(input)
            if let kafka {
                out.raw(",\"topic\":")
                out.string(kafka.topic)
                out.member("partition", Int(kafka.partition))
                out.member("offset", kafka.offset + Int64(sample.line))
            } else {
                out.member("line", firstLine + sample.line)
            }
            out.raw(",\"reason\":\"")
            out.raw(sample.reason.name)
            out.raw("\"")
            out.member("bytes", sample.lineBytes)
            if keepsText {
                out.raw(",\"text\":")
                let text = batch.rejectText[sample.textStart..<sample.textStart + sample.textCount]
                out.string(String(decoding: text, as: UTF8.self))
            }
            out.raw("}\n")
        }
        return Array(out.bytes)
    }

    /// Appends whole lines (`format`'s output), creating the file first if needed.
    func append(_ all: [UInt8], lines: Int) throws(IngestError) {
        if fd < 0 { try open() }
        let (sent, code) = all.withUnsafeBytes { RegularFile.appendFully(fd, $0) }
        if let code {
            written += all[..<sent].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw IngestError(.rejectsFileFailed(errno: code), input: path)
        }
        written += lines
    }

    private func open() throws(IngestError) {
        do {
            fd = try RegularFile.open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW, mode: fileMode)
        } catch {
            switch error {
            case .system(let code): throw IngestError(.rejectsFileFailed(errno: code), input: path)
            case .notRegular(let kind): throw IngestError(.rejectsFileRefused(kind: kind), input: path)
            }
        }
    }
}
