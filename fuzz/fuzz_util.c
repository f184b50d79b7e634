#include "fuzz_util.h"
#include "bento/utf8.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void fuzz_fail(const char *file, int line, const char *cond, const char *what)
{
    fprintf(stderr, "%s:%d: broken promise: %s (%s)\n", file, line, what, cond);
    abort();
}

char *fuzz_str(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    FUZZ_CHECK(s != NULL, "out of memory in the harness");
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

size_t fuzz_split(const uint8_t *data, size_t size, char **parts, size_t max)
{
    size_t n = 0, start = 0;
    for (size_t i = 0; i < max; i++)
        parts[i] = NULL;
    while (n < max && start <= size) {
        const uint8_t *nul = n + 1 < max ? memchr(data + start, 0, size - start) : NULL;
        size_t end = nul ? (size_t)(nul - data) : size;
        parts[n++] = fuzz_str(data + start, end - start);
        if (!nul)
            break;
        start = end + 1;
    }
    return n;
}

void fuzz_parts_free(char **parts, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        free(parts[i]);
        parts[i] = NULL;
    }
}

/* Length of the valid UTF-8 sequence at s, or 0 (written apart from
 * sanitize.c so that a bug there is not repeated here). */
static size_t utf8_len(const unsigned char *s, size_t n, unsigned long *cp)
{
    unsigned char c = s[0];
    size_t need = c < 0x80                 ? 1
                  : c >= 0xC2 && c <= 0xDF ? 2
                  : c >= 0xE0 && c <= 0xEF ? 3
                  : c >= 0xF0 && c <= 0xF4 ? 4
                                           : 0;
    if (need == 0 || need > n)
        return 0;
    unsigned long v = need == 1 ? c : c & (0x7F >> need);
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    static const unsigned long min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[need] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return need;
}

/* The text in C notation, so the offending byte shows. */
static void dump(const unsigned char *p, size_t len, size_t at)
{
    fprintf(stderr, "text (%zu bytes, bad at %zu): \"", len, at);
    for (size_t i = 0; i < len && i < 512; i++)
        fprintf(stderr, p[i] >= 0x20 && p[i] < 0x7F && p[i] != '"' ? "%c" : "\\x%02x", p[i]);
    fprintf(stderr, "\"\n");
}

void fuzz_check_terminal_safe(const char *s, size_t len, const char *allow, const char *what)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        unsigned long cp = 0;
        size_t n = utf8_len(p + i, len - i, &cp);
        bool control = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
                       bento_utf8_is_bidi_control((uint32_t)cp);
        if (n == 0 || (control && !(cp != 0 && allow && strchr(allow, (int)cp)))) {
            dump(p, len, i);
            fuzz_fail(__FILE__, __LINE__, n == 0 ? "valid UTF-8" : "no control character", what);
        }
        i += n;
    }
}

void fuzz_check_terminal_str(const char *s, const char *allow, const char *what)
{
    if (s)
        fuzz_check_terminal_safe(s, strlen(s), allow, what);
}

static char tmpdir[4096];

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(path);
}

static void remove_tmpdir(void)
{
    if (tmpdir[0])
        nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fuzz_tmpdir(void)
{
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/bento-fuzz-XXXXXX", base && *base ? base : "/tmp");
        FUZZ_CHECK(mkdtemp(tmpdir) != NULL, "cannot create a temporary directory");
        atexit(remove_tmpdir);
    }
    return tmpdir;
}

char *fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
    const char *dir = fuzz_tmpdir();
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    FUZZ_CHECK(path != NULL, "out of memory in the harness");
    snprintf(path, n, "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FUZZ_CHECK(fd >= 0, "cannot write a temporary file");
    for (size_t done = 0; done < size;) {
        ssize_t w = write(fd, data + done, size - done);
        FUZZ_CHECK(w > 0, "cannot write a temporary file");
        done += (size_t)w;
    }
    close(fd);
    return path;
}
