#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore
import TallyEvents

/// Tails every `.jsonl`, `.ndjson` and `.json` file under a directory tree, like `tail -F` over the
/// whole tree: growing files, new files, rename rotation, copytruncate and deletion (docs/follow.md).
///
/// It hands out complete lines only, from one file per read, taking files with new data in turn.
/// It polls: `fstat` on open files every `pollIntervalMs`, a walk of the tree every
/// `rescanIntervalMs`. Memory is bounded by the number of files followed: no line is buffered here
/// (a partial line is read again once it grows), and a line longer than `lineBytesMax` is skipped as
/// its bytes are scanned.
///
/// Plain Glibc on the whole read path (opendir/readdir/lstat/open/pread/close), no Foundation.
/// Sendable only to be moved onto the reader thread; one thread uses it.
public final class DirectoryFollower: @unchecked Sendable {
    let directory: String
    let lineBytesMax: Int
    let pollNs: Int64
    let rescanNs: Int64
    let startAtEnd: Bool
    let openFilesMax: Int
    let shouldStop: () -> Bool

    /// Followed files in discovery order; `cursor` is where the round-robin looks first.
    var files: [FollowedFile] = []
    var byIdentity: [FileIdentity: FollowedFile] = [:]
    var cursor = 0
    var nextKey = 1
    /// Files forgotten but still in `files` (taken out by `purge`).
    var removedCount = 0
    /// Descriptors held, never more than `openFilesMax`.
    var openCount = 0
    /// Counts reads; a file's `lastActive` is the tick of its last read (least recently active closes first).
    var tick = 0
    var nextPollNs: Int64 = 0
    var nextRescanNs: Int64 = 0
    /// Positions to continue from when a file (by device and inode) is found: the resumed run's
    /// positions, then files forgotten during this run (a rename that a walk missed brings them back).
    var remembered: [FileIdentity: Remembered] = [:]
    var rememberedSerial = 0
    var initialScanDone = false
    /// Files found but not readable (EACCES), by identity; tried again on every walk.
    var unreadable: [FileIdentity: String] = [:]
    /// Paths that joined `unreadable` since the caller last took them (to say so once).
    var newlyUnreadable: [String] = []
    /// Paths that had a resume position: with `startAtEnd`, a different file now there is read from 0.
    var resumedPaths: Set<String> = []
    /// Scratch memory for fingerprints and the start-at-end search; never the caller's buffer.
    let scratch: UnsafeMutableRawBufferPointer

    static let fingerprintBytesMax = 1024
    static let rememberedMax = 1024
    static let scratchBytes = 64 << 10
    static let directoryDepthMax = 64
    /// Bytes skipped of one long line per read, so one huge line cannot hold up the other files.
    static let skipBytesPerRead = 64 << 20

    /// - Parameters:
    ///   - directory: the tree to follow; it must exist and be a directory now.
    ///   - lineBytesMax: longest line handed out (without its newline); longer lines are dropped.
    ///   - resumeFrom: positions from a snapshot; files are matched by device and inode (under any
    ///     path) and must still start with the same bytes.
    ///   - startAtEnd: files found now (without a resume position) are read from their last line
    ///     end; files that appear later are always read from the start.
    ///   - openFilesMax: descriptors held at most; idle files are closed and reopened by path.
    ///   - shouldStop: polled at least every `pollIntervalMs` while `next(into:)` waits.
    public init(
        directory: String, lineBytesMax: Int, pollIntervalMs: Int = 250, rescanIntervalMs: Int = 1000,
        resumeFrom: [FollowPosition] = [], startAtEnd: Bool = false, openFilesMax: Int = 64,
        shouldStop: @escaping () -> Bool
    ) throws(IngestError) {
        guard lineBytesMax > 0, pollIntervalMs > 0, rescanIntervalMs > 0, openFilesMax > 0 else {
            throw IngestError(.invalidConfiguration(
                "follow: the line limit, poll and rescan intervals and open-file limit must be positive"))
        }
        var root = directory
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        var info = stat()
        guard stat(root, &info) == 0 else {
            let code = errno
            throw IngestError(
                .cannotFollow(code == ENOENT
                    ? "no such directory; create it or pass the directory that holds the .jsonl files"
                    : SystemError.message(code)),
                input: directory)
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw IngestError(
                .cannotFollow("not a directory; --follow takes a directory, whose .jsonl, .ndjson and .json files are tailed"),
                input: directory)
        }
        guard let handle = opendir(root) else {
            let code = errno
            throw IngestError(.cannotFollow("cannot list it: \(SystemError.message(code))"), input: directory)
        }
        closedir(handle)

        self.directory = root
        self.lineBytesMax = lineBytesMax
        self.pollNs = Int64(pollIntervalMs) * 1_000_000
        self.rescanNs = Int64(rescanIntervalMs) * 1_000_000
        self.startAtEnd = startAtEnd
        self.openFilesMax = openFilesMax
        self.shouldStop = shouldStop
        self.scratch = .allocate(byteCount: Self.scratchBytes, alignment: 16)
        // Every resume position is kept for the first walk, however many there are.
        for position in resumeFrom {
            rememberedSerial += 1
            remembered[position.identity] =
                Remembered(position: position, key: nil, serial: rememberedSerial)
            resumedPaths.insert(position.path)
        }
        rescan(initial: true)
        initialScanDone = true
        // Resume positions whose file is gone are no longer reported in `positions`; the newest
        // stay remembered (bounded) in case a walk missed a renamed file.
        trimRemembered()
        let now = SystemClock.monotonicNs()
        nextPollNs = now + pollNs
        nextRescanNs = now + rescanNs
    }

