/* Terminal-safe text. UTF-8 is validated by hand so the result does not
 * depend on the process locale. */
#include "bento/sanitize.h"
#include "bento/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct writer {
    char *out;
    size_t size;
    size_t len;
    bool full; /* a token did not fit: stop for good */
};

/* Append a whole token or nothing, so truncation never splits one. */
static void put(struct writer *w, const char *tok, size_t n)
{
    if (w->full)
        return;
    if (w->size == 0 || w->len + n > w->size - 1) {
        w->full = true;
        return;
    }
    memcpy(w->out + w->len, tok, n);
    w->len += n;
}

/* Length of the valid UTF-8 sequence at s, storing its code point, or 0
 * when the byte starts none. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t k = bento_utf8_step((const char *)s, n, cp);
    return *cp == BENTO_UTF8_INVALID ? 0 : k;
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f';
}

/* The visible form of one character (or one invalid byte) into tok[8]:
 * controls and bidi controls as escapes, everything else as it is. */
static size_t render(const unsigned char *s, size_t n, uint32_t cp, char *tok)
{
    if (cp == 0x1B)
        return (size_t)snprintf(tok, 8, "\\e");
    if (cp == '\n')
        return (size_t)snprintf(tok, 8, "\\n");
    if (cp == '\t')
        return (size_t)snprintf(tok, 8, "\\t");
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
        return (size_t)snprintf(tok, 8, "\\x%02x", (unsigned)cp & 0xFFu);
    if (bento_utf8_is_bidi_control(cp))
        return (size_t)snprintf(tok, 8, "\\u%04x", (unsigned)cp);
    memcpy(tok, s, n);
    return n;
}

static size_t sanitize(const char *in, size_t len, char *out, size_t out_size, bool one_line)
{
    struct writer w = {out, out_size, 0, false};
    const unsigned char *s = (const unsigned char *)in;
    bool pending_space = false;
    size_t i = 0;

    while (in && i < len && !w.full) {
        uint32_t cp;
        char tok[9];
        size_t n = utf8_decode(s + i, len - i, &cp), t;
        if (n == 0) {
            t = (size_t)snprintf(tok + 1, 8, "\\x%02x", s[i]);
            n = 1;
        } else if (one_line && is_space(cp)) {
            pending_space = true;
            i += n;
            continue;
        } else {
            t = render(s + i, n, cp, tok + 1);
        }
        /* a squeezed space goes out together with what follows it */
        if (pending_space && w.len > 0) {
            tok[0] = ' ';
            put(&w, tok, t + 1);
        } else {
            put(&w, tok + 1, t);
        }
        pending_space = false;
        i += n;
    }
    if (out_size > 0)
        out[w.len] = '\0';
    return w.len;
}

size_t bento_sanitize(const char *in, size_t len, char *out, size_t out_size)
{
    return sanitize(in, len, out, out_size, false);
}

size_t bento_sanitize_line(const char *in, size_t len, char *out, size_t out_size)
{
    return sanitize(in, len, out, out_size, true);
}

char *bento_sanitize_dup(const char *in)
{
    size_t len = in ? strlen(in) : 0;
    /* worst case: every byte becomes a four-character \xNN */
    if (len > (SIZE_MAX - 1) / 4)
        return NULL;
    size_t size = len * 4 + 1;
    char *out = malloc(size);
    if (!out)
        return NULL;
    size_t n = bento_sanitize(in, len, out, size);
    char *shrunk = realloc(out, n + 1);
    return shrunk ? shrunk : out;
}
