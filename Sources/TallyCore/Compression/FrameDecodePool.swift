import CZstd

/// Decodes whole zstd frames on threads of its own, for inputs made of many independent frames
/// (`pzstd` output, separately compressed files concatenated). The reader submits frames in input
/// order and takes them back in the same order, so decoded bytes leave in input order whichever
/// thread decoded them.
///
/// Memory is bounded: at most `capacity` frames are in flight, each at most `decodedBytesMax`
/// decoded bytes plus its compressed bytes. Only the reader thread calls the methods; the pool's
/// threads touch a job only between `submit` and the moment its `isDone` is set.
package final class FrameDecodePool: @unchecked Sendable {
    package let decodedBytesMax: Int
    let capacity: Int
    private let pending: BlockingQueue<FrameDecodeJob>
    private let completion = ConditionLock()
    private var threads: [SystemThread] = []
    /// Submitted jobs, oldest first (reader only).
    private var inFlight: [FrameDecodeJob] = []
    private var spare: [FrameDecodeJob] = []

    /// - Parameters:
    ///   - threadCount: decoding threads, at least 1.
    ///   - decodedBytesMax: frames that decode to more are refused (`succeeded == false`).
    package init(threadCount: Int, decodedBytesMax: Int) {
        precondition(threadCount >= 1 && decodedBytesMax >= 1)
        self.decodedBytesMax = decodedBytesMax
        // One frame per thread being decoded, one more ready for the reader to hand on.
        capacity = threadCount + 1
        pending = BlockingQueue(capacity: capacity)
        threads = (0..<threadCount).map { i in
            SystemThread(name: "tt-unzstd-\(i)") { [pending, completion, decodedBytesMax] in
                let context = ZSTD_createDCtx()
                defer { if let context { ZSTD_freeDCtx(context) } }
                while let job = pending.pop() {
                    // Without a context the job fails, and the reader's own decoder reports why.
                    if let context { job.decode(with: context, decodedBytesMax: decodedBytesMax) }
                    completion.withLock {
                        job.isDone = true
                        completion.broadcast()
                    }
                }
            }
        }
    }

    deinit { shutDown() }

    var isEmpty: Bool { inFlight.isEmpty }
    package var isFull: Bool { inFlight.count >= capacity }

    /// Copies `frame` into a job and queues it for decoding. Call only when `!isFull`.
    package func submit(_ frame: UnsafeRawBufferPointer, inputOffset: Int, contentBytes: Int?) {
        precondition(!isFull)
        let job = spare.popLast() ?? FrameDecodeJob()
        job.load(frame, inputOffset: inputOffset, contentBytes: contentBytes)
        inFlight.append(job)
        pending.push(job)
    }

    /// The oldest submitted job once it is decoded (blocking), or nil when none is in flight.
    /// Hand it back with `recycle` after using its bytes.
    package func takeOldest(wait: Bool = true) -> FrameDecodeJob? {
        guard let job = inFlight.first else { return nil }
        let done = completion.withLock {
            if wait { completion.wait { job.isDone } }
            return job.isDone
        }
        guard done else { return nil }
        inFlight.removeFirst()
        return job
    }

    package func recycle(_ job: FrameDecodeJob) { spare.append(job) }

    /// Stops the threads after the queued jobs; idempotent.
    package func shutDown() {
        pending.close()
        for thread in threads { thread.join() }
        threads = []
    }
}
