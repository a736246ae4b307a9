#ifndef TOKENTALLY_CPLATFORM_H
#define TOKENTALLY_CPLATFORM_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// Hints the CPU to start loading the cache line at `address` for writing. Swift has no prefetch
/// intrinsic; counting stages use this to overlap the cache misses of upcoming updates.
static inline __attribute__((always_inline)) void tt_prefetch_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// Hints the CPU to start loading the cache line at `address` for reading: walks that visit records
/// in an order of their own (the snapshot encoders) use this to overlap the misses of upcoming ones.
static inline __attribute__((always_inline)) void tt_prefetch_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
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

/// Lowers the calling thread's scheduling priority by `increment` nice steps. On Linux nice is per
/// thread (and the threads it starts inherit it); elsewhere this does nothing. A hint: errors are
/// ignored, and without privileges a thread cannot raise its priority again.
void tt_lower_thread_priority(int increment);

/// The CPU time the calling thread has used, in nanoseconds (0 where the clock is unavailable).
uint64_t tt_thread_cpu_ns(void);

/// The calling thread's CPU account (an opaque pointer `SystemThread` sets and reads; NULL for
/// none): a thread-local, so that the threads a thread starts can inherit its account.
void *tt_thread_account(void);
void tt_set_thread_account(void *account);

/// Makes glibc serve every allocation of `bytes` or more with its own mapping, returned to the
/// system when freed. glibc otherwise raises that threshold each time such a block is freed, after
/// which the snapshot writer's large, short-lived buffers come from the heap, and the heap's
/// resident size creeps up with fragmentation (docs/reliability.md, "Soak"). No-op elsewhere.
static inline void tt_set_mmap_threshold(int bytes) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, bytes);
#endif
}

/// Splits `count` values of `width` bytes each (`values`, back to back) into `width` byte planes:
/// byte b of value i goes to `planes[b * count + i]`. Columns of integers whose high bytes are
/// mostly equal (times, counts, indices) then hand zstd long runs, and compress smaller and faster
/// (docs/snapshot-format.md, "Byte planes"). `planes` holds `count * width` bytes and does not
/// overlap `values`.
void tt_bytes_to_planes(const uint8_t *values, size_t count, size_t width, uint8_t *planes);

/// The inverse of `tt_bytes_to_planes`: `planes` (`count * width` bytes) back into `values`.
void tt_planes_to_bytes(const uint8_t *planes, size_t count, size_t width, uint8_t *values);

#endif
