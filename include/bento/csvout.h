/* Writing CSV as RFC 4180 has it: a field holding a comma, a quote, a
 * line break or surrounding spaces is enclosed in quotes, with each quote
 * inside doubled; records end in CRLF. For exports and reject files. */
#ifndef BENTO_CSVOUT_H
#define BENTO_CSVOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Write one field, preceded by a comma unless first. */
void bento_csv_field(FILE *out, const char *s, size_t len, bool first);
/* The same for a NUL-terminated string (NULL writes an empty field). */
void bento_csv_str(FILE *out, const char *s, bool first);
/* End the record. */
void bento_csv_end(FILE *out);

#endif
