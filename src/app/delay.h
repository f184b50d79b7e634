/* A sequence email's delay as a person types it ("3 days", "1 hour"),
 * turned into the delay_interval and delay_interval_count Bento takes
 * (bento-api.md 3.7 #16). Both front ends read it the same way. */
#ifndef BENTO_APP_DELAY_H
#define BENTO_APP_DELAY_H

#include "bento/error.h"

#define APP_DELAY_COUNT_MAX 999

struct app_delay {
    const char *unit; /* "minutes", "hours", "days" or "months" (static) */
    long count;       /* 1..APP_DELAY_COUNT_MAX */
};

/* "N UNIT": a count 1-999, then minutes, hours, days or months, plural
 * or singular, any case, spaces around. Returns 0, or -1 with err set
 * to BENTO_E_VALIDATION and a one-line message. */
int app_delay_parse(const char *text, struct app_delay *out, struct bento_error *err);

#endif
