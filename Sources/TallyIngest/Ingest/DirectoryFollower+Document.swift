import TallyCore
import TallyEvents
import TallySnapshot
import TallyStages

/// Following a `.json` file that holds one JSON document (Gemini CLI's legacy session files): it is
/// rewritten whole, so each version is read whole, made one line (`JSONDocumentFile`), and handed
/// out as a file that starts over (the consumer resets what it keeps for the file, and the records
/// it read before come again as duplicates). A version caught half written is not handed out: the
/// file is read again at its next change.
extension DirectoryFollower {
    /// Reads `file` whole when it changed since its last whole read. Clears `readsWhole` (and
    /// returns nil) when the file turns out not to hold one document: it is then read line by line
    /// from its offset.
    func readWhole(_ file: FollowedFile, into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> FollowRead? {
        guard file.stamp != file.wholeReadStamp else {
            if file.finalizeDue { forget(file) }  // gone, and its last version was read (or never finished)
            return nil
        }
        file.wholeReadStamp = file.stamp
        let line = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<lineBytesMax])
        let scan = try JSONDocumentFile.scan(file.fd, sizeBytes: file.size, into: line, input: file.path)
        switch scan.kind {
        case .notOneDocument:
            file.readsWhole = false
            return nil
        case .unfinished:
            return nil  // being written: read again when it changes
        case .document:
            break
        }
        // A version after the first replaces it: the consumer starts the file over.
        if file.offset > 0 { file.startedOverPending = true }
        file.offset = scan.sourceBytes
        file.scanned = scan.sourceBytes
        file.fingerprint = FNV1a.basis
        file.fingerprintBytes = 0
        _ = fingerprintHolds(file, size: scan.sourceBytes)
        if scan.lineBytes > lineBytesMax {
            return made(file, start: scan.sourceBytes, byteCount: 0, dropped: (1, scan.sourceBytes))
        }
        buffer[scan.lineBytes] = 0x0A  // room: buffer.count > lineBytesMax >= lineBytes
        var read = made(file, start: 0, byteCount: scan.lineBytes + 1, dropped: (0, 0))
        read.documentBytes = scan.sourceBytes
        return read
    }
}
