/// One input of an ingest: a file path, standard input (`-`), or a directory followed live
/// (`--follow`: its JSONL files tailed as they grow, `DirectoryFollower`), or a Kafka topic.
public enum InputSpec: Sendable, Equatable, CustomStringConvertible {
    case standardInput
    case file(String)
    case follow(String)
    case kafka(KafkaSource)

    public init(argument: String) {
        self = argument == "-" ? .standardInput : .file(argument)
    }

    public var isFollow: Bool {
        if case .follow = self { true } else { false }
    }

    public var kafkaSource: KafkaSource? {
        if case .kafka(let source) = self { source } else { nil }
    }

    /// The input's name in snapshots and messages; a resumed run matches inputs by it.
    public var description: String {
        switch self {
        case .standardInput: "<stdin>"
        case .file(let path): path
        case .follow(let directory): "follow:\(directory)"
        case .kafka(let source): "kafka:\(source.topic)"
        }
    }
}
