/* Shared by the compose*.c files: a growable text buffer, the Liquid
 * tag reader, and the spam-trigger tests. Not public API. */
#ifndef BENTO_COMPOSE_INTERNAL_H
#define BENTO_COMPOSE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bento/compose.h"

/* ---- text buffer: on a failed allocation `failed` is set and later
 * appends do nothing, so callers check once at the end. ---- */
struct cbuf {
    char *data; /* NUL-terminated once anything was appended */
    size_t len, cap;
    bool failed;
};

void cbuf_add(struct cbuf *b, const char *s, size_t n);
void cbuf_addc(struct cbuf *b, char c);
void cbuf_adds(struct cbuf *b, const char *s);
/* Append code point cp as UTF-8. */
void cbuf_add_utf8(struct cbuf *b, uint32_t cp);
/* Hand over the text (never NULL unless failed); the buffer is reset. */
char *cbuf_take(struct cbuf *b);
void cbuf_free(struct cbuf *b);

/* ---- Liquid ---- */
#define LIQUID_NAME_MAX 128

struct liquid_tag {
    size_t start, end;          /* the whole {{ ... }} is text[start, end) */
    char name[LIQUID_NAME_MAX]; /* "" when the tag names no variable */
    bool has_default;
    const char *def; /* the default filter's quoted text, or NULL */
    size_t def_len;
};

/* Find the next output tag at or after *pos, skipping {% raw %} and
 * {% comment %} blocks. Sets *pos past it. False when there is none. */
bool liquid_next(const char *text, size_t *pos, struct liquid_tag *tag);

/* Substitute c's personalizations into text. With mark, a tag left as
 * written is wrapped in MARK_OPEN/MARK_CLOSE, and those two bytes are
 * dropped from the text and the values first, so marks are unambiguous. */
#define MARK_OPEN '\x01'
#define MARK_CLOSE '\x02'
char *compose_substitute(const struct bento_compose *c, const char *text, bool mark);

/* html -> readable text with marks kept (not yet sanitised); links are
 * raw URLs. */
int compose_html_render(const char *html, struct cbuf *text, char ***links, size_t *nlinks);

/* Sanitise rendered text line by line, turning marks into spans. */
char *compose_finish_text(const char *raw, bool one_line, struct bento_span **spans,
                          size_t *nspans);

/* ---- spam triggers ---- */
/* The first emoji in s (its byte offset), or -1. */
long compose_find_emoji(const char *s);
/* The shortener host of the first URL in text that goes through one
 * (static string), or NULL; *url_start gets the URL's offset. */
const char *compose_find_shortener(const char *text, size_t *url_start);
/* The shortener host if url goes through one, else NULL. */
const char *compose_url_shortener(const char *url);

/* ---- recipients ---- */
/* c->to normalised (trimmed, lowercased), c->to_count copies. */
char **compose_normalized_to(const struct bento_compose *c);
/* keep[i] = false for every repeat of an earlier item. Returns the number
 * of repeats, or (size_t)-1 when out of memory. */
size_t compose_mark_unique(char *const *items, size_t n, bool *keep);

/* Trim ASCII whitespace: a copy (allocated) of s without it. */
char *compose_trimdup(const char *s, size_t n);

#endif
