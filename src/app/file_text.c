/* One reader for the whole text files commands take: read in steps so a
 * huge file stops at the limit without being read to its end. */
#include "app/file_text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STEP 65536

static char *refuse(struct bento_error *err, enum bento_err_kind kind, const char *name,
                    const char *why)
{
    bento_error_set(err, kind, "Cannot use %.200s: %s", name, why);
    return NULL;
}

/* Up to max + 1 bytes of fd into *buf; the length, or -1 with errno set. */
static long read_all(int fd, size_t max, char **buf)
{
    size_t len = 0, cap = 0;
    for (;;) {
        if (cap - len < STEP) {
            char *grown = realloc(*buf, cap + STEP + 1);
            if (!grown)
                return errno = ENOMEM, -1;
            *buf = grown;
            cap += STEP;
        }
        ssize_t n = read(fd, *buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        len += (size_t)n;
        if (n == 0 || len > max)
            return (long)len;
    }
}

char *app_file_text_fd(int fd, const char *name, size_t max, size_t *len, struct bento_error *err)
{
    char *buf = NULL, why[160];
    long n = read_all(fd, max, &buf);
    int saved = errno;
    if (fd != STDIN_FILENO)
        close(fd);
    if (n < 0) {
        free(buf);
        if (saved == ENOMEM)
            return refuse(err, BENTO_E_NOMEM, name, "out of memory reading it");
        snprintf(why, sizeof why, "read error (%s)", strerror(saved));
        return refuse(err, BENTO_E_IO, name, why);
    }
    if ((size_t)n > max || memchr(buf, '\0', (size_t)n)) {
        free(buf);
        if ((size_t)n <= max)
            return refuse(err, BENTO_E_IO, name, "it holds a NUL byte, so it is not text");
        snprintf(why, sizeof why, "larger than the %zu MiB a text file may hold here", max >> 20);
        return refuse(err, BENTO_E_IO, name, why);
    }
    buf[n] = '\0';
    if (len)
        *len = (size_t)n;
    return buf;
}

char *app_file_text(const char *path, size_t max, size_t *len, struct bento_error *err)
{
    int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
    if (fd < 0) {
        bento_error_set(err, BENTO_E_IO, "Cannot read %.200s: %s", path, strerror(errno));
        return NULL;
    }
    return app_file_text_fd(fd, path, max, len, err);
}
