import CPlatform

/// The process-wide allocator setting the ingest pipeline is measured with: blocks of 1 MiB or
/// more get mappings of their own, returned to the system when freed (`tt_set_mmap_threshold`).
/// A snapshot cut allocates and frees hundreds of MiB of such blocks every interval; under glibc's
/// default sliding threshold they end up in the heap, and a long run's resident memory crept up by
/// 10-20% between the middle and the end of the CI soak.
package enum AllocatorPolicy {
    /// Applied once, when the first pipeline is made.
    package static let applied: Void = tt_set_mmap_threshold(1 << 20)
}
