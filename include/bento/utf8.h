/* Stepping through UTF-8 text one character at a time, the same way
 * everywhere text is measured or drawn. */
#ifndef BENTO_UTF8_H
#define BENTO_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The code point stored for a byte that starts no valid character. */
#define BENTO_UTF8_INVALID UINT32_MAX

/* The length of the character at s (n bytes available) and its code
 * point in *cp. A byte that is not valid UTF-8 (a stray continuation,
 * an overlong form, a surrogate, above U+10FFFF, a sequence cut short)
 * is a step of one with *cp BENTO_UTF8_INVALID. Returns 0 only when n
 * is 0. */
size_t bento_utf8_step(const char *s, size_t n, uint32_t *cp);

/* Whether cp reorders the text around it on a terminal that applies the
 * Unicode bidirectional algorithm (the embedding, override and isolate
 * controls and the directional marks): such a character can make a
 * name or a URL read as something else, so it is never drawn as is. */
int bento_utf8_is_bidi_control(uint32_t cp);

#endif
