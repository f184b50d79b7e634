/* Make untrusted text (server strings, file contents) safe to draw on a
 * terminal: control characters and escape sequences become visible
 * escapes, invalid UTF-8 becomes \xNN, valid UTF-8 passes through. */
#ifndef BENTO_SANITIZE_H
#define BENTO_SANITIZE_H

#include <stddef.h>

/* Write the sanitised form of in[0..len) into out (always NUL-terminated,
 * truncated on a character boundary). ESC is shown as "\e", newline as
 * "\n", tab as "\t", other C0/C1 controls and DEL as "\xNN", the bidi
 * controls (bento_utf8_is_bidi_control) as "\uNNNN".
 * Returns the length written. */
size_t bento_sanitize(const char *in, size_t len, char *out, size_t out_size);

/* Same, allocating; returns NULL only when out of memory. */
char *bento_sanitize_dup(const char *in);

/* Collapse to one line: like bento_sanitize but newlines and tabs become
 * single spaces and runs of whitespace are squeezed. */
size_t bento_sanitize_line(const char *in, size_t len, char *out, size_t out_size);

#endif