    deinit {
        for file in files where file.fd >= 0 { close(file.fd) }
        scratch.deallocate()
    }

    /// Files skipped because they could not be opened (permission denied); tried again on each walk.
    public var unreadableFiles: Int { unreadable.count }
    /// Their paths, sorted, for a message.
    public var unreadablePaths: [String] { unreadable.values.sorted() }

    /// Records a file that could not be opened for lack of permission.
    func markUnreadable(_ id: FileIdentity, _ path: String) {
        if unreadable.updateValue(path, forKey: id) == nil { newlyUnreadable.append(path) }
    }

    /// Blocks (sleeping `pollIntervalMs` between polls) until some file has at least one new complete
    /// line, or a long line was dropped, then copies complete lines from one file into `buffer` (as
    /// many as fit) and says what it wrote. Returns nil once `shouldStop()` is true, or, when
    /// `waitMsMax` is given, once that long has passed with nothing to hand out (so that the caller
    /// can do idle work; `shouldStop()` tells the two apart).
    ///
    /// - Precondition: `buffer.count >= lineBytesMax + 1`.
    /// - Throws: `IngestError.readFailed` when reading a file fails (EIO and the like).
    public func next(into buffer: UnsafeMutableRawBufferPointer, waitMsMax: Int? = nil) throws(IngestError) -> FollowRead? {
        precondition(buffer.baseAddress != nil && buffer.count > lineBytesMax, "follow buffer smaller than lineBytesMax + 1")
        let giveUpNs = waitMsMax.map { SystemClock.monotonicNs() + Int64(max(0, $0)) * 1_000_000 } ?? .max
        while !shouldStop() {
            purge()
            var now = SystemClock.monotonicNs()
            if now >= nextRescanNs {
                nextRescanNs = now + rescanNs  // before the walk, which may ask for an early one
                rescan(initial: false)
            }
            if now >= nextPollNs {
                nextPollNs = now + pollNs
                poll()
            }
            purge()
            if let read = try serve(buffer) { return read }
            now = SystemClock.monotonicNs()
            if now >= giveUpNs { return nil }
            let wait = min(min(nextPollNs, nextRescanNs, giveUpNs) - now, pollNs)
            if wait > 0 {
                var duration = timespec(tv_sec: Int(wait / 1_000_000_000), tv_nsec: Int(wait % 1_000_000_000))
                nanosleep(&duration, nil)
            }
        }
        return nil
    }

    /// Every known file's position (for the snapshot), sorted by path; one per path. A file rotated
    /// away whose path now names a newer file is left out: a resumed run could not find it there.
    public var positions: [FollowPosition] {
        var byPath: [String: FollowedFile] = [:]
        for file in files where !file.removed {
            if let other = byPath[file.path] {
                let fileIsBetter = (other.missingScans > 0) != (file.missingScans > 0)
                    ? file.missingScans == 0 : file.key > other.key
                if !fileIsBetter { continue }
            }
            byPath[file.path] = file
        }
        return byPath.values.map(\.position).sorted { $0.path < $1.path }
    }

