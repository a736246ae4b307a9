#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyEvents
import TallyStages

/// What a run does with each input before counting: skip nothing, skip a whole file that a resumed
/// snapshot already covers, skip the decoded bytes it already counted, or skip lines (`--skip-lines`
/// for standard input, whose producer may resend what was already counted).
package enum InputSkip: Equatable, Sendable {
    case none
    case whole
    case decodedBytes(Int)
    case lines(Int)
}

/// Decides, for `ingest --resume`, how each input continues from the snapshot's recorded positions,
/// so that running the same command again after a crash counts every event exactly once.
///
/// The snapshot's inputs must be the first inputs of this run, in order (more inputs may follow: they
/// are new): by name, or for a file, by any path to the same file. A file must start with the bytes
/// it started with when recorded (`FileFingerprint`) and be no smaller; a file that was read to its
/// end and has not grown is skipped whole, any other is skipped up to the decoded bytes already
/// counted (line-aligned by construction) and read on.
package struct ResumePlan: Sendable {
    package var skips: [InputSkip]
    /// The sequencer's starting positions: the snapshot's for the inputs it covers, fresh ones after.
    package var sources: [SourcePosition]
    /// The format each input is read in when it is known before reading: a resumed input read in
    /// part keeps the format it was read in (`--source auto` does not detect again from the middle of
    /// a file); nil means `--source` decides.
    package var formats: [SourceFormat?]

    /// A plan for a run that resumes from nothing: `--skip-lines` applies to standard input.
    package init(inputs: [InputSpec], identities: [String?], skipLines: Int) {
        skips = inputs.map { $0 == .standardInput && skipLines > 0 ? .lines(skipLines) : .none }
        formats = inputs.map { _ in nil }
        sources = zip(inputs, identities).map { input, id in
            SourcePosition(
                name: input.description, sizeBytes: nil, compressed: false, decodedBytesRead: 0, linesRead: 0,
                finished: false, fileID: id)
        }
    }

    /// - Throws: `IngestError` (`.cannotResume`) saying what differs and what to do.
    package init(
        resuming recorded: [SourcePosition], inputs: [InputSpec], identities: [String?], sizes: [Int?], skipLines: Int,
        format: SourceFormat = .auto
    ) throws(IngestError) {
        self.init(inputs: inputs, identities: identities, skipLines: skipLines)
        func refuse(_ why: String) -> IngestError { IngestError(.cannotResume(why)) }
        guard recorded.count <= inputs.count,
              zip(recorded, inputs).allSatisfy({ Self.isRecorded($1, as: $0.name) })
        else {
            throw refuse("""
                the snapshot was taken reading \(recorded.map(\.name)), and this run reads \(inputs.map(\.description)); \
                resume with the same inputs first (new ones may follow), or start with a new --snapshot-dir
                """)
        }
        for (i, position) in recorded.enumerated() {
            sources[i] = position
            // Standard input brings new data each run; files and followed trees go on.
            if inputs[i] != .standardInput {
                let recordedFormat = try Self.format(continuing: position, as: format)
                // Followed files each keep their own format; the input's is only the last one's.
                if !inputs[i].isFollow { formats[i] = recordedFormat }
            }
            guard case .file(let path) = inputs[i] else { continue }
            if let was = position.sizeBytes, let now = sizes[i], now < was {
                throw refuse("\(path) is smaller (\(now) bytes) than when the snapshot read it (\(was) bytes)")
            }
            if let was = position.fileID.flatMap(FileFingerprint.init(text:)),
               FileFingerprint(path: path, bytesMax: was.bytes) != was {
                throw refuse("\(path) is not the file the snapshot read (its first bytes differ: replaced or rotated); list the new file after the old ones instead")
            }
            if position.finished, position.sizeBytes != nil, position.sizeBytes == sizes[i] {
                skips[i] = .whole
            } else {
                skips[i] = .decodedBytes(position.decodedBytesRead)
                sources[i].finished = false
            }
        }
    }

    /// Whether `input` is the input the snapshot recorded as `name`: the same name, or a file path
    /// that names the same file from here as `name` does (device and inode), such as `a.ndjson` and
    /// `/data/a.ndjson`, or a symbolic link to it. The recorded name is kept for the next snapshot.
    static func isRecorded(_ input: InputSpec, as name: String) -> Bool {
        if input.description == name { return true }
        guard case .file(let path) = input else { return false }
        var now = stat(), then = stat()
        guard stat(path, &now) == 0, stat(name, &then) == 0 else { return false }
        return now.st_dev == then.st_dev && now.st_ino == then.st_ino
    }

    /// The format to read on `position` in: the recorded one, which an explicit `--source` must
    /// match once any of the input was read (another format would skip or misread the rest of it).
    private static func format(continuing position: SourcePosition, as format: SourceFormat) throws(IngestError) -> SourceFormat? {
        guard let recorded = position.format, position.decodedBytesRead > 0 || position.linesRead > 0 else { return nil }
        guard format == .auto || format == recorded else {
            throw IngestError(.cannotResume(
                "the snapshot read \(position.name) as --source \(recorded.rawValue), and this run asks for --source "
                + "\(format.rawValue); resume with --source \(recorded.rawValue) (or auto), or start with a new --snapshot-dir"))
        }
        return recorded
    }

    /// The fingerprint and size of each file input (nil for standard input or a path that cannot be
    /// read now; the reader reports the latter when it opens it).
    package static func identify(_ inputs: [InputSpec]) -> (ids: [String?], sizes: [Int?]) {
        var ids: [String?] = []
        var sizes: [Int?] = []
        for input in inputs {
            var info = stat()
            if case .file(let path) = input, stat(path, &info) == 0 {
                ids.append(FileFingerprint(path: path, bytesMax: FileFingerprint.bytesMax)?.text)
                sizes.append((info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil)
            } else {
                ids.append(nil)
                sizes.append(nil)
            }
        }
        return (ids, sizes)
    }
}
