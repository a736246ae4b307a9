/// Why `tokentally merge` refused its parts, naming the files involved and what to do.
public struct MergeError: Error, CustomStringConvertible {
    package enum Kind: Equatable {
        /// Fewer than two parts.
        case tooFewParts
        /// The same snapshot (same checksum) given twice: its events would count twice.
        case sameSnapshot(String, String)
        /// A setting that changes what the numbers mean differs between two parts.
        case settingDiffers(setting: String, first: String, firstValue: String, second: String, secondValue: String)
        /// A person whose events lie in two parts: their sums would count twice.
        case sharedPerson(user: String, path: String)
        /// The parts' keys do not fit in memory reserved for them.
        case tooManyKeys(Int)
    }

    package let kind: Kind

    package init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .tooFewParts:
            "merge needs at least two snapshots (files or snapshot directories)"
        case .sameSnapshot(let first, let second):
            "\(second) is the same snapshot as \(first) (same checksum): merging it twice would count its events twice; "
                + "give each instance's snapshot once"
        case .settingDiffers(let setting, let first, let firstValue, let second, let secondValue):
            "\(second) has \(setting) \(secondValue) but \(first) has \(firstValue): their numbers do not mean the same thing, "
                + "so they cannot be merged; ingest them with the same settings"
        case .sharedPerson(let user, let path):
            "user \(user) of \(path) is also in an earlier part: merged sums would count their events twice. "
                + "Merge only instances that read disjoint people (Kafka partitions keyed by user)"
        case .tooManyKeys(let keys):
            "cannot reserve memory for the parts' \(keys) keys"
        }
    }
}
