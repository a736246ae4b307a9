#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallyCore
import TallyEvents

/// Walking the tree: which files are followed, new files, renames, rotation and deletion.
extension DirectoryFollower {
    struct FoundFile {
        var path: String
        var id: FileIdentity
    }

    static func isFollowedName(_ name: String) -> Bool {
        name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") || name.hasSuffix(".json")
    }

    /// Regular files with a followed name under the directory; hidden entries and symbolic links
    /// are skipped. `complete` is false when some directory could not be listed for a reason other
    /// than having vanished (then files not found may still exist, and are not given up).
    func walk() -> (found: [FoundFile], complete: Bool) {
        var found: [FoundFile] = []
        var complete = true
        var visited: Set<FileIdentity> = []
        var pending: [(path: String, depth: Int)] = [(directory, 0)]
        while let (dir, depth) = pending.popLast() {
            guard let handle = opendir(dir) else {
                if errno != ENOENT && errno != ENOTDIR { complete = false }
                continue
            }
            var info = stat()
            // Bind mounts can make a loop even without following links: list each directory once.
            if fstat(dirfd(handle), &info) == 0, !visited.insert(FileIdentity(info)).inserted {
                closedir(handle)
                continue
            }
            let prefix = dir == "/" ? "/" : dir + "/"
            while true {
                errno = 0
                guard let entry = readdir(handle) else {
                    if errno != 0 { complete = false }
                    break
                }
                // d_name is a fixed-size, NUL-terminated C array inside the entry.
                let name = withUnsafePointer(to: &entry.pointee.d_name) {
                    String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
                }
                if name.hasPrefix(".") { continue }  // hidden, and "." and ".."
                let type = Int32(entry.pointee.d_type)
                // Most file systems give the type: skip lstat for links and unfollowed names.
                if type == Int32(DT_LNK) { continue }
                if type == Int32(DT_REG), !Self.isFollowedName(name) { continue }
                if type != Int32(DT_REG) && type != Int32(DT_DIR) && type != Int32(DT_UNKNOWN) { continue }
                let path = prefix + name
                guard lstat(path, &info) == 0 else { continue }
                if Self.isDirectory(info) {
                    if depth < Self.directoryDepthMax { pending.append((path, depth + 1)) }
                } else if Self.isRegularFile(info), Self.isFollowedName(name) {
                    found.append(FoundFile(path: path, id: FileIdentity(info)))
                }
            }
            closedir(handle)
        }
        return (found, complete)
    }

    /// Walks the tree: follows new files, notes renames, and marks files no longer found. A file
    /// missing from two walks in a row, once drained, is closed and forgotten.
    func rescan(initial: Bool) {
        let (found, complete) = walk()
        var seen: Set<FileIdentity> = []
        for entry in found.sorted(by: { $0.path < $1.path }) {
            guard seen.insert(entry.id).inserted else { continue }  // a hard link: followed once
            if let file = byIdentity[entry.id], !file.removed {
                file.path = entry.path  // unchanged, or renamed within the tree: read on
                file.missingScans = 0
                continue
            }
            discover(entry, initial: initial)
        }
        unreadable = unreadable.filter { seen.contains($0.key) }
        guard complete else { return }
        for file in files where !file.removed && !seen.contains(file.id) {
            // readdir can miss an entry renamed during the walk; the recorded path still naming
            // this file counts as found.
            var info = stat()
            if lstat(file.path, &info) == 0, Self.isRegularFile(info), FileIdentity(info) == file.id {
                file.missingScans = 0
                continue
            }
            if file.fd < 0 {
                forget(file)  // closed while idle, so there is nothing left to drain
            } else {
                file.missingScans += 1  // rotated away or deleted: drained through the descriptor
            }
        }
    }

