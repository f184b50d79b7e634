/* "3 days" -> {"days", 3}; the units and range Bento accepts. */
#include "app/delay.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bento/validate.h"

static const char *const units[] = {"minutes", "hours", "days", "months"};

static const char *skip_spaces(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return s;
}

/* The unit for a word: the plural, or the plural without its final s. */
static const char *unit_of(const char *word, size_t len)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t n = strlen(units[i]);
        if ((len == n || len == n - 1) && !strncasecmp(word, units[i], len))
            return units[i];
    }
    return NULL;
}

static int refuse(const char *text, struct bento_error *err)
{
    bento_error_set(err, BENTO_E_VALIDATION,
                    "Delay \"%.60s\" is not N UNIT: give a count from 1 to %d and minutes, "
                    "hours, days or months, like \"3 days\"",
                    text, APP_DELAY_COUNT_MAX);
    return -1;
}

int app_delay_parse(const char *text, struct app_delay *out, struct bento_error *err)
{
    char clean[BENTO_VALUE_MAX];
    if (bento_validate_text("Delay", text, clean, sizeof clean, err) < 0)
        return -1; /* empty, control characters, not UTF-8 */
    const char *s = clean;
    if (!isdigit((unsigned char)*s))
        return refuse(clean, err);
    char *end;
    long count = strtol(s, &end, 10);
    const char *word = skip_spaces(end);
    size_t len = 0;
    while (isalpha((unsigned char)word[len]))
        len++;
    const char *unit = unit_of(word, len);
    if (!unit || *skip_spaces(word + len) || count < 1 || count > APP_DELAY_COUNT_MAX)
        return refuse(clean, err);
    out->unit = unit;
    out->count = count;
    return 0;
}
