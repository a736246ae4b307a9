#ifndef TOKENTALLY_CPLATFORM_H
#define TOKENTALLY_CPLATFORM_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <pthread.h>

/// Hints the CPU to start loading the cache line at `address` for writing. Swift has no prefetch
/// intrinsic; counting stages use this to overlap the cache misses of upcoming updates.
static inline __attribute__((always_inline)) void tt_prefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// Names the calling thread (at most 15 bytes on Linux) so that `perf`, `top -H` and debuggers can
/// tell the pipeline's threads apart. Glibc's Swift module map does not export pthread_setname_np.
static inline void tt_set_thread_name(const char *name) {
#if defined(__linux__)
    pthread_setname_np(pthread_self(), name);
#elif defined(__APPLE__)
    pthread_setname_np(name);
#endif
}

#endif
