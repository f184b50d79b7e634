/* LD_PRELOAD shim for bench/first_frame.sh: the wall time (CLOCK_REALTIME,
 * ns) of the first write() to the file named by BENCH_FIRST_WRITE (the
 * console's virtual terminal, BENTO_CONSOLE_TERM_OUT) goes to the file
 * named by BENCH_FIRST_WRITE_OUT. ncurses sends each frame with write(),
 * so that is when the first frame left the console. One readlink per
 * write until the first hit, nothing after it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef ssize_t (*write_fn)(int, const void *, size_t);

static bool targets(int fd)
{
    const char *want = getenv("BENCH_FIRST_WRITE");
    char link[64], path[4096];
    if (!want)
        return false;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0)
        return false;
    path[n] = '\0';
    return !strcmp(path, want);
}

static void note(void)
{
    struct timespec ts;
    const char *out = getenv("BENCH_FIRST_WRITE_OUT");
    clock_gettime(CLOCK_REALTIME, &ts);
    FILE *f = out ? fopen(out, "w") : NULL;
    if (f) {
        fprintf(f, "%lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
        fclose(f);
    }
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static write_fn real;
    static int done;
    if (!real)
        real = (write_fn)dlsym(RTLD_NEXT, "write");
    if (!__atomic_load_n(&done, __ATOMIC_ACQUIRE) && n > 0 && targets(fd) &&
        !__atomic_exchange_n(&done, 1, __ATOMIC_ACQ_REL))
        note();
    return real(fd, buf, n);
}
