/// A sink that gives up (`SnapshotAbandoned`) at its next write once `abandon` says so: the
/// writer's thread stops at the next megabyte of summary or chunk of a section it writes.
package struct AbandonableSink<Base: SnapshotSink>: SnapshotSink {
    let base: Base
    let abandon: @Sendable () -> Bool

    package init(_ base: Base, abandon: @escaping @Sendable () -> Bool) {
        self.base = base
        self.abandon = abandon
    }

    package func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        if abandon() { throw SnapshotAbandoned() }
        try base.write(bytes, at: offset)
    }
}
