/* The growable text buffer the compose files build their output in. */
#include "compose_internal.h"

#include <stdlib.h>
#include <string.h>

static bool grow(struct cbuf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) {
            b->failed = true;
            return false;
        }
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void cbuf_add(struct cbuf *b, const char *s, size_t n)
{
    if (!grow(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void cbuf_addc(struct cbuf *b, char c)
{
    cbuf_add(b, &c, 1);
}

void cbuf_adds(struct cbuf *b, const char *s)
{
    cbuf_add(b, s, strlen(s));
}

void cbuf_add_utf8(struct cbuf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    cbuf_add(b, u, n);
}

char *cbuf_take(struct cbuf *b)
{
    char *out = NULL;
    if (!b->failed)
        out = b->data ? b->data : strdup("");
    else
        free(b->data);
    memset(b, 0, sizeof *b);
    return out;
}

void cbuf_free(struct cbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static bool ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

char *compose_trimdup(const char *s, size_t n)
{
    while (n > 0 && ascii_space(*s)) {
        s++;
        n--;
    }
    while (n > 0 && ascii_space(s[n - 1]))
        n--;
    char *out = malloc(n + 1);
    if (out) {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}
