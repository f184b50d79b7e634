/* A plausible-syntax check for email addresses, made before any request
 * so a typo costs no API call. Deliberately loose: Bento decides what it
 * accepts; this only catches what can never be an address. */
#ifndef BENTO_EMAIL_H
#define BENTO_EMAIL_H

#include <stdbool.h>
#include <stddef.h>

/* local@domain.tld: no spaces or control characters, one '@', a local
 * part of 1-64 bytes, a domain of dot-separated labels (letters, digits,
 * hyphens, not at a label's ends; UTF-8 allowed) with a final label of at
 * least two letters, 254 bytes at most in all. When not plausible and
 * why is non-NULL, *why names the problem ("missing @", ...). */
bool bento_email_plausible(const char *s, const char **why);

/* Trim surrounding whitespace and lowercase ASCII letters in place, as
 * the official Bento CLI does before sending. Returns s. */
char *bento_email_normalize(char *s);

#endif
