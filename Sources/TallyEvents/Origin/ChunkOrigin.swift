/// Where a chunk's lines came from and how far reading them got: set by the reader, carried
/// unchanged from the chunk to the batch parsed from it, and recorded by the sequencer as the
/// input's position (what `--resume` continues from).
package struct ChunkOrigin: Sendable {
    /// The input (an index into the run's inputs).
    package var sourceIndex = 0
    /// Decoded bytes of the input consumed up to the end of this chunk.
    package var decodedOffsetEnd = 0
    package var sizeBytes: Int?
    package var compressed = false
    /// The input's format, once decided (nil until the first data of the input).
    package var format: SourceFormat?
    /// The last chunk of its input.
    package var endsSource = false
    /// The last chunk of the whole run: it has no lines, and the sequencer always cuts a snapshot there.
    package var isFinal = false
    /// For `--follow`: the file these lines came from and its position after them (nil otherwise).
    package var follow: FollowPosition?
    /// The file starts over (it was truncated): its line count starts again.
    package var followStartedOver = false
    /// A chunk without lines that records where a file continues from a resumed run's position (the
    /// follower matched it by identity and first bytes), so its line count carries on.
    package var followResumed = false
    /// For a Kafka input: the partition and offsets of this chunk's messages (nil otherwise, and for
    /// a chunk without messages).
    package var kafka: KafkaSpan?
    /// Whether a periodic snapshot may be cut after this chunk: not after the chunks that announce a
    /// Kafka run's partitions, but the last, so that no cut lists only some of them.
    package var mayEndCut = true

    package init() {}
}