    /// Takes files with something to hand out in turn, starting after the one served last.
    private func serve(_ buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> FollowRead? {
        let count = files.count
        for step in 0..<count {
            let index = (cursor + step) % count
            let file = files[index]
            guard !file.removed, file.isReady else { continue }
            if let read = try read(file, into: buffer) {
                cursor = (index + 1) % count
                return read
            }
        }
        return nil
    }

    /// Looks at every file's size: growth, truncation, a rotated file that has gone quiet.
    private func poll() {
        for file in files where !file.removed {
            var info = stat()
            if file.fd >= 0 {
                guard fstat(file.fd, &info) == 0 else { continue }
            } else {
                // Closed (idle) files are watched by path; another file there means this one was
                // rotated away while closed: it cannot be drained any more.
                guard lstat(file.path, &info) == 0, Self.isRegularFile(info), FileIdentity(info) == file.id else {
                    forget(file)
                    nextRescanNs = 0
                    continue
                }
            }
            file.modifiedNs = Self.modificationNs(info)
            observe(file, size: Int(info.st_size), verify: false)
            if file.finalizeDue, !file.discarding, file.offset >= file.size {
                forget(file)  // rotated away or deleted, drained, quiet: close it
            }
        }
    }

    /// Takes a newly seen size: a truncation or a changed beginning starts the file over; quiet polls
    /// are counted for rotated files. `verify` checks the fingerprint even if the size is unchanged.
    func observe(_ file: FollowedFile, size: Int, verify: Bool) {
        let changed = size != file.size
        if ((changed || verify) && file.fd >= 0 && !fingerprintHolds(file, size: size)) || size < file.offset {
            startOver(file, size: size)
        }
        if size < file.scanned { file.scanned = max(file.offset, size) }
        file.size = size
        if changed {
            file.quietPolls = 0
        } else if file.scanned >= size {
            file.quietPolls += 1
        }
    }

    /// Copytruncate or a rewrite: everything is read again, and the next read says so.
    func startOver(_ file: FollowedFile, size: Int) {
        file.offset = 0
        file.scanned = 0
        file.discarding = false
        file.startedOverPending = true
        file.readsWhole = JSONDocumentFile.isDocumentName(file.path)
        file.fingerprint = FNV1a.basis
        file.fingerprintBytes = 0
        file.size = size
        if file.fd >= 0 { _ = fingerprintHolds(file, size: size) }
    }

    /// Stops following a file: closes it and remembers where it was, in case it shows up again.
    func forget(_ file: FollowedFile) {
        guard !file.removed else { return }
        file.removed = true
        removedCount += 1
        closeFile(file)
        remember(file.position, key: file.key)
    }

    func closeFile(_ file: FollowedFile) {
        guard file.fd >= 0 else { return }
        close(file.fd)
        file.fd = -1
        openCount -= 1
    }

    func remember(_ position: FollowPosition, key: Int?) {
        rememberedSerial += 1
        remembered[position.identity] =
            Remembered(position: position, key: key, serial: rememberedSerial)
        trimRemembered()
    }

    /// Keeps the newest `rememberedMax` remembered files.
    private func trimRemembered() {
        guard initialScanDone, remembered.count > Self.rememberedMax else { return }
        let oldest = remembered.sorted { $0.value.serial < $1.value.serial }.prefix(remembered.count - Self.rememberedMax)
        for (identity, _) in oldest { remembered[identity] = nil }
    }

    /// Drops forgotten files from the list, keeping the round-robin's place.
    private func purge() {
        guard removedCount > 0 else { return }
        removedCount = 0
        var kept: [FollowedFile] = []
        var keptBeforeCursor = 0
        for (index, file) in files.enumerated() {
            if file.removed {
                if byIdentity[file.id] === file { byIdentity[file.id] = nil }
                continue
            }
            if index < cursor { keptBeforeCursor += 1 }
            kept.append(file)
        }
        files = kept
        cursor = kept.isEmpty ? 0 : keptBeforeCursor % kept.count
    }
}

/// A file's size and modification time: a document rewritten whole changes at least one.
struct FileStamp: Equatable {
    var size: Int
    var modifiedNs: Int64
}

/// What is known of a file no longer (or not yet) followed.
struct Remembered {
    var position: FollowPosition
    /// Its key in this run; nil for a resumed run's positions.
    var key: Int?
    /// Insertion order, to drop the oldest beyond `rememberedMax`.
    var serial: Int
}

/// One followed file (one inode). Bytes `[offset, scanned)` are known to hold no newline: a partial
/// line not handed out yet (read again when the file grows), or, when `discarding`, the part of a
/// long line skipped so far.
final class FollowedFile {
    var path: String
    let id: FileIdentity
    let key: Int
    var fd: Int32 = -1
    /// Size at the last look.
    var size = 0
    var offset = 0
    var scanned = 0
    var discarding = false
    var fingerprint = FNV1a.basis
    var fingerprintBytes = 0
    var startedOverPending = false
    var lastActive = 0
    /// Walks in a row that did not find it (0: found at the last walk).
    var missingScans = 0
    /// Polls in a row that found it fully read and not grown.
    var quietPolls = 0
    var removed = false
    /// A `.json` file is read whole as one document, each time it changes, until it proves not to
    /// hold one (`DirectoryFollower+Document.swift`); other files are read line by line.
    var readsWhole: Bool
    /// Modification time at the last look, and the size and time of the version read whole last.
    var modifiedNs: Int64 = 0
    var wholeReadStamp: FileStamp?

    init(path: String, id: FileIdentity, key: Int) {
        self.path = path
        self.id = id
        self.key = key
        readsWhole = JSONDocumentFile.isDocumentName(path)
    }

    /// Gone from the tree (confirmed by two walks), read to the end, and quiet for a poll after that:
    /// what is left is an unterminated last line that will never be finished.
    var finalizeDue: Bool { missingScans >= 2 && quietPolls >= 2 && scanned >= size }

    var isReady: Bool { (readsWhole ? stamp != wholeReadStamp : size > scanned) || finalizeDue }

    var stamp: FileStamp { FileStamp(size: size, modifiedNs: modifiedNs) }

    var position: FollowPosition {
        FollowPosition(
            path: path, device: id.device, inode: id.inode, offset: offset,
            fingerprint: fingerprint, fingerprintBytes: fingerprintBytes)
    }
}

extension DirectoryFollower {
    static func isRegularFile(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFREG }
    static func isDirectory(_ info: stat) -> Bool { info.st_mode & S_IFMT == S_IFDIR }
    static func modificationNs(_ info: stat) -> Int64 {
        Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
    }
}
