import TallyCore
import TallyEvents
import TallySnapshot
import TallyStages

/// A `.json` file argument that holds one JSON document spread over lines (Gemini CLI's legacy
/// session files) is read whole and passed on as one line (`JSONDocumentFile`), standing for all of
/// the file's bytes: its position is 0 or the whole file, so a resumed run reads it again whole or
/// not at all. A document that grew since (rewritten whole) is read again whole: the records the
/// resumed run counted come again as duplicates. Any other `.json` file (NDJSON, one value per
/// line) is read line by line.
extension InputReader {
    /// Reads the current input (`fd`, a regular `.json` file, nothing of it passed on yet) whole
    /// when it holds one document, whatever a resumed run's position skips. Returns false when it
    /// is to be read line by line instead.
    /// - Complexity: O(file bytes) once; memory is the current chunk and one 64 KiB block.
    func readDocument(_ fd: Int32, sizeBytes: Int, _ input: InputSpec) -> Result<Bool, IngestError> {
        let line = UnsafeMutableRawBufferPointer(rebasing: chunk.freeSpace[0..<settings.lineBytesMax])
        let scan: JSONDocumentFile.Scan
        do {
            scan = try JSONDocumentFile.scan(fd, sizeBytes: sizeBytes, into: line, input: input.description)
        } catch {
            return .failure(error)
        }
        // A document cut off (the file ends inside it) is passed on too: it is rejected as malformed.
        guard scan.kind != .notOneDocument, scan.lineBytes > 0 else { return .success(false) }
        skipBytesRemaining = 0
        decodedOffset = scan.sourceBytes
        if scan.lineBytes > settings.lineBytesMax {
            let marker = acquireChunk()
            marker.droppedLongLines = 1
            marker.droppedLongLineBytes = scan.sourceBytes
            send(marker)
        } else {
            chunk.bytes[scan.lineBytes] = 0x0A  // room: capacity > lineBytesMax >= lineBytes
            chunk.count = scan.lineBytes + 1
            chunk.documentSourceBytes = scan.sourceBytes
            send(chunk)
            chunk = acquireChunk()
        }
        chunk.origin.endsSource = true
        send(chunk)
        chunk = nil
        return .success(true)
    }
}
