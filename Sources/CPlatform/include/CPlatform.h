#ifndef TOKENTALLY_CPLATFORM_H
#define TOKENTALLY_CPLATFORM_H

/// Hints the CPU to start loading the cache line at `address` for writing. Swift has no prefetch
/// intrinsic; counting stages use this to overlap the cache misses of upcoming updates.
static inline __attribute__((always_inline)) void tt_prefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