    /// Starts following a file found by a walk.
    private func discover(_ entry: FoundFile, initial: Bool) {
        if openCount >= openFilesMax, !closeLeastRecentlyActive(except: nil) { return }  // next walk
        let fd = Self.openForReading(entry.path)
        if fd < 0 {
            if errno == EACCES || errno == EPERM { markUnreadable(entry.id, entry.path) }
            return  // gone since the walk, or out of descriptors: the next walk tries again
        }
        var info = stat()
        guard fstat(fd, &info) == 0, Self.isRegularFile(info), FileIdentity(info) == entry.id else {
            close(fd)
            return
        }
        unreadable[entry.id] = nil
        let size = Int(info.st_size)
        let known = remembered.removeValue(forKey: entry.id)
        // A known file reads on (under its old key); another file under a reused inode number, or
        // one rewritten since, fails the check and is read from 0 as a new file.
        let continuing = known.map { continues(fd: fd, size: size, from: $0.position) } ?? false
        let file = FollowedFile(path: entry.path, id: entry.id, key: continuing ? known?.key ?? takeKey() : takeKey())
        file.fd = fd
        openCount += 1
        file.size = size
        file.modifiedNs = Self.modificationNs(info)
        file.lastActive = tick
        if let known, continuing {
            file.offset = known.position.offset
            file.scanned = file.offset
            file.fingerprint = known.position.fingerprint
            file.fingerprintBytes = known.position.fingerprintBytes
            // A document read whole by the resumed run, unchanged since: nothing new in it.
            if file.offset == size, size > 0 { file.wholeReadStamp = file.stamp }
        } else if known == nil, initial, startAtEnd, !resumedPaths.contains(entry.path) {
            startAtLastLineEnd(file)
            file.wholeReadStamp = file.stamp  // a document's version found now counts as read
        }
        _ = fingerprintHolds(file, size: size)  // take (or grow) the fingerprint
        files.append(file)
        byIdentity[entry.id] = file
    }

    private func takeKey() -> Int {
        defer { nextKey += 1 }
        return nextKey
    }

    /// Whether a file may be read on from a recorded position: it is at least that long and its
    /// first bytes are those the fingerprint was taken over.
    private func continues(fd: Int32, size: Int, from position: FollowPosition) -> Bool {
        guard position.offset >= 0, position.offset <= size,
              (0...Self.fingerprintBytesMax).contains(position.fingerprintBytes),
              position.fingerprintBytes <= size
        else { return false }
        guard RegularFile.readFully(fd, scratch.baseAddress!, position.fingerprintBytes, at: 0) == position.fingerprintBytes
        else { return false }
        return FNV1a.hash(UnsafeRawBufferPointer(rebasing: scratch[0..<position.fingerprintBytes])) == position.fingerprint
    }

    /// `startAtEnd`: skips to just after the file's last newline. The unfinished line after it is
    /// read when finished; if it is already longer than the line limit it is skipped instead.
    private func startAtLastLineEnd(_ file: FollowedFile) {
        let size = file.size
        let searched = min(size, lineBytesMax + 1)  // a newline further back would make a long line
        var end = size
        while end > size - searched {
            let count = min(scratch.count, end - (size - searched))
            guard RegularFile.readFully(file.fd, scratch.baseAddress!, count, at: end - count) == count else { break }
            if let last = UnsafeRawBufferPointer(rebasing: scratch[0..<count]).lastIndex(of: 0x0A) {
                file.offset = end - count + last + 1
                file.scanned = file.offset
                return
            }
            end -= count
        }
        if size <= lineBytesMax {
            file.offset = 0  // one short unfinished line: all of it is still to come
            file.scanned = 0
        } else {
            // Already too long: skip it, reporting the part from here on when its newline arrives.
            file.offset = size - searched
            file.scanned = size
            file.discarding = true
        }
    }

    /// Makes room for one more descriptor: closes the open file read least recently, unless it is
    /// rotated away (only its descriptor still reaches it) or is `except`.
    func closeLeastRecentlyActive(except keep: FollowedFile?) -> Bool {
        var oldest: FollowedFile?
        for file in files where file.fd >= 0 && !file.removed && file.missingScans == 0 && file !== keep {
            if oldest == nil || file.lastActive < oldest!.lastActive { oldest = file }
        }
        guard let oldest else { return false }
        closeFile(oldest)
        return true
    }

    /// O_NOFOLLOW: a link swapped in after the walk is not followed. O_NONBLOCK: a FIFO swapped in
    /// cannot block the open (regular files ignore the flag).
    static func openForReading(_ path: String) -> Int32 {
        open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
    }
}
