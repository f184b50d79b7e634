/* LD_PRELOAD shim for bench/filter_keystroke.sh: CLOCK_MONOTONIC runs
 * BENCH_SLOW_CLOCK times slower than real time. Under callgrind the
 * console loads 100,000 tags some 30 times slower than natively, past the
 * 20 s limit of the script mode's idle barrier; a slower clock stretches
 * that limit without touching the console. Adds a few instructions to
 * each clock_gettime call and changes nothing else. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

typedef int (*clock_fn)(clockid_t, struct timespec *);

static clock_fn real_clock(void)
{
    static clock_fn fn;
    clock_fn f = __atomic_load_n(&fn, __ATOMIC_ACQUIRE);
    if (!f) {
        f = (clock_fn)dlsym(RTLD_NEXT, "clock_gettime");
        __atomic_store_n(&fn, f, __ATOMIC_RELEASE);
    }
    return f;
}

static int64_t slow_factor(void)
{
    static int64_t factor;
    int64_t f = __atomic_load_n(&factor, __ATOMIC_ACQUIRE);
    if (!f) {
        const char *s = getenv("BENCH_SLOW_CLOCK");
        f = s ? atoll(s) : 1;
        if (f < 1)
            f = 1;
        __atomic_store_n(&factor, f, __ATOMIC_RELEASE);
    }
    return f;
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
    static int64_t base_ns[8] = {-1, -1, -1, -1, -1, -1, -1, -1}; /* per clock */
    int rc = real_clock()(id, ts);
    if (rc != 0 || (id != CLOCK_MONOTONIC && id != CLOCK_MONOTONIC_COARSE &&
                    id != CLOCK_MONOTONIC_RAW && id != CLOCK_BOOTTIME))
        return rc;
    int64_t now = (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
    int64_t expected = -1;
    __atomic_compare_exchange_n(&base_ns[id], &expected, now, false, __ATOMIC_ACQ_REL,
                                __ATOMIC_ACQUIRE);
    int64_t base = __atomic_load_n(&base_ns[id], __ATOMIC_ACQUIRE);
    int64_t scaled = base + (now - base) / slow_factor();
    ts->tv_sec = (time_t)(scaled / 1000000000);
    ts->tv_nsec = (long)(scaled % 1000000000);
    return 0;
}
