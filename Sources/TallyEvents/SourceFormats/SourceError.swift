/// Errors in how a source is described on the command line (`--source`, `--map`, `--ts-unit`).
/// Faults in the data itself are never errors: they are counted rejections or skips.
public struct SourceError: Error, CustomStringConvertible {
    package enum Kind {
        case invalidMap(String, String)
        case mapWithoutMappedSource(SourceFormat)
        case mappedSourceWithoutMap
    }

    package let kind: Kind

    package init(_ kind: Kind) { self.kind = kind }

    public var description: String {
        switch kind {
        case .invalidMap(let argument, let why):
            "--map \(argument): \(why)"
        case .mapWithoutMappedSource(let format):
            "--map describes a custom source, and --source is \(format.rawValue); drop --source or use --source map"
        case .mappedSourceWithoutMap:
            "--source map needs at least one --map field=json.path (e.g. --map user=actor.email)"
        }
    }
}
