#include "CPlatform.h"

#include <time.h>

#if defined(__linux__)
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

// In this file, not the header: the header's system includes would clash with Glibc's module.
void tt_lower_thread_priority(int increment) {
#if defined(__linux__)
    id_t thread = (id_t)syscall(SYS_gettid);
    errno = 0;
    int current = getpriority(PRIO_PROCESS, thread);
    if (errno == 0) (void)setpriority(PRIO_PROCESS, thread, current + increment);
#else
    (void)increment;
#endif
}

uint64_t tt_thread_cpu_ns(void) {
    struct timespec t;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0) return 0;
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static _Thread_local void *tt_account;

void *tt_thread_account(void) { return tt_account; }

void tt_set_thread_account(void *account) { tt_account = account; }

// The byte-plane transposes of the snapshot sections' columns. `width` is a constant at the calls
// of the common widths, so once inlined the compiler unrolls the inner loop for each. The plane
// stores walk `width` streams forward, which the caches handle well for the section blocks'
// columns (at most 8,192 values, 64 KiB).

static inline __attribute__((always_inline)) void
transpose(const uint8_t *from, size_t count, size_t width, uint8_t *to, int toPlanes) {
    for (size_t i = 0; i < count; i++)
        for (size_t b = 0; b < width; b++) {
            if (toPlanes) to[b * count + i] = from[i * width + b];
            else to[i * width + b] = from[b * count + i];
        }
}

void tt_bytes_to_planes(const uint8_t *values, size_t count, size_t width, uint8_t *planes) {
    if (width == 8) transpose(values, count, 8, planes, 1);
    else if (width == 4) transpose(values, count, 4, planes, 1);
    else transpose(values, count, width, planes, 1);
}

void tt_planes_to_bytes(const uint8_t *planes, size_t count, size_t width, uint8_t *values) {
    if (width == 8) transpose(planes, count, 8, values, 0);
    else if (width == 4) transpose(planes, count, 4, values, 0);
    else transpose(planes, count, width, values, 0);
}
