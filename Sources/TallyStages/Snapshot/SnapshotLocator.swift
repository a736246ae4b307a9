#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TallySnapshot

/// Resolves what readers are pointed at: a snapshot file, or a directory whose newest valid snapshot
/// is used. Invalid newer files are skipped with a warning naming each and why.
public enum SnapshotLocator {
    public static func open(_ path: String, warn: (String) -> Void) throws(SnapshotError) -> SnapshotFile {
        var info = stat()
        guard stat(path, &info) == 0 else { throw SnapshotError(.cannotRead(errno: errno), path: path) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return try SnapshotFile(path: path) }
        let candidates = SnapshotDirectory(path: path).snapshots()
        guard !candidates.isEmpty else { throw SnapshotError(.noSnapshots, path: path) }
        var problems: [String] = []
        for candidate in candidates {
            do {
                let file = try SnapshotFile(path: candidate.path)
                if !problems.isEmpty {
                    warn("tokentally: skipped \(problems.count) invalid snapshot(s), using \(candidate.path):\n"
                        + problems.map { "  \($0)" }.joined(separator: "\n"))
                }
                return file
            } catch {
                problems.append(error.description)
            }
        }
        throw SnapshotError(.noValidSnapshots(problems.map { "  \($0)" }.joined(separator: "\n")), path: path)
    }
}
