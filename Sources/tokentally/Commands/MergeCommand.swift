import ArgumentParser
import TallyCore
import TallyStages

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the newest snapshots of several instances that read disjoint people into one snapshot.",
        discussion: """
            Sums add, id sets and people's records unite, windows are recomputed at the latest watermark. \
            The merged snapshot's header lists each part (path, sequence, watermark, input positions) and \
            the completeness watermark (the earliest part's). Parts must have the same windows, \
            pseudonymisation, dedup horizon and price table, and no person in two parts; the same \
            snapshot given twice is refused. Exit status: 1 for a part that cannot be read, 2 for parts \
            that cannot be merged, 3 when OUT_DIR cannot be written (docs/scale-out.md).
            """
    )

    @Argument(help: "Snapshot files, or directories (each one's newest valid snapshot is used); at least two.")
    var parts: [String]

    @Option(name: [.customShort("o"), .long], help: "The snapshot directory to write the merged snapshot into.")
    var output: String

    @Flag(name: .long, help: "Make a new OUT_DIR 0750 and the snapshot 0640 (instead of 0700 and 0600).")
    var groupReadable = false

    @Option(name: .long, help: "How many of OUT_DIR's newest snapshots to keep.")
    var keep = 10

    @Option(name: .long, help: "zstd level for the snapshot file (1-19), as ingest's.")
    var snapshotLevel: Int32 = 1

    func validate() throws {
        guard parts.count >= 2 else { throw ValidationError("give at least two snapshots or snapshot directories to merge") }
        guard keep >= 1 else { throw ValidationError("--keep must be at least 1") }
        guard (1...19).contains(snapshotLevel) else { throw ValidationError("--snapshot-level must be between 1 and 19") }
    }

    func run() throws {
        let merge = try SnapshotArgument.merge(parts)
        let path: String
        do {
            path = try merge.write(toDirectory: output, groupReadable: groupReadable, keep: keep, compressionLevel: snapshotLevel)
        } catch {
            Terminal.error("tokentally: \(error)")
            throw ExitCode(3)
        }
        let h = merge.header
        let complete = h.completenessWatermarkMs == Int64.min ? "no events yet in some part"
            : "complete through \(Timestamp.format(ms: h.completenessWatermarkMs))"
        Terminal.error("tokentally: merged \(h.mergedParts.count) snapshots into \(path): "
            + "\(h.counters.eventsAccepted) events, \(complete)"
            + (h.inexactTaskRuns > 0 ? "; \(h.inexactTaskRuns) tasks' calls since their latest status are not exact" : ""))
    }
}
