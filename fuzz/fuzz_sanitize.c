/* Any bytes through bento_sanitize, bento_sanitize_line and
 * bento_sanitize_dup. The output must be valid UTF-8 with no control
 * byte and so no escape sequence (newline and tab never appear raw: they
 * are written as \n and \t, or squeezed to spaces on one line), must fit
 * the buffer, and a smaller buffer must give a prefix of the full text
 * that ends on a whole character or escape. */
#include <stdlib.h>
#include <string.h>

#include "bento/sanitize.h"
#include "fuzz_util.h"

typedef size_t (*sanitize_fn)(const char *in, size_t len, char *out, size_t out_size);

static void check_one(sanitize_fn fn, const char *in, size_t len, bool one_line)
{
    size_t full_size = len * 4 + 1;
    char *full = malloc(full_size);
    FUZZ_CHECK(full != NULL, "out of memory in the harness");
    size_t n = fn(in, len, full, full_size);
    FUZZ_CHECK(n < full_size && full[n] == '\0' && strlen(full) == n,
               "the length returned is the text's");
    fuzz_check_terminal_safe(full, n, NULL, "sanitised text is safe on a terminal");
    if (one_line)
        FUZZ_CHECK(n == 0 || (full[0] != ' ' && full[n - 1] != ' ' && !strstr(full, "  ")),
                   "one line is trimmed and its whitespace squeezed");

    /* every smaller buffer: a prefix, cut between tokens */
    for (size_t size = 1; size <= n + 1 && size < 64; size++) {
        char cut[64];
        size_t m = fn(in, len, cut, size);
        FUZZ_CHECK(m < size && cut[m] == '\0', "truncated text fits its buffer");
        FUZZ_CHECK(m <= n && memcmp(cut, full, m) == 0, "truncated text is a prefix");
        fuzz_check_terminal_safe(cut, m, NULL, "truncated text is safe on a terminal");
    }
    free(full);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data;
    check_one(bento_sanitize, in, size, false);
    check_one(bento_sanitize_line, in, size, true);

    /* the allocating form reads up to the first NUL and agrees */
    char *s = fuzz_str(data, size), *dup = bento_sanitize_dup(s);
    FUZZ_CHECK(dup != NULL, "sanitize_dup only fails for lack of memory");
    size_t want_size = strlen(s) * 4 + 1;
    char *want = malloc(want_size);
    FUZZ_CHECK(want != NULL, "out of memory in the harness");
    bento_sanitize(s, strlen(s), want, want_size);
    FUZZ_CHECK(strcmp(dup, want) == 0, "sanitize_dup matches sanitize");
    free(want);
    free(dup);
    free(s);
    return 0;
}
