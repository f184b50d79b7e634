/* One check per kind of value a person types or a file holds before it
 * is sent to Bento: tag names, field keys, addresses, dates and ids. The
 * command line, the console and imports all use these, so a value is
 * accepted or refused the same way wherever it comes from.
 *
 * Every check trims surrounding white space (the trimmed text is what is
 * sent), refuses an empty value, control characters (C0, DEL, C1) and
 * invalid UTF-8, then applies the kind's own rule. On success the value
 * is copied into out (size bytes, NUL-terminated) and 0 is returned; on
 * failure -1 with err set to BENTO_E_VALIDATION and a one-line message
 * naming the value (sanitised) and what is wrong. out may be NULL to
 * check only. */
#ifndef BENTO_VALIDATE_H
#define BENTO_VALIDATE_H

#include <stddef.h>

#include "bento/error.h"

#define BENTO_VALUE_MAX 256 /* bytes of a tag name, field key or id */

/* The common part, for a value with no rule of its own (an event type);
 * what names it in messages ("Event type"). */
int bento_validate_text(const char *what, const char *text, char *out, size_t size,
                        struct bento_error *err);

/* Also no comma: Bento reads a comma as a list of tags. */
int bento_validate_tag_name(const char *text, char *out, size_t size, struct bento_error *err);

/* Keys Bento accepts are free text; this refuses only what can never be
 * meant (see above) and keys past BENTO_VALUE_MAX. */
int bento_validate_field_key(const char *text, char *out, size_t size, struct bento_error *err);

/* Trimmed and lowercased (bento_email_normalize), then
 * bento_email_plausible. */
int bento_validate_email(const char *text, char *out, size_t size, struct bento_error *err);

/* ISO 8601 date or date-time, as an event's "date" (the import's rule). */
int bento_validate_date(const char *text, char *out, size_t size, struct bento_error *err);

/* A subscriber uuid (hex, dashes allowed) or a numeric id. */
int bento_validate_id(const char *text, char *out, size_t size, struct bento_error *err);

/* A site_uuid as Settings -> API Keys shows it: letters, digits, '-' or
 * '_', at most 64 characters. */
int bento_validate_site_uuid(const char *text, char *out, size_t size, struct bento_error *err);

/* For Bento's experimental checks (validate_checks.c). A domain name
 * without protocol, path or port, lowercased, a final dot dropped; an
 * IPv4 or IPv6 address; a text for moderation (up to
 * BENTO_CONTENT_MAX bytes; newlines and tabs allowed). */
#define BENTO_CONTENT_MAX 4096
int bento_validate_domain(const char *text, char *out, size_t size, struct bento_error *err);
int bento_validate_ip(const char *text, char *out, size_t size, struct bento_error *err);
int bento_validate_content(const char *text, char *out, size_t size, struct bento_error *err);

#endif
