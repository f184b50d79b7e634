/* Word wrapping for both front ends, measured in display columns: UTF-8
 * text is broken at spaces, a wide character counts two columns, and
 * only a word wider than a whole line is cut (between characters). */
#ifndef BENTO_APP_WRAP_H
#define BENTO_APP_WRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Display columns of the first len bytes of s (a byte that is not valid
 * UTF-8, or a character that cannot be printed, counts one). */
int app_text_width(const char *s, size_t len);

/* The next line of s, at most room columns wide: returns its length in
 * bytes, trailing spaces dropped, and sets *next to where the following
 * line starts (past the spaces that ended this one; strlen(s) at the
 * end). With groups, a space inside [...] or (...) breaks a line only
 * when the group does not fit on one. Returns at least one character
 * of a non-empty s, so a loop over it always ends. */
size_t app_wrap_line(const char *s, int room, bool groups, size_t *next);

/* How many lines s takes wrapped at room columns (1 for ""). */
int app_wrap_count(const char *s, int room, bool groups);

/* Print s wrapped, its first line starting at column col of a line the
 * caller has begun, the others indented by indent spaces, none past
 * width columns; ends with a newline. */
void app_wrap_print(FILE *out, const char *s, int col, int indent, int width, bool groups);

/* The width to wrap command-line output at: the terminal's, else
 * $COLUMNS, else 80. */
int app_wrap_width(FILE *out);

#endif
