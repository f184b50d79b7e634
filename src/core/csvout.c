/* RFC 4180 output: quote only where a reader needs it. */
#include "bento/csvout.h"

#include <string.h>

static bool needs_quotes(const char *s, size_t len)
{
    if (len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t'))
        return true;
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return true;
    return false;
}

void bento_csv_field(FILE *out, const char *s, size_t len, bool first)
{
    if (!first)
        fputc(',', out);
    if (!needs_quotes(s, len)) {
        fwrite(s, 1, len, out);
        return;
    }
    fputc('"', out);
    for (const char *end = s + len; s < end;) {
        const char *q = memchr(s, '"', (size_t)(end - s));
        size_t n = q ? (size_t)(q - s) + 1 : (size_t)(end - s);
        fwrite(s, 1, n, out);
        if (q)
            fputc('"', out);
        s += n;
    }
    fputc('"', out);
}

void bento_csv_str(FILE *out, const char *s, bool first)
{
    bento_csv_field(out, s ? s : "", s ? strlen(s) : 0, first);
}

void bento_csv_end(FILE *out)
{
    fputs("\r\n", out);
}
