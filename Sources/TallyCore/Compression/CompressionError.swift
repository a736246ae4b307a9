/// Failures of libzstd, with where in the compressed input they happened.
public struct CompressionError: Error, CustomStringConvertible {
    private enum Kind {
        case corrupt(String)
        case truncated
        case contextUnavailable
        case compressFailed(String)
    }

    private let kind: Kind
    /// Bytes of compressed input consumed before the failure.
    public let compressedOffset: Int

    public var description: String {
        switch kind {
        case .corrupt(let reason):
            "corrupt zstd data near compressed byte offset \(compressedOffset): \(reason)"
        case .truncated:
            "zstd stream is truncated: input ended inside a frame at compressed byte offset \(compressedOffset)"
        case .contextUnavailable:
            "libzstd could not allocate a (de)compression context"
        case .compressFailed(let reason):
            "zstd compression failed: \(reason)"
        }
    }

    static func corrupt(_ reason: String, at offset: Int) -> Self { .init(kind: .corrupt(reason), compressedOffset: offset) }
    package static func truncated(at offset: Int) -> Self { .init(kind: .truncated, compressedOffset: offset) }
    static let contextUnavailable = Self(kind: .contextUnavailable, compressedOffset: 0)
    static func compressFailed(_ reason: String) -> Self { .init(kind: .compressFailed(reason), compressedOffset: 0) }
}
